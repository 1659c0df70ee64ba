import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { RequestOf } from '../../../shared/ipc/contract';
import type { TenantSettingsView } from '../../../shared/ipc/settings-schemas';
import { AppError } from '../errors';
import type { TenantSettings } from '../graph/connection';
import type { SecretStore } from './secret-store';

const SECRET = 'client-secret';
const CERTIFICATE = 'client-certificate';

/** Non-secret settings as saved on disk. */
const StoredSettings = z.object({
  tenantId: z.string().default(''),
  clientId: z.string().default(''),
  auth: z.enum(['secret', 'certificate']).default('secret'),
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

/** The settings the console keeps: plain values in a JSON file, secrets in the secret store. */
export class SettingsService {
  private settings: StoredSettings = StoredSettings.parse({});
  private secretStored = false;

  private constructor(
    private readonly file: string | null,
    readonly secrets: SecretStore,
  ) {}

  /** Loads settings (defaults when the file is missing or unreadable). */
  static async open(file: string | null, secrets: SecretStore): Promise<SettingsService> {
    const service = new SettingsService(file, secrets);
    if (file) {
      const text = await readFile(file, 'utf8').catch(() => null);
      const parsed = text === null ? null : StoredSettings.safeParse(JSON.parse(text));
      if (parsed?.success) service.settings = parsed.data;
    }
    service.secretStored = (await secrets.get(SECRET)) !== null;
    return service;
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
    const credential = s.auth === 'secret' ? this.secretStored : s.certificateName !== null;
    const endpoints = s.cloud !== 'custom' || (s.authorityHost !== '' && s.graphEndpoint !== '');
    return s.tenantId !== '' && s.clientId !== '' && credential && endpoints;
  }

  /** Saves the tenant settings; a secret given here is encrypted and never returned. */
  async saveTenant(request: RequestOf<'settings:set'>): Promise<void> {
    if (request.cloud === 'custom' && (!request.authorityHost || !request.graphEndpoint)) {
      throw new AppError('bad-input', 'A custom cloud needs both an authority host and a Graph endpoint (https URLs).');
    }
    if (request.certificatePem !== undefined && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(request.certificatePem)) {
      throw new AppError('bad-input', 'The certificate file must be PEM with the certificate and its private key.');
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
      tenantId: request.tenantId.trim(),
      clientId: request.clientId.trim(),
      auth: request.auth,
      certificateName,
      cloud: request.cloud,
      authorityHost: request.authorityHost,
      graphEndpoint: request.graphEndpoint,
      configTags: [...new Set(request.configTags.map((tag) => tag.trim()).filter(Boolean))],
    };
    await this.persist();
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
  }
}
