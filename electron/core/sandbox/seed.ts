/**
 * The seeded sandbox tenant: tag -> dynamic group -> profile chains for OD-FINANCE, OD-RETAIL and OD-KIOSK,
 * OD-LAB whose group no profile targets, catch-all groups, a few registered devices and serials that
 * another tenant owns (importing them fails with 808).
 */
import type { IdSource } from './ids';
import type { AutopilotDevice, DeploymentProfile, DirectoryGroup, ProfileAssignment, TenantData } from './model';
import type { DeviceSpec } from './tenant';

/** Tags with a group and a profile. */
export const SANDBOX_PROFILED_TAGS = ['OD-FINANCE', 'OD-RETAIL', 'OD-KIOSK'] as const;
/** A tag whose dynamic group no profile targets: devices stay `notAssigned`. */
export const SANDBOX_UNPROFILED_TAG = 'OD-LAB';
export const SANDBOX_TAGS = [...SANDBOX_PROFILED_TAGS, SANDBOX_UNPROFILED_TAG] as const;

/** Serials another tenant owns: importing them ends in 808 ZtdDeviceAssignedToOtherTenant. */
export const SANDBOX_FOREIGN_SERIALS = ['8CG0FRGN01', '8CG0FRGN02', 'PF0FRGN3'] as const;

/** Devices registered before the sandbox starts (importing their serial ends in 806 ZtdDeviceAlreadyAssigned). */
export const SANDBOX_REGISTERED_DEVICES = [
  { serial: 'PF4SBX0001', manufacturer: 'LENOVO', model: '21G2', groupTag: 'OD-FINANCE' },
  { serial: 'PF4SBX0002', manufacturer: 'LENOVO', model: '21G2', groupTag: 'OD-FINANCE' },
  { serial: '5CG4SBX003', manufacturer: 'HP', model: 'HP EliteBook 840 G10', groupTag: 'OD-RETAIL' },
  { serial: 'JH9SBX0004', manufacturer: 'Dell Inc.', model: 'Latitude 7450', groupTag: 'OD-KIOSK' },
  { serial: 'JH9SBX0005', manufacturer: 'Dell Inc.', model: 'Latitude 7450', groupTag: 'OD-LAB' },
  { serial: 'MS0SBX0006', manufacturer: 'Microsoft Corporation', model: 'Surface Laptop 6', groupTag: '' },
] as const;

/**
 * Static (assigned) groups a device can be added to at registration, and a Microsoft 365 group that cannot hold
 * devices. The first seeded device is already in "Bench - Loaner pool" (adding it again is the documented 400).
 */
export const SANDBOX_STATIC_GROUPS = ['Bench - Loaner pool', 'Bench - Finance laptops', 'Kiosk hardware'] as const;
export const SANDBOX_M365_GROUP = 'Service desk team';

/** Builds an assigned (static) security group, or a Microsoft 365 group. */
export function makeStaticGroup(
  ids: IdSource,
  displayName: string,
  createdAt: number,
  kind: 'assigned' | 'microsoft365' = 'assigned',
): DirectoryGroup {
  return {
    id: ids.guid(),
    displayName,
    description: kind === 'assigned' ? 'Assigned security group' : 'Microsoft 365 group',
    mailNickname: displayName.replace(/[^A-Za-z0-9]/g, ''),
    membershipRule: '',
    membershipRuleProcessingState: 'On',
    createdAt,
    kind,
    members: [],
  };
}

/** A seeded record in one of the states a service desk meets. */
export interface ServiceDeskSeed {
  serial: string;
  groupTag: string;
  /** What the record shows, for people trying it. */
  case: 'enrolled' | 'out-of-sync' | 'attention-required' | 'fix-pending' | 'older-group-profile' | 'no-profile';
}

/** Registered devices seeded for the service desk's look-up: one per case it has to explain. */
export const SANDBOX_SERVICE_DESK_DEVICES: readonly ServiceDeskSeed[] = [
  { serial: 'SDK0ENRL01', groupTag: 'OD-FINANCE', case: 'enrolled' },
  { serial: 'SDK0SYNC02', groupTag: 'OD-RETAIL', case: 'out-of-sync' },
  { serial: 'SDK0HWCH03', groupTag: 'OD-FINANCE', case: 'attention-required' },
  { serial: 'SDK0FIXP04', groupTag: 'OD-FINANCE', case: 'fix-pending' },
  { serial: 'SDK0OLDG05', groupTag: 'OD-RETAIL', case: 'older-group-profile' },
  { serial: 'SDK0NOPR06', groupTag: 'OD-LAB', case: 'no-profile' },
];

/** The pilot group whose (older) profile wins over the tag's for SDK0OLDG05; Entra names Autopilot devices by serial. */
export const SANDBOX_LEGACY_GROUP = 'Pilot ring (legacy)';

/** Puts a seeded record into its case's state (enrolment, sync, hardware change). */
function applySeedCase(device: AutopilotDevice, seed: ServiceDeskSeed, ids: IdSource, now: number): void {
  if (seed.case === 'enrolled') {
    Object.assign(device, {
      enrollmentState: 'enrolled',
      managedDeviceId: ids.guid(),
      lastContactedAt: now - 2 * 3_600_000,
      displayName: 'FIN-ENRL01',
      userPrincipalName: 'adele.vance@autopilot-sandbox.onmicrosoft.com',
      addressableUserName: 'Adele Vance',
    });
  }
  if (seed.case === 'out-of-sync') device.outOfSyncUntilSync = true;
  if (seed.case === 'attention-required')
    Object.assign(device, { remediationState: 'manualRemediationRequired', remediationAt: now - DAY });
  if (seed.case === 'fix-pending')
    Object.assign(device, { remediationState: 'automaticRemediationRequired', remediationAt: now - 3_600_000 });
}

/** The rule Microsoft documents for a group tag. */
export function tagRule(tag: string): string {
  return `(device.devicePhysicalIds -any (_ -eq "[OrderID]:${tag}"))`;
}

/** The two-clause form most tenants use: Autopilot devices AND the tag (the ZTDId clause alone selects all). */
export function autopilotTagRule(tag: string): string {
  return `(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]")) and (device.devicePhysicalIds -any (_ -eq "[OrderID]:${tag}"))`;
}

const DAY = 86_400_000;
const PROFILE_NAMES: Record<string, string> = {
  'OD-FINANCE': 'OneDeploy Finance (user-driven)',
  'OD-RETAIL': 'OneDeploy Retail (user-driven)',
  'OD-KIOSK': 'OneDeploy Kiosk (self-deploying)',
};

/** Builds a group for a rule. */
export function makeGroup(
  ids: IdSource,
  displayName: string,
  membershipRule: string,
  createdAt: number,
): DirectoryGroup {
  return {
    id: ids.guid(),
    displayName,
    description: `Dynamic device group: ${membershipRule}`,
    mailNickname: displayName.replace(/[^A-Za-z0-9]/g, ''),
    membershipRule,
    membershipRuleProcessingState: 'On',
    createdAt,
  };
}

/** Builds an Entra-join user-driven profile. */
export function makeProfile(ids: IdSource, displayName: string, createdAt: number, shared = false): DeploymentProfile {
  return {
    id: ids.guid(),
    displayName,
    description: `${displayName}, created by the sandbox seed.`,
    deviceNameTemplate: shared ? 'KSK-%RAND:6%' : 'OD-%SERIAL%',
    locale: 'os-default',
    deviceType: 'windowsPc',
    joinType: 'azureAD',
    userType: 'standard',
    deviceUsageType: shared ? 'shared' : 'singleUser',
    preprovisioningAllowed: false,
    createdAt,
    lastModifiedAt: createdAt,
  };
}

/** A group assignment with the community's id convention "{profileId}_{groupId}_0". */
export function makeAssignment(profile: DeploymentProfile, groupId: string, createdAt: number): ProfileAssignment {
  return { id: `${profile.id}_${groupId}_0`, profileId: profile.id, groupId, exclusion: false, createdAt };
}

/** Builds the seeded tenant as of `now` (everything seeded is long settled). */
export function seedTenant(
  ids: IdSource,
  now: number,
  makeDevice: (spec: SeedDeviceSpec, at: number) => AutopilotDevice,
): TenantData {
  const longAgo = now - 400 * DAY;
  const groups: DirectoryGroup[] = [];
  const profiles: DeploymentProfile[] = [];
  const assignments: ProfileAssignment[] = [];
  SANDBOX_PROFILED_TAGS.forEach((tag, i) => {
    const group = makeGroup(
      ids,
      `Autopilot ${tag}`,
      tag === 'OD-FINANCE' ? autopilotTagRule(tag) : tagRule(tag),
      longAgo + i * DAY,
    );
    const profile = makeProfile(ids, PROFILE_NAMES[tag] ?? tag, longAgo + i * DAY, tag === 'OD-KIOSK');
    groups.push(group);
    profiles.push(profile);
    assignments.push(makeAssignment(profile, group.id, longAgo + i * DAY));
  });
  groups.push(
    makeGroup(ids, `Autopilot ${SANDBOX_UNPROFILED_TAG}`, tagRule(SANDBOX_UNPROFILED_TAG), longAgo + 3 * DAY),
  );
  // A newer profile on a prefix group also selects OD-KIOSK devices: the older Kiosk profile must win.
  const prefix = makeGroup(
    ids,
    'Autopilot OD-K* (prefix)',
    '(device.devicePhysicalIds -any (_ -startsWith "[OrderID]:OD-K"))',
    longAgo + 4 * DAY,
  );
  const newer = makeProfile(ids, 'OneDeploy Kiosk v2 (newer, loses to the older profile)', longAgo + 200 * DAY, true);
  groups.push(prefix);
  profiles.push(newer);
  assignments.push(makeAssignment(newer, prefix.id, longAgo + 200 * DAY));
  groups.push(
    makeGroup(
      ids,
      'All Autopilot devices',
      '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))',
      longAgo + 5 * DAY,
    ),
  );
  groups.push(
    makeGroup(
      ids,
      'Autopilot devices without a group tag',
      '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDID]")) and (device.devicePhysicalIds -all (_ -notStartsWith "[OrderID]:"))',
      longAgo + 6 * DAY,
    ),
  );
  // An older pilot group selects one device by name: its older profile wins over the tag's (oldest wins).
  const legacy = makeGroup(ids, SANDBOX_LEGACY_GROUP, '(device.displayName -eq "SDK0OLDG05")', longAgo - 20 * DAY);
  const legacyProfile = makeProfile(ids, 'OneDeploy Pilot (legacy)', longAgo - 20 * DAY);
  groups.push(legacy);
  profiles.push(legacyProfile);
  assignments.push(makeAssignment(legacyProfile, legacy.id, longAgo - 20 * DAY));
  const devices = SANDBOX_REGISTERED_DEVICES.map((spec, i) => makeDevice(spec, now - (30 - i) * DAY));
  const statics = SANDBOX_STATIC_GROUPS.map((name, i) => makeStaticGroup(ids, name, longAgo + (7 + i) * DAY));
  const loaners = statics[0];
  if (loaners && devices[0]) loaners.members = [devices[0].entraObjectId];
  groups.push(...statics, makeStaticGroup(ids, SANDBOX_M365_GROUP, longAgo + 10 * DAY, 'microsoft365'));
  SANDBOX_SERVICE_DESK_DEVICES.forEach((seed, i) => {
    const device = makeDevice({ ...seed, manufacturer: 'HP', model: 'EliteBook 840 G11' }, now - (20 - i) * DAY);
    applySeedCase(device, seed, ids, now);
    devices.push(device);
  });
  return {
    version: 1,
    identity: {
      tenantId: ids.guid(),
      tenantDomain: 'autopilot-sandbox.onmicrosoft.com',
      clientId: ids.guid(),
      appDisplayName: 'Autopilot Console (sandbox)',
      servicePrincipalId: ids.guid(),
    },
    imports: [],
    devices,
    groups,
    deviceIdentities: [],
    profiles,
    assignments,
    foreignSerials: [...SANDBOX_FOREIGN_SERIALS],
    settingsId: ids.guid(),
    syncTriggers: [],
    initialSyncAt: now - 3_600_000,
    nextSeq: 1,
  };
}

export type SeedDeviceSpec = DeviceSpec;
