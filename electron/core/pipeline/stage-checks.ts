import type { Stage } from '../../../shared/domain/device';
import type { Clock } from '../clock';
import type { AutopilotApi } from '../graph/autopilot-api';
import { GraphError } from '../graph/errors';
import type { Capabilities } from '../graph/permissions';
import type { AutopilotIdentity } from '../graph/schemas';
import type { Journal } from '../store/journal';
import type { JournalDevice } from '../store/types';
import { lookGroups, type CostModel } from './observe';
import { problem } from './problems';
import { chainFor, readTenantChains, type TagChain, type TenantChains } from './tag-chains';

/** The tenant's tag chains, read once and refreshed every 10 minutes. */
export interface ChainSource {
  api: AutopilotApi;
  caps: Capabilities;
  clock: Clock;
  readAt: number;
  tenant: TenantChains | null;
  warned: Set<string>;
  cost: CostModel;
}

const CHAIN_TTL_MS = 10 * 60_000;

/** The chain of a tag, or null when group rules cannot be read. */
export async function chainOf(source: ChainSource, tag: string, signal?: AbortSignal): Promise<TagChain | null> {
  if (!source.tenant || source.clock.now() - source.readAt > CHAIN_TTL_MS) {
    source.tenant = await readTenantChains(source.api, source.caps, signal);
    source.readAt = source.clock.now();
  }
  return source.tenant.rulesReadable ? chainFor(source.tenant, tag) : null;
}

/** Why the chain is unknown, in plain words. */
function chainGap(source: ChainSource): string {
  return source.tenant?.skipped.join('; ') || 'the tag -> group -> profile chain could not be read';
}

/** Moves a device to `stage`, stamping the time. */
export function advance(journal: Journal, clock: Clock, device: JournalDevice, stage: Stage, extra: Partial<JournalDevice> = {}): JournalDevice {
  const at = new Date(clock.now()).toISOString();
  return journal.update(device.key, { ...extra, stage, stageTimes: { ...device.stageTimes, [stage]: at }, stageStartedAt: at });
}

function skip(journal: Journal, device: JournalDevice, stage: Stage, why: string): void {
  journal.update(device.key, {
    notObservable: device.notObservable.includes(stage) ? device.notObservable : [...device.notObservable, stage],
    skippedChecks: device.skippedChecks.includes(why) ? device.skippedChecks : [...device.skippedChecks, why],
  });
}

/** The "in dynamic group" stage: membership of the group(s) that lead to the tag's profile. */
export async function observeGroups(source: ChainSource, journal: Journal, devices: JournalDevice[], signal?: AbortSignal): Promise<void> {
  if (!source.caps.deviceRead) {
    for (const device of devices) skip(journal, device, 'in-group', 'in dynamic group: not observable, Device.Read.All is not granted');
    return;
  }
  const wanted = new Map<string, string[]>();
  for (const device of devices) {
    const chain = await chainOf(source, device.groupTag, signal);
    if (!chain) {
      skip(journal, device, 'in-group', `in dynamic group: not observable, ${chainGap(source)}`);
      continue;
    }
    const groups = chain.profileGroupIds.length > 0 ? chain.profileGroupIds : chain.groups.map((group) => group.id);
    if (groups.length === 0) {
      skip(journal, device, 'in-group', `in dynamic group: skipped, no dynamic group's rule selects tag "${device.groupTag}"`);
      continue;
    }
    if (device.entraDeviceId) wanted.set(device.key, groups);
  }
  if (wanted.size === 0) return;
  const ready = devices.filter((device) => wanted.has(device.key));
  const look = await lookGroups(source.api, [...new Set([...wanted.values()].flat())], ready.map((device) => device.entraDeviceId as string), source.caps.groupRead, source.cost, signal);
  for (const device of ready) {
    if (!look) {
      skip(journal, device, 'in-group', 'in dynamic group: not observable, Graph refused to show group membership (403)');
      continue;
    }
    if ((wanted.get(device.key) ?? []).some((groupId) => look.members(groupId, device.entraDeviceId as string))) {
      advance(journal, source.clock, device, 'in-group');
    }
  }
}

function note(journal: Journal, device: JournalDevice, text: string): void {
  if (!device.warnings.includes(text)) journal.update(device.key, { warnings: [...device.warnings.filter((w) => !w.startsWith('assigned profile')), text] });
}

/**
 * The "profile assigned" stage: status assigned* with a date, AND the profile is the one the tag leads to
 * (an assignment from before a tag change can linger). Where that cannot be checked, the skip is recorded.
 */
export async function observeProfiles(
  source: ChainSource,
  journal: Journal,
  devices: JournalDevice[],
  identities: Map<string, { identity: AutopilotIdentity; expanded: boolean }>,
  signal?: AbortSignal,
): Promise<void> {
  const assignedSets = new Map<string, Set<string> | null>();
  for (const device of devices) {
    const entry = identities.get(device.key);
    if (!entry) continue;
    const { identity } = entry;
    const chain = await chainOf(source, device.groupTag, signal);
    const status = identity.deploymentProfileAssignmentStatus;
    if (chain && !chain.profile) {
      const names = chain.groups.map((group) => `"${group.displayName || group.id}"`).join(', ');
      journal.update(device.key, {
        stage: 'failed',
        target: null,
        problem: problem(
          'not-assigned',
          'profile-assigned',
          chain.groups.length > 0
            ? `No deployment profile targets ${names}, the group(s) tag "${device.groupTag}" leads to, and none targets all devices.`
            : `No dynamic group selects tag "${device.groupTag}", and no deployment profile targets all devices.`,
          chain.groups.length > 0
            ? `Assign a deployment profile to ${names} in Intune (Devices > Windows > Enrollment > Deployment profiles), or register the device with a tag that leads to a profile.`
            : 'Create a dynamic group whose rule selects the tag and assign a profile to it, or use a tag that leads to a profile.',
        ),
      });
      continue;
    }
    if (status === 'failed') {
      const raw = (identity as Record<string, unknown>).deploymentProfileAssignmentDetailedStatus;
      const detail = typeof raw === 'string' ? raw : '';
      journal.update(device.key, {
        stage: 'failed',
        target: null,
        problem: problem('assignment-failed', 'profile-assigned', `Intune reports that assigning the deployment profile failed${detail && detail !== 'none' ? ` (${detail})` : ''}.`, 'Check the profile\'s settings against the device (e.g. TPM 2.0 for self-deploying), then run again.'),
      });
      continue;
    }
    if (!status.startsWith('assigned') || !identity.deploymentProfileAssignedDateTime) continue;
    const assignedAt = Date.parse(identity.deploymentProfileAssignedDateTime);
    const changedAt = device.propertiesChangedAt ? Date.parse(device.propertiesChangedAt) : null;
    const expected = chain?.profile;
    if (!expected) {
      if (changedAt !== null && !(assignedAt >= changedAt)) continue;
      const why = `profile assigned: the assigned profile was not compared with the tag's profile, ${chainGap(source)}`;
      const updated = journal.update(device.key, { skippedChecks: device.skippedChecks.includes(why) ? device.skippedChecks : [...device.skippedChecks, why] });
      ready(journal, source.clock, updated);
      continue;
    }
    let actual: string | null = entry.expanded && identity.deploymentProfile ? identity.deploymentProfile.id : null;
    if (actual === null) {
      if (!assignedSets.has(expected.id)) {
        try {
          assignedSets.set(expected.id, await source.api.profileAssignedDevices(expected.id, signal));
        } catch (error) {
          if (!(error instanceof GraphError)) throw error;
          assignedSets.set(expected.id, null);
        }
      }
      const set = assignedSets.get(expected.id);
      if (set) actual = set.has(identity.id) ? expected.id : 'another profile';
      else {
        const full = await source.api.identity(identity.id, signal).catch(() => null);
        actual = full?.deploymentProfile?.id || null;
      }
    }
    if (actual === expected.id) {
      ready(journal, source.clock, device);
    } else if (actual === null) {
      if (changedAt !== null && !(assignedAt >= changedAt)) continue;
      const why = `profile assigned: could not confirm that the assigned profile is "${expected.displayName}" (the profile's device list could not be read)`;
      ready(journal, source.clock, journal.update(device.key, { skippedChecks: [...device.skippedChecks.filter((w) => w !== why), why] }));
    } else {
      note(journal, device, `assigned profile is not yet "${expected.displayName}", the profile tag "${device.groupTag}" leads to: waiting (an earlier assignment can linger after a tag change)`);
    }
  }
}

function ready(journal: Journal, clock: Clock, device: JournalDevice): void {
  const at = new Date(clock.now()).toISOString();
  journal.update(device.key, {
    stage: 'profile-assigned',
    stageTimes: { ...device.stageTimes, 'profile-assigned': at },
    stageStartedAt: at,
    warnings: device.warnings.filter((warning) => !warning.startsWith('assigned profile')),
  });
  const after = journal.get(device.key) as JournalDevice;
  if (after.target === 'ready') journal.update(device.key, { stage: 'ready', stageTimes: { ...after.stageTimes, ready: at } });
}
