/**
 * State that evolves with time, derived lazily from timestamps so it is deterministic with any clock:
 * group membership follows the device's Entra attributes `group` ms later, and a profile reaches a member
 * `profile` ms after the device joined a targeted group. A changed group tag therefore leaves the old
 * profile assigned until the group re-evaluates, exactly the window in which a naive client is fooled.
 */
import { hashFraction } from './ids';
import type { AutopilotDevice, DirectoryGroup, TenantData } from './model';
import { parseRule, evaluateRule, type RuleNode } from '../../../shared/domain/rules/rules';
import type { Latencies } from './types';

/** windowsAutopilotProfileAssignmentStatus values the sandbox reports (beta enum; the typo is Microsoft's). */
export type AssignmentStatus =
  'notAssigned' | 'pending' | 'assignedInSync' | 'assignedOutOfSync' | 'assignedUnkownSyncState' | 'failed';

/** Profile assignment as Graph beta reports it for one device at one time. */
export interface ProfileState {
  status: AssignmentStatus;
  /** The profile currently assigned (Graph `deploymentProfile`). */
  assignedProfileId: string | null;
  /** The profile Intune intends to assign (Graph `intendedDeploymentProfile`). */
  intendedProfileId: string | null;
  assignedAt: number | null;
  /** When the assignment came in sync with the Autopilot service (null while it is not). */
  inSyncAt: number | null;
}

/** A stage latency spread by a stable per-record factor. */
export function jittered(base: number, key: string, jitter: number): number {
  if (jitter <= 0) return base;
  return Math.round(base * (1 + jitter * (2 * hashFraction(key) - 1)));
}

/** The Entra physicalIds of an Autopilot device as they were at time `t` (null before it existed). */
export function physicalIdsAt(device: AutopilotDevice, t: number): string[] | null {
  if (t < device.registeredAt) return null;
  let tag = '';
  for (const entry of device.tagHistory) if (entry.at <= t) tag = entry.groupTag;
  const n = Math.floor(hashFraction(device.id) * 9000) + 1000;
  const ids = [`[ZTDID]:${device.id}`, `[GID]:g:${6966000000 + n}`, `[HWID]:h:${6966000000 + n}`];
  if (tag) ids.splice(1, 0, `[OrderId]:${tag}`);
  if (device.purchaseOrderIdentifier) ids.push(`[PurchaseOrderId]:${device.purchaseOrderIdentifier}`);
  return ids;
}

export class Timeline {
  private readonly rules = new Map<string, RuleNode | null>();

  constructor(
    private readonly data: TenantData,
    private readonly latencies: () => Latencies,
  ) {}

  private rule(group: DirectoryGroup): RuleNode | null {
    if (!this.rules.has(group.membershipRule)) {
      const parsed = parseRule(group.membershipRule);
      this.rules.set(group.membershipRule, parsed.ok ? parsed.rule : null);
    }
    return this.rules.get(group.membershipRule) ?? null;
  }

  groupLatency(device: AutopilotDevice): number {
    const l = this.latencies();
    return jittered(l.group, `${device.id}:group`, l.jitter);
  }

  profileLatency(device: AutopilotDevice): number {
    const l = this.latencies();
    return jittered(l.profile, `${device.id}:profile`, l.jitter);
  }

  /** Whether the group's rule, evaluated `group` ms ago, selected the device. */
  isMember(device: AutopilotDevice, group: DirectoryGroup, t: number): boolean {
    if (group.kind === 'assigned' || group.kind === 'microsoft365')
      return t >= device.registeredAt && (group.members ?? []).includes(device.entraObjectId);
    const seen = t - this.groupLatency(device);
    if (group.membershipRuleProcessingState !== 'On' || seen < group.createdAt) return false;
    const ids = physicalIdsAt(device, seen);
    const rule = this.rule(group);
    if (!ids || !rule) return false;
    return evaluateRule(rule, { devicePhysicalIds: ids, displayName: device.serialNumber, deviceOSType: 'Windows' });
  }

  groupsOf(device: AutopilotDevice, t: number): DirectoryGroup[] {
    return this.data.groups.filter((group) => this.isMember(device, group, t));
  }

  membersOf(group: DirectoryGroup, t: number): AutopilotDevice[] {
    return this.data.devices.filter((device) => device.deletedAt === undefined && this.isMember(device, group, t));
  }

  /**
   * When an assignment made at `assignedAt` comes in sync with the Autopilot service, if it has by `t`: after the
   * out-of-sync latency, or (seeded: never on its own) when a manual sync that started after it ends.
   */
  private inSyncAt(device: AutopilotDevice, assignedAt: number, t: number): number | null {
    const l = this.latencies();
    const ends = this.data.syncTriggers.filter((s) => s >= assignedAt).map((s) => s + l.syncDuration);
    if (!device.outOfSyncUntilSync) ends.push(assignedAt + jittered(l.outOfSync, `${device.id}:outOfSync`, l.jitter));
    const first = ends.length > 0 ? Math.min(...ends) : null;
    return first !== null && first <= t ? first : null;
  }

  /** The profile that should win at time t: the oldest-created profile targeting one of its groups. */
  intendedAt(device: AutopilotDevice, t: number): string | null {
    if (t < device.registeredAt) return null;
    const groups = new Set(this.groupsOf(device, t).map((g) => g.id));
    const active = this.data.assignments.filter((a) => a.createdAt <= t);
    const excluded = new Set(
      active.filter((a) => a.exclusion && a.groupId && groups.has(a.groupId)).map((a) => a.profileId),
    );
    // Exclusions are not supported with All devices (reference §3): they only narrow group targets.
    const candidates = this.data.profiles
      .filter((p) =>
        active.some(
          (a) =>
            a.profileId === p.id &&
            !a.exclusion &&
            (a.groupId === null || (groups.has(a.groupId) && !excluded.has(p.id))),
        ),
      )
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    return candidates[0]?.id ?? null;
  }

  /** Times at which the intended profile of a device may change. */
  private breakpoints(device: AutopilotDevice, t: number): number[] {
    const lag = this.groupLatency(device);
    const times = new Set<number>([device.registeredAt]);
    for (const entry of device.tagHistory) times.add(entry.at + lag);
    times.add(device.registeredAt + lag);
    for (const group of this.data.groups) times.add(group.createdAt + lag);
    for (const assignment of this.data.assignments) times.add(assignment.createdAt);
    return [...times].filter((x) => x <= t && x >= device.registeredAt).sort((a, b) => a - b);
  }

  /** Replays the device's intended-profile history up to t and reports assignment as of t. */
  profileState(device: AutopilotDevice, t: number): ProfileState {
    const lag = this.profileLatency(device);
    const runs: { start: number; profile: string | null }[] = [];
    for (const at of this.breakpoints(device, t)) {
      const profile = this.intendedAt(device, at);
      if (runs.length === 0 || runs[runs.length - 1]?.profile !== profile) runs.push({ start: at, profile });
    }
    let assigned: string | null = null;
    let assignedAt: number | null = null;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i] as { start: number; profile: string | null };
      const end = runs[i + 1]?.start ?? t;
      const settles = run.start + lag;
      if (run.profile !== assigned && settles <= end && settles <= t) {
        assigned = run.profile;
        assignedAt = run.profile === null ? null : settles;
      }
    }
    const intended = runs[runs.length - 1]?.profile ?? null;
    let status: AssignmentStatus;
    const inSyncAt = assigned !== null && assignedAt !== null ? this.inSyncAt(device, assignedAt, t) : null;
    if (intended !== null && intended !== assigned) status = 'pending';
    else if (assigned !== null && assignedAt !== null)
      status = inSyncAt === null ? 'assignedOutOfSync' : 'assignedInSync';
    else status = 'notAssigned';
    const override = device.profileStatusOverride as AssignmentStatus | undefined;
    if (override) status = override;
    return {
      status,
      assignedProfileId: assigned,
      intendedProfileId: intended ?? assigned,
      assignedAt,
      inSyncAt: status === 'assignedInSync' ? inSyncAt : null,
    };
  }
}
