/**
 * The sandbox tenant: a local HTTPS emulation of Microsoft Graph (Windows Autopilot, Entra devices and
 * groups) and of the Entra identity endpoint, seeded with tag -> group -> profile chains. State evolves
 * with the injected clock, lazily, so any clock (real or fake) gives the same results.
 */
import { generateKeyPairSync } from 'node:crypto';
import { systemClock } from '../clock';
import { createControl, type SandboxControl } from './control';
import { Faults } from './faults';
import { handleGraph } from './graph';
import { handleIdentity } from './identity';
import { createIds } from './ids';
import { PeopleDirectory, type PracticeAccount } from './people';
import { createSaver, loadState } from './persistence';
import { DEFAULT_PAGE_SIZE, DEFAULT_QUIRKS, DEFAULT_ROLES, resolveLatencies, resolveThrottle } from './presets';
import { seedTenant } from './seed';
import { startTransport } from './server';
import { emptyStats } from './stats';
import { makeDevice, Tenant } from './tenant';
import { Throttle } from './throttle';
import { createCertificates } from './tls';
import { REFUSED_BY_FIDELITY, type SandboxOptions } from './types';

export type { SandboxControl, DeviceSnapshot, ImportSnapshot, SandboxSnapshot, TagChain } from './control';
export type {
  FaultOptions,
  Latencies,
  SandboxFidelity,
  SandboxOptimisation,
  SandboxOptions,
  SandboxQuirks,
  SandboxSpeed,
  SandboxStats,
  ThrottleLimits,
} from './types';
export { LATENCY_PRESETS, DEFAULT_ROLES, DEFAULT_THROTTLE } from './presets';
export {
  SANDBOX_FOREIGN_SERIALS,
  SANDBOX_M365_GROUP,
  SANDBOX_PROFILED_TAGS,
  SANDBOX_LEGACY_GROUP,
  SANDBOX_REGISTERED_DEVICES,
  SANDBOX_STATIC_GROUPS,
  SANDBOX_SERVICE_DESK_DEVICES,
  SANDBOX_TAGS,
  SANDBOX_UNPROFILED_TAG,
  tagRule,
} from './seed';
export type { PracticeAccount } from './people';
export { ERROR_ALREADY_ASSIGNED, ERROR_DUPLICATED, ERROR_INVALID_HASH, ERROR_OTHER_TENANT } from './import-processing';

export interface RunningSandbox {
  tenantId: string;
  /** The tenant's verified domain; also accepted in the authority path. */
  tenantDomain: string;
  clientId: string;
  clientSecret: string;
  /** 'https://127.0.0.1:PORT' */
  authorityHost: string;
  /** `${authorityHost}/${tenantId}` */
  authority: string;
  /** 'https://127.0.0.1:PORT' (clients append /v1.0/... or /beta/...) */
  graphEndpoint: string;
  /** The Graph scope for client credentials. */
  scope: string;
  /** The per-run CA that signed the server certificate (for 127.0.0.1 and localhost). */
  caCertPem: string;
  caCertPath: string;
  /** Certificate and private key registered on the sandbox app, for client-assertion authentication. */
  clientCertificatePem: string;
  clientCertificatePath: string;
  /** SHA-1 hex (MSAL's `thumbprint`). */
  clientCertificateThumbprint: string;
  /** SHA-256 hex (MSAL's `thumbprintSha256`). */
  clientCertificateThumbprintSha256: string;
  speed: NonNullable<SandboxOptions['speed']>;
  /** Practice accounts for delegated sign-in: [0] holds the Intune Administrator role, [1] no Intune role. */
  accounts: readonly PracticeAccount[];
  /** Gives or takes a practice account's Intune role. */
  setIntuneRole(upn: string, role: string | null): void;
  control: SandboxControl;
  close(): Promise<void>;
}

/** Starts a sandbox tenant on HTTPS. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const speed = options.speed ?? 'demo';
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  const ids = createIds(options.seed);
  const saved = options.stateFile ? loadState(options.stateFile) : null;
  const certificates = await createCertificates();
  const data = saved ?? seedTenant(ids, clock.now(), (spec, at) => makeDevice(ids, spec, at));
  const quirks = { ...DEFAULT_QUIRKS, ...options.quirks };
  const refused = new Set([...REFUSED_BY_FIDELITY[options.fidelity ?? 'field'], ...(options.refuse ?? [])]);
  const tenant = new Tenant(data, clock, ids, resolveLatencies(speed, options.latencies), quirks);
  const clientSecret = ids.secret();
  const { privateKey: signingKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKid = Buffer.from(ids.guid().replace(/-/g, ''), 'hex').toString('base64url');
  const roles = { value: [...(options.grantedRoles ?? DEFAULT_ROLES)] };
  const pageSize = { value: options.pageSize ?? DEFAULT_PAGE_SIZE };
  const stats = emptyStats();
  const faults = new Faults(options.faults);
  const throttle = new Throttle(resolveThrottle(options.throttle));
  const origin = { authorityHost: '' };
  const people = new PeopleDirectory(data.identity.tenantDomain, () => ids.guid(), {
    deviceCodeIntervalSeconds: options.deviceCodeIntervalSeconds ?? 5,
    deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? 900,
  });
  const saver = options.stateFile ? createSaver(options.stateFile, () => tenant.data) : null;
  if (saver) tenant.onChange(() => saver.schedule());

  const transport = await startTransport(
    {
      key: certificates.serverKeyPem,
      cert: certificates.serverCertPem,
      faults,
      stats,
      now: () => clock.now(),
      graph: (req) =>
        handleGraph(
          {
            tenant,
            signingKey,
            authorityHost: origin.authorityHost,
            graphEndpoint: origin.authorityHost,
            throttle,
            stats,
            pageSize: () => pageSize.value,
            quirks,
            refused,
            intuneRoleOf: (oid) => people.intuneRoleOf(oid),
          },
          req,
        ),
      identity: (req) =>
        handleIdentity(
          {
            identity: () => tenant.data.identity,
            authorityHost: origin.authorityHost,
            clientSecret,
            clientCertPem: certificates.clientCertPem,
            clientThumbprintSha1: certificates.clientThumbprintSha1,
            clientThumbprintSha256: certificates.clientThumbprintSha256,
            signingKey,
            signingKid,
            now: () => clock.now(),
            newId: () => ids.guid(),
            grantedRoles: () => [...roles.value],
            people,
            tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
            onTokenIssued: () => {
              stats.tokensIssued++;
            },
          },
          req,
        ),
      onRetryAfter: (seconds) => {
        throttle.noteRetryAfter(`app:${tenant.data.identity.clientId}`, clock.now() + seconds * 1000);
      },
    },
    host,
    options.port ?? 0,
  );
  const hostPart = host.includes(':') ? `[${host}]` : host;
  origin.authorityHost = `https://${hostPart}:${transport.port}`;
  const identity = tenant.data.identity;
  let closed = false;
  return {
    tenantId: identity.tenantId,
    tenantDomain: identity.tenantDomain,
    clientId: identity.clientId,
    clientSecret,
    authorityHost: origin.authorityHost,
    authority: `${origin.authorityHost}/${identity.tenantId}`,
    graphEndpoint: origin.authorityHost,
    scope: 'https://graph.microsoft.com/.default',
    caCertPem: certificates.caCertPem,
    caCertPath: certificates.caCertPath,
    clientCertificatePem: `${certificates.clientCertPem.trim()}\n${certificates.clientKeyPem.trim()}\n`,
    clientCertificatePath: certificates.clientCertificatePath,
    clientCertificateThumbprint: certificates.clientThumbprintSha1,
    clientCertificateThumbprintSha256: certificates.clientThumbprintSha256,
    speed,
    accounts: people.accounts,
    setIntuneRole: (upn, role) => people.setIntuneRole(upn, role),
    control: createControl({
      tenant,
      faults,
      throttle,
      stats,
      roles,
      pageSize,
      newSerial: () => `SBX${ids.guid().replace(/-/g, '').slice(0, 9).toUpperCase()}`,
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      await transport.close();
      saver?.flush();
      await certificates.dispose();
    },
  };
}
