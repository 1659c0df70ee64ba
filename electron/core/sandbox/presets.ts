import type { Latencies, SandboxQuirks, SandboxSpeed, ThrottleLimits } from './types';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * Latency presets (reference §8). "realistic" uses community observations (import 62-95 s, profile about
 * 15 min, small-tenant group evaluation "less than a few minutes"); "demo" keeps the same order in seconds;
 * "test" runs in milliseconds without jitter. The 10-minute sync limit is documented, so it never scales.
 */
export const LATENCY_PRESETS: Record<SandboxSpeed, Latencies> = {
  realistic: {
    import: 90 * SECOND,
    identity: 10 * SECOND,
    group: 3 * MINUTE,
    profile: 15 * MINUTE,
    syncDuration: 45 * SECOND,
    syncCooldown: 10 * MINUTE,
    jitter: 0.3,
    outOfSync: 2 * MINUTE,
    propertyLag: 3 * MINUTE,
    deleteListed: 4 * MINUTE,
    deleteGone: 8 * MINUTE,
  },
  demo: {
    import: 8 * SECOND,
    identity: 1 * SECOND,
    group: 6 * SECOND,
    profile: 10 * SECOND,
    syncDuration: 3 * SECOND,
    syncCooldown: 10 * MINUTE,
    jitter: 0.25,
    outOfSync: 2 * SECOND,
    propertyLag: 3 * SECOND,
    deleteListed: 3 * SECOND,
    deleteGone: 5 * SECOND,
  },
  test: {
    import: 40,
    identity: 5,
    group: 30,
    profile: 30,
    syncDuration: 20,
    syncCooldown: 10 * MINUTE,
    jitter: 0,
    outOfSync: 10,
    propertyLag: 20,
    deleteListed: 30,
    deleteGone: 50,
  },
};

/** Intune device-enrollment limits per app and tenant (reference §6) and the small-tenant Entra budget. */
export const DEFAULT_THROTTLE: ThrottleLimits = {
  windowMs: 20 * SECOND,
  appWrites: 100,
  appTotal: 1000,
  tenantWrites: 200,
  tenantTotal: 2000,
  directoryUnits: 3500,
  directoryWindowMs: 10 * SECOND,
};

/** Reported behaviours, all on: the sandbox is never kinder than a real tenant (docs/graph-field-notes.md). */
export const DEFAULT_QUIRKS: SandboxQuirks = {
  hyphenContains400: true,
  serialEq400: true,
  select500: true,
  importIdEchoed: false,
  updateClearsOmitted: true,
  hashNot4k: true,
};

/** The permissions a fully configured console app has (PRODUCT.md "Permissions"). */
export const DEFAULT_ROLES = [
  'DeviceManagementServiceConfig.ReadWrite.All',
  'Device.Read.All',
  'GroupMember.Read.All',
  'Group.Read.All',
  // Optional: adding registered devices to static groups (group-post-members asks both for a device member).
  'GroupMember.ReadWrite.All',
  'Device.ReadWrite.All',
];

/** Default page size of Intune collections (reference §2.3: about 1,000 per page observed). */
export const DEFAULT_PAGE_SIZE = 1000;

/** Resolves the latencies for a speed with per-stage overrides. */
export function resolveLatencies(speed: SandboxSpeed, overrides: Partial<Latencies> = {}): Latencies {
  return { ...LATENCY_PRESETS[speed], ...overrides };
}

/** Resolves the throttle option: false disables, true or a partial uses the documented limits. */
export function resolveThrottle(option: boolean | Partial<ThrottleLimits> | undefined): ThrottleLimits | null {
  if (option === false) return null;
  return { ...DEFAULT_THROTTLE, ...(typeof option === 'object' ? option : {}) };
}
