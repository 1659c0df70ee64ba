import { z } from 'zod';

/** Which tenant the console is working against. */
export const TenantMode = z.object({
  kind: z.enum(['sandbox', 'tenant']),
  /** What the UI shows, e.g. "Sandbox tenant (demo speed)" or the tenant's id. */
  label: z.string(),
  /** The person signed in (delegated sign-in), shown in the header with the tenant. */
  account: z.string().max(320).optional(),
});
/** Which tenant the console is working against. */
export type TenantMode = z.infer<typeof TenantMode>;

/** National clouds plus custom endpoints. */
export const CloudName = z.enum(['global', 'usgov', 'usgovdod', 'china', 'custom']);

const Url = z.union([z.literal(''), z.url({ protocol: /^https$/ }).max(512)]);

/** The tenant settings as the renderer sees them: the secret never appears, only whether one is stored. */
export const TenantSettingsView = z.object({
  tenantId: z.string(),
  clientId: z.string(),
  /** Application credentials (secret or certificate), or a person signing in (public client, no secret). */
  auth: z.enum(['secret', 'certificate', 'person']),
  /** A client secret is stored (encrypted, in main). */
  secretStored: z.boolean(),
  /** File name of the stored certificate (PEM with private key), if any. */
  certificateName: z.string().nullable(),
  cloud: CloudName,
  authorityHost: z.string(),
  graphEndpoint: z.string(),
  /** Group tags the organisation uses, offered in the tag picker. */
  configTags: z.array(z.string()),
});
/** The tenant settings as the renderer sees them. */
export type TenantSettingsView = z.infer<typeof TenantSettingsView>;

/** Settings, where the secret is kept, and the tenant in use. */
export const SettingsView = z.object({
  tenant: TenantSettingsView,
  secretStorage: z.object({ persistent: z.boolean(), description: z.string() }),
  /** A tenant is configured completely enough to switch to it. */
  tenantReady: z.boolean(),
  mode: TenantMode,
  /** Where a person's sign-in (token cache) is kept, e.g. encrypted on this computer or memory only. */
  personCache: z.string().optional(),
});
/** Settings, where the secret is kept, and the tenant in use. */
export type SettingsView = z.infer<typeof SettingsView>;

const Guidish = z.union([z.literal(''), z.string().regex(/^[0-9a-zA-Z][0-9a-zA-Z.-]{0,253}$/)]);

/** Saves the tenant settings. `secret` is write-only: set it to replace the stored one. */
export const SaveSettingsRequest = z
  .object({
    tenantId: Guidish,
    clientId: Guidish,
    auth: z.enum(['secret', 'certificate', 'person']),
    secret: z.string().min(1).max(1024).optional(),
    clearSecret: z.boolean().optional(),
    /** PEM text with the certificate and its private key, read by the renderer from the chosen file. */
    certificatePem: z.string().max(65_536).optional(),
    certificateName: z.string().max(260).optional(),
    cloud: CloudName,
    authorityHost: Url,
    graphEndpoint: Url,
    configTags: z.array(z.string().min(1).max(128)).max(200),
  })
  .strict();

/** One permission of the pre-flight check. */
export const PermissionRow = z.object({
  name: z.string(),
  level: z.enum(['required', 'recommended', 'optional']),
  granted: z.boolean(),
  unlocks: z.string(),
});

/** The result of "Test connection". */
export const DoctorReport = z.object({
  target: z.string(),
  /** Which values were tested, in words (tenant, client, endpoints, which credential), and whether they are saved. */
  tested: z.object({ values: z.string(), saved: z.boolean() }).optional(),
  signIn: z.object({ ok: z.boolean(), message: z.string() }),
  permissions: z.array(PermissionRow),
  checks: z.array(z.object({ area: z.string(), ok: z.boolean(), message: z.string() })),
});
/** The result of "Test connection". */
export type DoctorReport = z.infer<typeof DoctorReport>;

/** The watch folder: where, whether on, and what it last took in. */
export const WatchStatus = z.object({
  folder: z.string().nullable(),
  enabled: z.boolean(),
  state: z.enum(['off', 'watching', 'unavailable', 'error']),
  message: z.string().nullable(),
  groupTag: z.string(),
  register: z.boolean(),
  lastFile: z.object({ name: z.string(), at: z.string(), accepted: z.number(), rejected: z.number() }).nullable(),
});
/** The watch folder status. */
export type WatchStatus = z.infer<typeof WatchStatus>;

/** The outcome of an offline export. */
export const OfflineExportResult = z.object({
  cancelled: z.boolean(),
  folder: z.string(),
  files: z.array(z.string()),
  count: z.number(),
  refusals: z.array(z.object({ serial: z.string(), message: z.string() })),
  /** The files' text, for the browser console to download (nothing is written on the server then). */
  downloads: z.array(z.object({ fileName: z.string(), content: z.string() })).optional(),
});
