import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../core/errors';
import type { TenantSettings } from '../core/graph/connection';
import type { CliContext } from './context';
import { delegatedFromFlags } from './delegated';
import { stringOption, UsageError, type ParsedValues } from './options';

/** The config file: anything but the secret. */
const ConfigFile = z.looseObject({
  tenantId: z.string().optional(),
  clientId: z.string().optional(),
  certificate: z.string().optional(),
  cloud: z.string().optional(),
  authorityHost: z.string().optional(),
  graphEndpoint: z.string().optional(),
  /** A file holding only the client secret, protected so only its owner (or SYSTEM) can read it. */
  clientSecretFile: z.string().optional(),
  /** Tags the organisation uses (shown by `tags` even when unused). */
  tags: z.array(z.string()).optional(),
});

/** Where the CLI keeps journals and its config. */
export function stateDirOf(values: ParsedValues, ctx: CliContext): string {
  const dir = stringOption(values, 'state-dir') ?? ctx.env.AUTOPILOT_STATE_DIR ?? join(homedir(), '.autopilot-console');
  return resolve(ctx.cwd, dir);
}

/** The tenant the command works against: a configured one, or the sandbox. */
export type TenantChoice =
  | { kind: 'tenant'; settings: TenantSettings; configuredTags: string[] }
  | { kind: 'sandbox'; configuredTags: string[]; delegated?: TenantSettings['delegated'] };

function readConfig(path: string, explicit: boolean): z.infer<typeof ConfigFile> {
  if (!existsSync(path)) {
    if (explicit) throw new UsageError(`--config: ${path} does not exist`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UsageError(`${path} is not valid JSON`);
  }
  const config = ConfigFile.safeParse(parsed);
  if (!config.success) throw new UsageError(`${path}: ${config.error.issues[0]?.message ?? 'invalid'}`);
  if ('clientSecret' in config.data)
    throw new UsageError(`${path} holds a client secret: remove it and set AUTOPILOT_CLIENT_SECRET instead.`);
  return config.data;
}

/**
 * Reads the client secret from a protected file (AUTOPILOT_CLIENT_SECRET_FILE or the config's clientSecretFile).
 * On Linux and macOS a file others can read is refused; on Windows its ACL is the administrator's to set
 * (icacls: SYSTEM and Administrators only), which Node cannot inspect.
 */
export function readSecretFile(path: string, platform: NodeJS.Platform = process.platform): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new UsageError(`the client secret file ${path} cannot be read`);
  }
  if (platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new UsageError(
      `the client secret file ${path} can be read by other users (mode ${(mode & 0o777).toString(8)}): run "chmod 600" on it`,
    );
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (!secret) throw new UsageError(`the client secret file ${path} is empty`);
  return secret;
}

/** Resolves the tenant from flags, the environment and the config file (flags win). */
export function chooseTenant(values: ParsedValues, ctx: CliContext): TenantChoice {
  const explicitConfig = stringOption(values, 'config');
  const configPath = resolve(
    ctx.cwd,
    explicitConfig ?? ctx.env.AUTOPILOT_CONFIG ?? join(stateDirOf(values, ctx), 'config.json'),
  );
  const config = readConfig(configPath, explicitConfig !== undefined);
  const pick = (flag: string, env: string, key: keyof typeof config): string | undefined =>
    stringOption(values, flag) ?? ctx.env[env] ?? (typeof config[key] === 'string' ? config[key] : undefined);
  const tenantId = pick('tenant-id', 'AUTOPILOT_TENANT_ID', 'tenantId');
  const clientId = pick('client-id', 'AUTOPILOT_CLIENT_ID', 'clientId');
  const certificate = pick('certificate', 'AUTOPILOT_CERTIFICATE', 'certificate');
  const configuredTags = config.tags ?? [];
  const delegated = delegatedFromFlags(values, ctx);
  if (!tenantId && !clientId) return { kind: 'sandbox', configuredTags, ...(delegated ? { delegated } : {}) };
  if (!tenantId) throw new UsageError('--client-id needs --tenant-id too');
  if (!clientId) throw new UsageError('--tenant-id needs --client-id too');
  const cloud = pick('cloud', 'AUTOPILOT_CLOUD', 'cloud');
  const authorityHost = pick('authority-host', 'AUTOPILOT_AUTHORITY_HOST', 'authorityHost');
  const graphEndpoint = pick('graph-endpoint', 'AUTOPILOT_GRAPH_ENDPOINT', 'graphEndpoint');
  const endpoints = {
    ...(cloud ? { cloud } : {}),
    ...(authorityHost ? { authorityHost } : {}),
    ...(graphEndpoint ? { graphEndpoint } : {}),
  };
  // A person signs in with the public client: no secret or certificate is read.
  if (delegated) return { kind: 'tenant', configuredTags, settings: { tenantId, clientId, ...endpoints, delegated } };
  const secretFile = ctx.env.AUTOPILOT_CLIENT_SECRET_FILE ?? config.clientSecretFile;
  const secret =
    ctx.env.AUTOPILOT_CLIENT_SECRET ?? (secretFile ? readSecretFile(resolve(ctx.cwd, secretFile)) : undefined);
  let certificatePem: string | undefined;
  if (certificate) {
    try {
      certificatePem = readFileSync(resolve(ctx.cwd, certificate), 'utf8');
    } catch {
      throw new UsageError(`--certificate: cannot read ${certificate}`);
    }
  }
  if (!certificatePem && !secret) {
    throw new AppError(
      'auth',
      'No credential: set the environment variable AUTOPILOT_CLIENT_SECRET (or AUTOPILOT_CLIENT_SECRET_FILE) or pass --certificate <PEM with private key>.',
    );
  }
  return {
    kind: 'tenant',
    configuredTags,
    settings: { tenantId, clientId, ...(certificatePem ? { certificatePem } : { clientSecret: secret }), ...endpoints },
  };
}
