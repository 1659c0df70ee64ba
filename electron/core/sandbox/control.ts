/** Test and bench hooks on a running sandbox: permissions, faults, throttling, stats, snapshots and seeding. */
import { buildHash } from '../../../shared/domain/hash/build';
import type { Faults } from './faults';
import type { AutopilotDevice, ImportResult } from './model';
import { resolveThrottle } from './presets';
import { makeAssignment, makeGroup, makeProfile, tagRule, type SeedDeviceSpec } from './seed';
import { copyStats, emptyStats } from './stats';
import type { Tenant } from './tenant';
import type { Throttle } from './throttle';
import { physicalIdsAt, type AssignmentStatus } from './timeline';
import type { FaultOptions, Latencies, SandboxStats, ThrottleLimits } from './types';

/** One device as the tenant sees it now. */
export interface DeviceSnapshot {
  id: string;
  serialNumber: string;
  manufacturer: string;
  model: string;
  groupTag: string;
  /** The Autopilot device name (displayName), as read back. */
  displayName: string;
  azureAdDeviceId: string;
  entraObjectId: string;
  /** Listed by windowsAutopilotDeviceIdentities now. */
  visible: boolean;
  /** A DELETE was accepted (the record may still be listed for a while). */
  deleted: boolean;
  physicalIds: string[];
  groupIds: string[];
  profileStatus: AssignmentStatus;
  assignedProfileId: string | null;
  intendedProfileId: string | null;
  assignedAt: string | null;
  /** When the assignment came in sync with the Autopilot service: the device is ready for OOBE from then on. */
  inSyncAt: string | null;
}

export interface ImportSnapshot {
  id: string;
  serialNumber: string;
  groupTag: string;
  importId: string;
  createdAt: string;
  result: ImportResult | null;
}

export interface SandboxSnapshot {
  now: string;
  devices: DeviceSnapshot[];
  imports: ImportSnapshot[];
  /** Groups; `kind` dynamic (rule), assigned (static, with its members' Entra object ids) or microsoft365. */
  groups: { id: string; displayName: string; membershipRule: string; kind: string; members: string[] }[];
  /** Corporate identifiers (importedDeviceIdentities). */
  deviceIdentities: { id: string; type: string; identifier: string }[];
  profiles: { id: string; displayName: string; createdDateTime: string; groupIds: string[] }[];
  foreignSerials: string[];
}

/** What `addTagChain` created. */
export interface TagChain {
  tag: string;
  groupId: string;
  profileId: string | null;
}

/** Seeded states of a registered device, for every case a technician meets. */
export interface RegisteredDeviceOptions {
  registeredAt?: number;
  enrolled?: boolean;
  /** Enrolment state without `enrolled` (e.g. "notContacted") and a real managedDeviceId. */
  managedDeviceId?: string;
  /** beta remediationState, e.g. "manualRemediationRequired" after a motherboard change. */
  remediationState?: string;
  /** Stays assignedOutOfSync until a manual sync ends. */
  outOfSyncUntilSync?: boolean;
  /** A profile status that wins over the timeline, e.g. "failed" or "assignedUnkownSyncState". */
  profileStatus?: string;
}

export interface SandboxControl {
  /** Application permissions put into tokens issued from now on (issued tokens keep theirs, as in Entra). */
  setGrantedRoles(roles: string[]): void;
  grantedRoles(): string[];
  setFaults(faults: FaultOptions | null): void;
  setThrottle(throttle: boolean | Partial<ThrottleLimits>): void;
  setLatencies(latencies: Partial<Latencies>): void;
  latencies(): Latencies;
  setPageSize(size: number): void;
  stats(): SandboxStats;
  resetStats(): void;
  snapshot(): SandboxSnapshot;
  /** Registers a device as if imported long ago (fully settled); returns its snapshot. */
  addRegisteredDevice(
    spec?: Partial<SeedDeviceSpec> &
      Omit<RegisteredDeviceOptions, 'enrolled'> & { enrolled?: boolean | 'managed-id-only' },
  ): DeviceSnapshot;
  /** Changes a registered device's seeded state (remediation, out-of-sync, a profile status, enrolment). */
  setDeviceState(serial: string, state: RegisteredDeviceOptions): void;
  /** Marks serials as owned by another tenant (imports of them end in 808). */
  markForeignSerials(serials: string[]): void;
  /** Makes imports of a serial end in a DDS error, e.g. { code: 640, name: 'StorageError' }; null clears it. */
  forceImportError(serial: string, error: { code: number; name: string } | null): void;
  /** Adds a dynamic group for the tag and, unless `withProfile` is false, a profile assigned to it. */
  addTagChain(tag: string, options?: { withProfile?: boolean; profileName?: string }): TagChain;
  /** Adds a profile assigned to "All devices" (created `profileAgeMs` ago), optionally with exclusion groups. */
  addAllDevicesProfile(options?: { profileName?: string; profileAgeMs?: number; excludeGroupIds?: string[] }): {
    profileId: string;
  };
  /**
   * Adds a dynamic group with any rule and, unless `withProfile` is false, a profile assigned to it (created
   * `profileAgeMs` ago, so it can be older than the seeded ones): assignments a tag chain does not show.
   */
  addRuleGroup(
    displayName: string,
    rule: string,
    options?: { withProfile?: boolean; profileName?: string; profileAgeMs?: number },
  ): { groupId: string; profileId: string | null };
  /** A hardware hash for a new serial, valid for import. */
  makeHash(spec?: Partial<SeedDeviceSpec>): { serial: string; hardwareHash: string };
}

export interface ControlDeps {
  tenant: Tenant;
  faults: Faults;
  throttle: Throttle;
  stats: SandboxStats;
  roles: { value: string[] };
  pageSize: { value: number };
  newSerial: () => string;
}

/** Creates the control object for a running sandbox. */
export function createControl(deps: ControlDeps): SandboxControl {
  const { tenant } = deps;
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  const deviceSnapshot = (id: string): DeviceSnapshot => {
    const device = tenant.data.devices.find((d) => d.id === id);
    if (!device) throw new Error(`No device ${id}.`);
    const now = tenant.now();
    const profile = tenant.timeline.profileState(device, now);
    return {
      id: device.id,
      serialNumber: device.serialNumber,
      manufacturer: device.manufacturer,
      model: device.model,
      groupTag: device.groupTag,
      displayName: device.displayName,
      azureAdDeviceId: device.azureAdDeviceId,
      entraObjectId: device.entraObjectId,
      visible: device.visibleAt <= now && device.deletedAt === undefined,
      deleted: device.deletedAt !== undefined,
      physicalIds: physicalIdsAt(device, now) ?? [],
      groupIds: tenant.timeline.groupsOf(device, now).map((g) => g.id),
      profileStatus: profile.status,
      assignedProfileId: profile.assignedProfileId,
      intendedProfileId: profile.intendedProfileId,
      assignedAt: iso(profile.assignedAt),
      inSyncAt: iso(profile.inSyncAt),
    };
  };
  const applyState = (device: AutopilotDevice, state: RegisteredDeviceOptions): void => {
    if (state.enrolled) Object.assign(device, { enrollmentState: 'enrolled', managedDeviceId: tenant.ids.guid() });
    if (state.managedDeviceId !== undefined) device.managedDeviceId = state.managedDeviceId;
    if (state.remediationState !== undefined)
      Object.assign(device, { remediationState: state.remediationState, remediationAt: tenant.now() });
    if (state.outOfSyncUntilSync !== undefined) device.outOfSyncUntilSync = state.outOfSyncUntilSync;
    if (state.profileStatus !== undefined) device.profileStatusOverride = state.profileStatus;
    tenant.changed();
  };
  const hashFor = (spec: Partial<SeedDeviceSpec> = {}) => {
    const serial = spec.serial ?? deps.newSerial();
    const hardwareHash = buildHash({
      serial,
      manufacturer: spec.manufacturer ?? 'LENOVO',
      model: spec.model ?? '21G2',
      uuid: tenant.ids.guid().toUpperCase(),
      capturedAtMs: tenant.now(),
      tpmVersion: 'TPM-Version:2.0 -Level:0-Revision:1.59',
    });
    return { serial, hardwareHash };
  };

  return {
    setGrantedRoles: (roles) => {
      deps.roles.value = [...roles];
    },
    grantedRoles: () => [...deps.roles.value],
    setFaults: (faults) => deps.faults.set(faults),
    setThrottle: (throttle) => deps.throttle.setLimits(resolveThrottle(throttle)),
    setLatencies: (latencies) => tenant.setLatencies(latencies),
    latencies: () => ({ ...tenant.latency }),
    setPageSize: (size) => {
      deps.pageSize.value = size;
    },
    stats: () => copyStats(deps.stats),
    resetStats: () => Object.assign(deps.stats, emptyStats()),
    snapshot: () => {
      tenant.settle();
      const data = tenant.data;
      return {
        now: new Date(tenant.now()).toISOString(),
        devices: data.devices.map((d) => deviceSnapshot(d.id)),
        imports: data.imports.map((r) => ({
          id: r.id,
          serialNumber: r.serialNumber,
          groupTag: r.groupTag,
          importId: r.importId,
          createdAt: new Date(r.createdAt).toISOString(),
          result: r.result ?? null,
        })),
        groups: data.groups.map((g) => ({
          id: g.id,
          displayName: g.displayName,
          membershipRule: g.membershipRule,
          kind: g.kind ?? 'dynamic',
          members: [...(g.members ?? [])],
        })),
        deviceIdentities: (data.deviceIdentities ?? []).map((r) => ({
          id: r.id,
          type: r.importedDeviceIdentityType,
          identifier: r.importedDeviceIdentifier,
        })),
        profiles: data.profiles.map((p) => ({
          id: p.id,
          displayName: p.displayName,
          createdDateTime: new Date(p.createdAt).toISOString(),
          groupIds: data.assignments.filter((a) => a.profileId === p.id && a.groupId).map((a) => a.groupId as string),
        })),
        foreignSerials: [...data.foreignSerials],
      };
    },
    addRegisteredDevice: (spec = {}) => {
      tenant.settle();
      const { serial } = hashFor(spec);
      const at = spec.registeredAt ?? tenant.now() - 30 * 86_400_000;
      const device = tenant.makeDevice(
        {
          serial,
          manufacturer: spec.manufacturer ?? 'LENOVO',
          model: spec.model ?? '21G2',
          groupTag: spec.groupTag ?? '',
        },
        at,
      );
      tenant.data.devices.push(device);
      // 'managed-id-only': a managed device id while enrollmentState still reads notContacted (updated apart).
      if (spec.enrolled === 'managed-id-only') Object.assign(device, { managedDeviceId: tenant.ids.guid() });
      applyState(device, { ...spec, enrolled: spec.enrolled === true });
      return deviceSnapshot(device.id);
    },
    setDeviceState: (serial, state) => {
      tenant.settle();
      const device = tenant.data.devices.find((d) => d.serialNumber.toLowerCase() === serial.toLowerCase());
      if (!device) throw new Error(`No device with serial ${serial}.`);
      applyState(device, state);
    },
    markForeignSerials: (serials) => {
      tenant.settle();
      tenant.data.foreignSerials.push(...serials);
      tenant.changed();
    },
    forceImportError: (serial, error) => {
      tenant.settle();
      const key = serial.toLowerCase();
      const others = Object.entries(tenant.data.forcedErrors ?? {}).filter(([k]) => k !== key);
      tenant.data.forcedErrors = Object.fromEntries(error ? [...others, [key, error]] : others);
      tenant.changed();
    },
    addTagChain: (tag, options = {}) => {
      tenant.settle();
      const now = tenant.now();
      const group = makeGroup(tenant.ids, `Autopilot ${tag}`, tagRule(tag), now);
      tenant.data.groups.push(group);
      let profileId: string | null = null;
      if (options.withProfile !== false) {
        const profile = makeProfile(tenant.ids, options.profileName ?? `Profile for ${tag}`, now);
        tenant.data.profiles.push(profile);
        tenant.data.assignments.push(makeAssignment(profile, group.id, now));
        profileId = profile.id;
      }
      tenant.changed();
      return { tag, groupId: group.id, profileId };
    },
    addAllDevicesProfile: (options = {}) => {
      tenant.settle();
      const now = tenant.now();
      const profile = makeProfile(
        tenant.ids,
        options.profileName ?? 'All devices profile',
        now - (options.profileAgeMs ?? 0),
      );
      tenant.data.profiles.push(profile);
      tenant.data.assignments.push({
        id: `${profile.id}_alldevices_0`,
        profileId: profile.id,
        groupId: null,
        exclusion: false,
        createdAt: now,
      });
      for (const groupId of options.excludeGroupIds ?? [])
        tenant.data.assignments.push({
          ...makeAssignment(profile, groupId, now),
          id: `${profile.id}_${groupId}_1`,
          exclusion: true,
        });
      tenant.changed();
      return { profileId: profile.id };
    },
    addRuleGroup: (displayName, rule, options = {}) => {
      tenant.settle();
      const now = tenant.now();
      const group = makeGroup(tenant.ids, displayName, rule, now);
      tenant.data.groups.push(group);
      let profileId: string | null = null;
      if (options.withProfile !== false) {
        const created = now - (options.profileAgeMs ?? 0);
        const profile = makeProfile(tenant.ids, options.profileName ?? `Profile for ${displayName}`, created);
        tenant.data.profiles.push(profile);
        tenant.data.assignments.push(makeAssignment(profile, group.id, now));
        profileId = profile.id;
      }
      tenant.changed();
      return { groupId: group.id, profileId };
    },
    makeHash: (spec) => hashFor(spec),
  };
}
