/** Public types of the sandbox tenant. */
import type { Clock } from '../clock';

export type SandboxSpeed = 'realistic' | 'demo' | 'test';

/** How long each stage of the Autopilot pipeline takes, in milliseconds of the sandbox clock. */
export interface Latencies {
  /** Import record created -> `complete` or `error` (reference §8: about 60-95 s observed). */
  import: number;
  /** Import `complete` -> the windowsAutopilotDeviceIdentity is listed (often immediate; a sync shortcuts it). */
  identity: number;
  /** Entra device attribute change -> dynamic group membership reflects it. */
  group: number;
  /** Group membership -> profile `assignedInSync` (about 15 min observed). */
  profile: number;
  /** How long a manual Autopilot sync runs (`syncStatus: inProgress`, 409 meanwhile). */
  syncDuration: number;
  /** Minimum interval between manual syncs (documented: 10 minutes; 429 inside it). */
  syncCooldown: number;
  /** Seeded per-record spread, as a fraction (0.25 = +/-25 %), so devices do not move in lockstep. */
  jitter: number;
  /**
   * Profile `assignedOutOfSync` ("assigned in Intune, not in sync with the Autopilot service") after an
   * assignment, before `assignedInSync`; a manual sync that ends meanwhile ends it early.
   */
  outOfSync: number;
  /** updateDeviceProperties answered 204 -> the new tag, user and name read back (field: "a few minutes"). */
  propertyLag: number;
  /** A deleted identity is still listed this long (memdocs: deletion "might take some time"). */
  deleteListed: number;
  /** After a deletion, imports of the serial end 806 this long, even once the record is no longer listed. */
  deleteGone: number;
}

/** Documented Intune "device enrollment" limits (reference §6), per window. */
export interface ThrottleLimits {
  windowMs: number;
  appWrites: number;
  appTotal: number;
  tenantWrites: number;
  tenantTotal: number;
  /** Entra directory resource units per app and tenant per `directoryWindowMs` (tenant under 50 users). */
  directoryUnits: number;
  directoryWindowMs: number;
}

/** Seeded fault injection for resilience tests. Rates are probabilities in [0, 1]. */
export interface FaultOptions {
  /** 503 Service Unavailable with Retry-After. */
  unavailableRate?: number;
  /** Seconds in the Retry-After of an injected 503 (default 1). */
  unavailableRetryAfterSeconds?: number;
  /** The TCP connection is destroyed without a response. */
  dropRate?: number;
  /** Extra delay (real time) before the response. */
  slowMs?: number;
  /** Share of responses delayed by `slowMs` (default 1 when `slowMs` is set). */
  slowRate?: number;
  /** Which endpoints the faults hit (default 'graph'). */
  scope?: 'graph' | 'identity' | 'all';
  seed?: number;
}

/** Request counters for tests and benchmarks. */
export interface SandboxStats {
  /** Every request answered or dropped, with each $batch sub-request counted individually. */
  requests: number;
  graphRequests: number;
  identityRequests: number;
  tokensIssued: number;
  /** POST, PUT, PATCH and DELETE to Graph (sub-requests included). */
  writes: number;
  /** "GET /beta/deviceManagement/windowsAutopilotDeviceIdentities/{id}" -> count. */
  byEndpoint: Record<string, number>;
  /** HTTP status -> count. */
  byStatus: Record<string, number>;
  /** 429 responses sent (throttling and the sync limit). */
  throttled: number;
  /** Requests that arrived while the sender was still inside a Retry-After it had been given. */
  retryAfterViolations: number;
  batches: number;
  batchSubRequests: number;
  faults: { unavailable: number; dropped: number; slowed: number };
}

/**
 * Calls the engine uses that no field-proven tool makes: in "proven-only" fidelity each answers 500, so the
 * engine must fall back to the call shapes Get-WindowsAutopilotInfo and the WindowsAutopilotIntune module use.
 */
export type SandboxOptimisation = 'import-action' | 'batch' | 'identity-list' | 'import-list';

/** "field" (default) answers as reported from real tenants; "proven-only" also refuses every optimisation. */
export type SandboxFidelity = 'field' | 'proven-only';

/** The optimisations each fidelity refuses with a 500. */
export const REFUSED_BY_FIDELITY: Record<SandboxFidelity, SandboxOptimisation[]> = {
  field: [],
  'proven-only': ['import-action', 'batch'],
};

export interface SandboxOptions {
  /** Whether optimisations beyond the field-proven call shapes are answered (default "field": they are). */
  fidelity?: SandboxFidelity;
  /** Optimisations answered with a 500 on top of those the fidelity refuses. */
  refuse?: SandboxOptimisation[];
  /** Latency preset (default 'demo'). */
  speed?: SandboxSpeed;
  clock?: Clock;
  host?: string;
  port?: number;
  /** Application permissions in issued tokens' `roles` claim. */
  grantedRoles?: string[];
  throttle?: boolean | Partial<ThrottleLimits>;
  faults?: FaultOptions;
  latencies?: Partial<Latencies>;
  /** Load state from this JSON file on start and save to it on every change and on close. */
  stateFile?: string;
  /** Makes ids, secrets and jitter deterministic. */
  seed?: number;
  /** Default page size of Intune collections (reference §2.3: about 1,000 observed). */
  pageSize?: number;
  /** Reported service quirks (reference §2.3); each defaults to true. */
  quirks?: Partial<SandboxQuirks>;
  /** Issued access tokens' lifetime in seconds (default 3599). */
  tokenLifetimeSeconds?: number;
  /** Polling interval the device code endpoint asks for, in seconds (default 5, as Entra). */
  deviceCodeIntervalSeconds?: number;
  /** How long a device code stays valid, in seconds (default 900, as Entra). */
  deviceCodeLifetimeSeconds?: number;
}

/** Observed Graph behaviours that are not documented but were reported; on by default so clients cope. */
export interface SandboxQuirks {
  /** `contains(serialNumber,'a-b')` with a hyphen answers 400 (msgraph-sdk-powershell #2464). */
  hyphenContains400: boolean;
  /** `serialNumber eq '...'` on windowsAutopilotDeviceIdentities answers 400 (docs-contrib #3693). */
  serialEq400: boolean;
  /**
   * `contains(serialNumber,'X')` answers 400 for these values (case-insensitive) even without a hyphen: the
   * token workaround for odd serials is unconfirmed (reference §2.3), so clients must survive it per serial.
   */
  contains400Values?: string[];
  /**
   * `$select` on the Autopilot collections answers 500 InternalServerError, whatever the properties
   * (docs-contrib #5193, #2756; DeviceOffboardingManager #65): reported for windowsAutopilotDeviceIdentities,
   * applied to every Autopilot collection.
   */
  select500: boolean;
  /** Whether import records read back the `importId` they were sent with (not documented; off by default). */
  importIdEchoed: boolean;
  /** updateDeviceProperties clears the properties it is not sent (reported: OSDeploy/AutopilotOOBE #1). */
  updateClearsOmitted: boolean;
  /** A hardwareIdentifier that is not 4,000 characters ends in `HashNot4k` (listed among DDS import errors). */
  hashNot4k: boolean;
  /**
   * GET of one identity by id reports deploymentProfileAssignmentStatus "unknown" while the list shows the real
   * value (docs-contrib #5985, 2020, reported once): off by default, the engine reads the status from lists.
   */
  byIdStatusUnknown?: boolean;
}
