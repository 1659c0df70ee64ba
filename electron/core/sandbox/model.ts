/** The sandbox tenant's stored data: plain JSON, timestamps in ms of the sandbox clock. */

/** Outcome of processing one import record, fixed when its import latency has elapsed. */
export interface ImportResult {
  status: 'complete' | 'error';
  at: number;
  deviceRegistrationId: string;
  errorCode: number;
  errorName: string;
}

export interface ImportRecord {
  id: string;
  seq: number;
  groupTag: string;
  serialNumber: string;
  productKey: string;
  importId: string;
  hardwareIdentifier: string;
  assignedUserPrincipalName: string;
  createdAt: number;
  /** Records sharing a key were uploaded together: ZtdDeviceDuplicated applies within it. */
  batchKey: string;
  result?: ImportResult;
}

/** A windowsAutopilotDeviceIdentity and the Entra device object Autopilot created for it. */
export interface AutopilotDevice {
  id: string;
  serialNumber: string;
  manufacturer: string;
  model: string;
  productKey: string;
  groupTag: string;
  purchaseOrderIdentifier: string;
  userPrincipalName: string;
  addressableUserName: string;
  displayName: string;
  deviceFriendlyName: string;
  deviceAccountUpn: string;
  osBuild: string;
  /** Entra `deviceId` (= azureActiveDirectoryDeviceId). */
  azureAdDeviceId: string;
  /** Entra object `id`. */
  entraObjectId: string;
  registeredAt: number;
  /** When the identity starts being listed by Graph. */
  visibleAt: number;
  /** Group tag over time: Entra's `[OrderId]` follows it, and dynamic groups follow Entra. */
  tagHistory: { at: number; groupTag: string }[];
  /** Intune enrollment (seeded): "enrolled" with a managed device id, or absent for a device never contacted. */
  enrollmentState?: string;
  managedDeviceId?: string;
  /** When the enrolled device last checked in with Intune (lastContactedDateTime); never when absent. */
  lastContactedAt?: number;
  /** When a DELETE was accepted: listed for `deleteListed` more, 806 for imports until `deleteGone`. */
  deletedAt?: number;
  /** updateDeviceProperties changes accepted but not yet read back (applied at `at`, in order). */
  pendingProperties?: { at: number; values: Partial<Record<UpdatableProperty, string>> }[];
  /** beta `remediationState` (hardware change): noRemediationRequired unless seeded. */
  remediationState?: string;
  remediationAt?: number;
  /** Stays `assignedOutOfSync` after assignment until a manual sync ends (seeded for tests). */
  outOfSyncUntilSync?: boolean;
  /** Seeded profile status that wins over the timeline (e.g. "failed", "assignedUnkownSyncState"). */
  profileStatusOverride?: string;
}

/** Properties updateDeviceProperties sets (v1.0 and beta). */
export const UPDATABLE_PROPERTIES = ['groupTag', 'userPrincipalName', 'addressableUserName', 'displayName'] as const;
/** A property updateDeviceProperties sets. */
export type UpdatableProperty = (typeof UPDATABLE_PROPERTIES)[number];

export interface DirectoryGroup {
  id: string;
  displayName: string;
  description: string;
  mailNickname: string;
  membershipRule: string;
  membershipRuleProcessingState: 'On' | 'Paused';
  createdAt: number;
  /**
   * How members get in: "dynamic" (the rule, the default), "assigned" (a static security group: members are added
   * by reference), or "microsoft365" (a Unified group: users only, it cannot hold devices).
   */
  kind?: 'dynamic' | 'assigned' | 'microsoft365';
  /** Entra object ids of the members of an assigned group. */
  members?: string[];
}

/** A corporate identifier (importedDeviceIdentity, beta). */
export interface DeviceIdentityRecord {
  id: string;
  importedDeviceIdentifier: string;
  importedDeviceIdentityType: string;
  description: string;
  platform: string;
  createdAt: number;
  lastModifiedAt: number;
}

export interface DeploymentProfile {
  id: string;
  displayName: string;
  description: string;
  deviceNameTemplate: string;
  locale: string;
  deviceType: 'windowsPc';
  joinType: 'azureAD' | 'hybrid';
  userType: 'administrator' | 'standard';
  deviceUsageType: 'singleUser' | 'shared';
  preprovisioningAllowed: boolean;
  createdAt: number;
  lastModifiedAt: number;
}

export interface ProfileAssignment {
  id: string;
  profileId: string;
  /** A group id, or null for an "All devices" target. */
  groupId: string | null;
  exclusion: boolean;
  createdAt: number;
}

export interface TenantIdentity {
  tenantId: string;
  tenantDomain: string;
  clientId: string;
  appDisplayName: string;
  servicePrincipalId: string;
}

export interface TenantData {
  version: 1;
  identity: TenantIdentity;
  imports: ImportRecord[];
  devices: AutopilotDevice[];
  groups: DirectoryGroup[];
  /** Corporate identifiers (importedDeviceIdentities); absent in state files written before they were modelled. */
  deviceIdentities?: DeviceIdentityRecord[];
  profiles: DeploymentProfile[];
  assignments: ProfileAssignment[];
  /** Serials registered to another tenant: importing them fails with 808. */
  foreignSerials: string[];
  /** Serial (lower case) -> the DDS error its next imports end in (test hook for StorageError, 803, 812...). */
  forcedErrors?: Record<string, { code: number; name: string }>;
  settingsId: string;
  /** Manual sync trigger times. */
  syncTriggers: number[];
  /** Last automatic sync before the sandbox started. */
  initialSyncAt: number;
  nextSeq: number;
}

/** Entra's "never" for non-nullable DateTimeOffset properties. */
export const NEVER = '0001-01-01T00:00:00Z';

/** ISO 8601 with Z, or Intune's zero date for "not set". */
export function isoOrNever(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? NEVER : new Date(ms).toISOString();
}
