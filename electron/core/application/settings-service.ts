import type { ActivityInput } from './activity-log';
import { copyFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import type { RequestOf } from '../../../shared/ipc/contract';
import type { TenantSettingsView } from '../../../shared/ipc/settings-schemas';
import { AppError } from '../errors';
import { resolveCloud } from '../graph/clouds';
import type { TenantSettings } from '../graph/connection';
import { memoryStore, type CacheStore } from '../graph/token-cache';
import type { SecretStore } from './secret-store';

const SECRET = 'client-secret';
const CERTIFICATE = 'client-certificate';

/** Non-secret settings as saved on disk. */
const StoredSettings = z.object({
  tenantId: z.string().default(''),
  clientId: z.string().default(''),
  auth: z.enum(['secret', 'certificate', 'person']).default('secret'),
  certificateName: z.string().nullable().default(null),
  cloud: z.enum(['global', 'usgov', 'usgovdod', 'china', 'custom']).default('global'),
  authorityHost: z.string().default(''),
  graphEndpoint: z.string().default(''),
  configTags: z.array(z.string()).default([]),
  lastTag: z.string().nullable().default(null),
  watch: z
    .object({ folder: z.string().nullable(), enabled: z.boolean(), groupTag: z.string(), register: z.boolean() })
    .default({ folder: null, enabled: false, groupTag: '', register: false }),
});
/** Non-secret settings. */
export type StoredSettings = z.infer<typeof StoredSettings>;

/** The stored credential is bound to these: changing any of them asks for the secret or certificate again. */
export const CREDENTIAL_BOUND = ['tenantId', 'clientId', 'cloud', 'authorityHost', 'graphEndpoint'] as const;

/** What saving the tenant settings changed (for the activity log). */
export interface TenantSaveOutcome {
  /** Names of the credential-bound settings that changed. */
  changed: string[];
  /** Sign-in host and Graph root before and after, as the engine would use them. */
  endpointsBefore: string;
  endpointsAfter: string;
  /** True when a stored secret or certificate was removed because the tenant, app or endpoints changed. */
  credentialDropped: boolean;
}

/** What a tenant save means for the activity log: endpoints that changed, a credential that must be entered again. */
export function tenantSaveEntries(saved: TenantSaveOutcome): ActivityInput[] {
  return [
    ...(saved.endpointsBefore !== saved.endpointsAfter
      ? [
          {
            action: 'Endpoints changed',
            serial: '',
            groupTag: '',
            outcome: 'warning' as const,
            detail: `From ${saved.endpointsBefore} to ${saved.endpointsAfter}`,
          },
        ]
      : []),
    ...(saved.credentialDropped
      ? [
          {
            action: 'Credential removed',
            serial: '',
            groupTag: '',
            outcome: 'warning' as const,
            detail: `${saved.changed.join(', ')} changed: enter the client secret or choose the certificate again.`,
          },
        ]
      : []),
  ];
}

/** "sign-in https://login.microsoftonline.com, Graph https://graph.microsoft.com" for a set of settings. */
export function endpointsOf(s: Pick<StoredSettings, 'cloud' | 'authorityHost' | 'graphEndpoint'>): string {
  try {
    const resolved = resolveCloud({
      cloud: s.cloud,
      ...(s.authorityHost ? { authorityHost: s.authorityHost } : {}),
      ...(s.graphEndpoint ? { graphEndpoint: s.graphEndpoint } : {}),
    });
    return `sign-in ${resolved.authorityHost}, Graph ${resolved.graphEndpoint}`;
  } catch {
    return `sign-in ${s.authorityHost || '(none)'}, Graph ${s.graphEndpoint || '(none)'}`;
  }
}

function lastGood(file: string): string {
  return `${file}.last-good`;
}

/** The settings in a file, or whether it is missing or unreadable. */
async function readSettingsFile(file: string): Promise<StoredSettings | 'missing' | 'damaged'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'damaged';
  }
  try {
    const parsed = StoredSettings.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'damaged';
  } catch {
    return 'damaged';
  }
}

/** The settings the console keeps: plain values in a JSON file, secrets in the secret store. */
export class SettingsService {
  private settings: StoredSettings = StoredSettings.parse({});
  private secretStored = false;
  /** Where a person's token cache lives (the host sets a sealed file in Electron; memory otherwise). */
  personCache: CacheStore = memoryStore();

  private constructor(
    private readonly file: string | null,
    readonly secrets: SecretStore,
  ) {}

  /** Said once at start when settings.json could not be read (the console then started with its last good copy). */
  notice: string | null = null;

  /**
   * Loads settings: defaults when the file is missing; when it is damaged (cut short by a crash or a full
   * disk), the last good copy, kept beside it on every successful load and save. The damaged file is kept
   * as settings.json.damaged, and `notice` says what happened.
   */
  static async open(file: string | null, secrets: SecretStore): Promise<SettingsService> {
    const service = new SettingsService(file, secrets);
    if (file) await service.load(file);
    service.secretStored = (await secrets.get(SECRET)) !== null;
    return service;
  }

  private async load(file: string): Promise<void> {
    const current = await readSettingsFile(file);
    if (current === 'missing') return;
    if (current !== 'damaged') {
      this.settings = current;
      await copyFile(file, lastGood(file)).catch(() => undefined);
      return;
    }
    await rename(file, `${file}.damaged`).catch(() => undefined);
    const backup = await readSettingsFile(lastGood(file));
    if (backup === 'missing' || backup === 'damaged') {
      this.notice = `${basename(file)} could not be read (damaged or cut short) and no earlier copy was kept: started with default settings. The damaged file is kept as ${basename(file)}.damaged.`;
      return;
    }
    this.settings = backup;
    const savedAt = (await stat(lastGood(file))).mtime.toISOString();
    this.notice = `${basename(file)} could not be read (damaged or cut short): started with its last good copy (saved ${savedAt}). The damaged file is kept as ${basename(file)}.damaged.`;
    await this.persist();
  }

  /** Settings that live in memory only (tests, and hosts without a state folder). */
  static inMemory(secrets: SecretStore): SettingsService {
    return new SettingsService(null, secrets);
  }

  /** Current non-secret settings. */
  get current(): Readonly<StoredSettings> {
    return this.settings;
  }

  /** What the renderer may see: never the secret or the key, only whether they are stored. */
  view(): TenantSettingsView {
    const { tenantId, clientId, auth, certificateName, cloud, authorityHost, graphEndpoint, configTags } =
      this.settings;
    return {
      tenantId,
      clientId,
      auth,
      secretStored: this.secretStored,
      certificateName,
      cloud,
      authorityHost,
      graphEndpoint,
      configTags,
    };
  }

  /** True when the tenant is configured completely enough to connect. */
  tenantReady(): boolean {
    const s = this.settings;
    const credential =
      s.auth === 'person' ? true : s.auth === 'secret' ? this.secretStored : s.certificateName !== null;
    const endpoints = s.cloud !== 'custom' || (s.authorityHost !== '' && s.graphEndpoint !== '');
    return s.tenantId !== '' && s.clientId !== '' && credential && endpoints;
  }

  /**
   * Saves the tenant settings; a secret given here is encrypted and never returned. A stored secret or
   * certificate is sent only where it was entered for: when the tenant, the app or the endpoints change, it
   * is removed unless a new one comes with the change.
   */
  async saveTenant(request: RequestOf<'settings:set'>): Promise<TenantSaveOutcome> {
    if (request.cloud === 'custom' && (!request.authorityHost || !request.graphEndpoint)) {
      throw new AppError('bad-input', 'A custom cloud needs both an authority host and a Graph endpoint (https URLs).');
    }
    if (request.certificatePem !== undefined && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(request.certificatePem)) {
      throw new AppError('bad-input', 'The certificate file must be PEM with the certificate and its private key.');
    }
    const before = this.settings;
    const next = {
      tenantId: request.tenantId.trim(),
      clientId: request.clientId.trim(),
      cloud: request.cloud,
      authorityHost: request.authorityHost,
      graphEndpoint: request.graphEndpoint,
    };
    const changed = CREDENTIAL_BOUND.filter((key) => before[key] !== next[key]);
    let credentialDropped = false;
    if (changed.length > 0) {
      if (request.secret === undefined && this.secretStored) credentialDropped = true;
      if (request.certificatePem === undefined && before.certificateName !== null) credentialDropped = true;
      await this.secrets.delete(SECRET);
      this.secretStored = false;
      // A person's sign-in belongs to the tenant, app and endpoints it was made with.
      await this.personCache.clear();
      if (request.certificatePem === undefined) {
        await this.secrets.delete(CERTIFICATE);
        this.settings = { ...this.settings, certificateName: null };
      }
    }
    if (request.clearSecret) {
      await this.secrets.delete(SECRET);
      this.secretStored = false;
    }
    if (request.secret !== undefined) {
      await this.secrets.set(SECRET, request.secret);
      this.secretStored = true;
    }
    let certificateName = this.settings.certificateName;
    if (request.certificatePem !== undefined) {
      await this.secrets.set(CERTIFICATE, request.certificatePem);
      certificateName = request.certificateName ?? 'certificate.pem';
    }
    this.settings = {
      ...this.settings,
      ...next,
      auth: request.auth,
      certificateName,
      configTags: [...new Set(request.configTags.map((tag) => tag.trim()).filter(Boolean))],
    };
    await this.persist();
    return {
      changed,
      endpointsBefore: endpointsOf(before),
      endpointsAfter: endpointsOf(this.settings),
      credentialDropped,
    };
  }

  /** Remembers the last tag used, for the tag picker. */
  async rememberTag(tag: string): Promise<void> {
    if (!tag || tag === this.settings.lastTag) return;
    this.settings = { ...this.settings, lastTag: tag };
    await this.persist();
  }

  /** Saves the watch folder configuration. */
  async saveWatch(watch: StoredSettings['watch']): Promise<void> {
    this.settings = { ...this.settings, watch };
    await this.persist();
  }

  /** The stored client secret or certificate PEM (main-side only; never sent to a renderer). */
  stored(kind: 'secret' | 'certificate'): Promise<string | null> {
    return this.secrets.get(kind === 'secret' ? SECRET : CERTIFICATE);
  }

  /** Credentials for the engine (main-side only). */
  async credentials(): Promise<TenantSettings> {
    const s = this.settings;
    const base = {
      tenantId: s.tenantId,
      clientId: s.clientId,
      cloud: s.cloud,
      ...(s.cloud === 'custom' || s.authorityHost ? { authorityHost: s.authorityHost } : {}),
      ...(s.cloud === 'custom' || s.graphEndpoint ? { graphEndpoint: s.graphEndpoint } : {}),
    };
    const filtered = Object.fromEntries(Object.entries(base).filter(([, value]) => value !== '')) as typeof base;
    // A person signs in on an explicit button; the connection itself never prompts.
    if (s.auth === 'person') return { ...filtered, delegated: { prompt: { kind: 'none' }, store: this.personCache } };
    if (s.auth === 'secret') {
      const secret = await this.secrets.get(SECRET);
      if (!secret) throw new AppError('auth', 'No client secret is stored: enter it in Settings.');
      return { ...filtered, clientSecret: secret };
    }
    const pem = await this.secrets.get(CERTIFICATE);
    if (!pem) throw new AppError('auth', 'No certificate is stored: choose the PEM file in Settings.');
    return { ...filtered, certificatePem: pem };
  }

  private async persist(): Promise<void> {
    if (!this.file) return;
    await mkdir(dirname(this.file), { recursive: true });
    await writeFile(`${this.file}.tmp`, JSON.stringify(this.settings, null, 2));
    await rename(`${this.file}.tmp`, this.file);
    await copyFile(this.file, lastGood(this.file));
  }
}
