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
import { advance } from './phase';
import { addToStaticGroups, pendingStaticGroups } from './static-groups';
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
  /** How long a device Intune reports as not assigned may wait at its stage before it fails "not-assigned". */
  notAssignedGraceMs?: number;
  /** How long a device may be pending before its intended profile is read to explain the wait. */
  intendedCheckAfterMs?: number;
  /** When each device's intended profile was last read (an expanded read costs one request). */
  intendedCheckedAt?: Map<string, number>;
  /** Per tag: when one of its slow devices last had its intended profile read, and whether it was another. */
  intendedSamples?: Map<string, { at: number; other: boolean }>;
  /** How soon chains read incompletely (a passing failure) are read again (default one minute). */
  incompleteRetryMs?: number;
}

/** True when the chains were read in full: only then may a device fail or skip a stage because of them. */
export function chainsSettled(source: ChainSource): boolean {
  return source.tenant !== null && source.tenant.incomplete !== true;
}

/** Tag chains change rarely (an admin edits a rule or an assignment): read once per half hour of a run. */
const CHAIN_TTL_MS = 30 * 60_000;
/** A device's intended profile is read again at most this often. */
const INTENDED_TTL_MS = 10 * 60_000;

/** The chain of a tag, or null when group rules cannot be read. */
export async function chainOf(source: ChainSource, tag: string, signal?: AbortSignal): Promise<TagChain | null> {
  // Every device of a tag is judged on the same chains: a passing failure is not kept for half an hour.
  const ttl = source.tenant?.incomplete ? (source.incompleteRetryMs ?? 60_000) : CHAIN_TTL_MS;
  if (!source.tenant || source.clock.now() - source.readAt > ttl) {
    source.tenant = await readTenantChains(source.api, source.caps, signal);
    source.readAt = source.clock.now();
  }
  return source.tenant.rulesReadable ? chainFor(source.tenant, tag) : null;
}

/** Why the chain is unknown, in plain words. */
function chainGap(source: ChainSource): string {
  return source.tenant?.skipped.join('; ') || 'the tag -> group -> profile chain could not be read';
}

function skip(journal: Journal, device: JournalDevice, stage: Stage, why: string): void {
  journal.update(device.key, {
    notObservable: device.notObservable.includes(stage) ? device.notObservable : [...device.notObservable, stage],
    skippedChecks: device.skippedChecks.includes(why) ? device.skippedChecks : [...device.skippedChecks, why],
  });
}

/**
 * The "in dynamic group" stage: membership of the group(s) that lead to the tag's profile, and of the static groups
 * chosen at registration (the device is added to those first; until it is in all of them it stays here).
 */
export async function observeGroups(
  source: ChainSource,
  journal: Journal,
  following: JournalDevice[],
  signal?: AbortSignal,
): Promise<void> {
  await addToStaticGroups(source, journal, following, signal);
  const devices = following.flatMap((device) => {
    const now = journal.get(device.key);
    return now && now.stage !== 'failed' && pendingStaticGroups(now).length === 0 ? [now] : [];
  });
  if (!source.caps.deviceRead) {
    for (const device of devices)
      skip(journal, device, 'in-group', 'in dynamic group: not observable, Device.Read.All is not granted');
    return;
  }
  const wanted = new Map<string, string[]>();
  for (const device of devices) {
    const chain = await chainOf(source, device.groupTag, signal);
    const groups = chain
      ? chain.profileGroupIds.length > 0
        ? chain.profileGroupIds
        : chain.groups.map((group) => group.id)
      : [];
    // Chains read in part (a passing failure): wait for a full read rather than skip the stage.
    if (groups.length === 0 && !chainsSettled(source)) continue;
    if (!chain) {
      skip(journal, device, 'in-group', `in dynamic group: not observable, ${chainGap(source)}`);
      continue;
    }
    if (groups.length === 0) {
      skip(
        journal,
        device,
        'in-group',
        `in dynamic group: skipped, no dynamic group's rule selects tag "${device.groupTag}"`,
      );
      continue;
    }
    if (device.entraDeviceId) wanted.set(device.key, groups);
  }
  if (wanted.size === 0) return;
  const ready = devices.filter((device) => wanted.has(device.key));
  const look = await lookGroups(
    source.api,
    [...new Set([...wanted.values()].flat())],
    ready.map((device) => device.entraDeviceId as string),
    source.caps.groupRead,
    source.cost,
    signal,
  );
  for (const device of ready) {
    if (!look) {
      skip(
        journal,
        device,
        'in-group',
        'in dynamic group: not observable, Graph refused to show group membership (403)',
      );
      continue;
    }
    if ((wanted.get(device.key) ?? []).some((groupId) => look.members(groupId, device.entraDeviceId as string))) {
      advance(journal, source.clock, device, 'in-group');
    }
  }
}

function note(journal: Journal, device: JournalDevice, text: string): void {
  if (!device.warnings.includes(text))
    journal.update(device.key, {
      warnings: [...device.warnings.filter((w) => !w.startsWith('assigned profile')), text],
    });
}

function notAssignedProblem(chain: TagChain, tag: string): ReturnType<typeof problem> {
  const names = chain.groups.map((group) => `"${group.displayName || group.id}"`).join(', ');
  return problem(
    'not-assigned',
    'profile-assigned',
    chain.groups.length > 0
      ? `No deployment profile targets ${names}, the group(s) tag "${tag}" leads to, and none targets all devices; Intune reports the device as not assigned.`
      : `No dynamic group selects tag "${tag}", no deployment profile targets all devices, and Intune reports the device as not assigned.`,
    chain.groups.length > 0
      ? `Assign a deployment profile to ${names} in Intune (Devices > Windows > Enrollment > Deployment profiles), or register the device with a tag that leads to a profile.`
      : 'Create a dynamic group whose rule selects the tag and assign a profile to it, or use a tag that leads to a profile.',
  );
}

function addSkipped(journal: Journal, device: JournalDevice, why: string): JournalDevice {
  return journal.update(device.key, { skippedChecks: [...device.skippedChecks.filter((w) => w !== why), why] });
}

/** The profile Intune intends for a device (expanded read), at most every 10 minutes per device unless `now`. */
async function intendedProfile(
  source: ChainSource,
  id: string,
  key: string,
  now: boolean,
  signal?: AbortSignal,
): Promise<string | null> {
  const checked = (source.intendedCheckedAt ??= new Map<string, number>());
  const last = checked.get(key);
  if (!now && last !== undefined && source.clock.now() - last < INTENDED_TTL_MS) return null;
  checked.set(key, source.clock.now());
  const full = await source.api.identity(id, signal).catch((error: unknown) => {
    if (error instanceof GraphError) return null;
    throw error;
  });
  return full?.intendedDeploymentProfile?.id ?? '';
}

function profileName(source: ChainSource, id: string): string {
  const found = source.tenant?.profiles.find((profile) => profile.id === id);
  return found?.displayName ? `"${found.displayName}"` : id;
}

/**
 * The "profile assigned" stage: status assigned* with a date, AND the profile is the one the tag leads to
 * (an assignment from before a tag change can linger). Where that cannot be checked, the skip is recorded.
 * "Not assigned" is Graph's word first: only a device Intune reports as notAssigned (or unknown), with no
 * intended profile, whose chain shows no profile after a grace period, fails; an assignment the chain cannot
 * explain (policy sets, static groups, rules on other attributes) is accepted with a note.
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
    const lower = status.toLowerCase();
    const outOfSync = lower === 'assignedoutofsync';
    if (!outOfSync && device.outOfSyncSince) journal.update(device.key, { outOfSyncSince: null });
    let intended = entry.expanded ? (identity.intendedDeploymentProfile?.id ?? '') : null;
    if (lower === 'failed') {
      const raw = (identity as Record<string, unknown>).deploymentProfileAssignmentDetailedStatus;
      const detail = typeof raw === 'string' ? raw : '';
      journal.update(device.key, {
        stage: 'failed',
        target: null,
        problem: problem(
          'assignment-failed',
          'profile-assigned',
          `Intune reports that assigning the deployment profile failed${detail && detail !== 'none' ? ` (${detail})` : ''}.`,
          "Check the profile's settings against the device (e.g. TPM 2.0 for self-deploying), then run again.",
        ),
      });
      continue;
    }
    // Ready only when assigned AND in sync with the Autopilot service (or its sync state unknown, noted), with a
    // date (memdocs profiles: wait until "Date assigned" is populated). Out of sync is not ready (field notes B2).
    const unknownSync = lower === 'assignedunkownsyncstate' || lower === 'assignedunknownsyncstate';
    const assigned = (lower === 'assignedinsync' || unknownSync) && identity.deploymentProfileAssignedDateTime !== null;
    if (outOfSync) {
      const current = journal.get(device.key) as JournalDevice;
      journal.update(device.key, {
        outOfSyncSince: current.outOfSyncSince ?? new Date(source.clock.now()).toISOString(),
        statusNote: 'assigned, syncing with the Autopilot service (not ready yet)',
      });
      continue;
    }
    const accepted =
      chain?.accepted ?? (chain?.profile ? [{ profile: chain.profile, reading: 'oldest-wins' as const }] : []);
    if (!assigned) {
      const since = device.stageStartedAt ? Date.parse(device.stageStartedAt) : Number.NaN;
      const graceOver = Number.isNaN(since) || source.clock.now() - since >= (source.notAssignedGraceMs ?? 0);
      const saysNotAssigned = lower === 'notassigned' || lower === 'unknown' || lower === '';
      const deciding = chain !== null && !chain.profile && saysNotAssigned && graceOver && chainsSettled(source);
      // An expanded read costs a request per device: only for a device about to fail, or pending for a while.
      const slow = !Number.isNaN(since) && source.clock.now() - since >= (source.intendedCheckAfterMs ?? 0);
      // Each slow device of a tag is read after a tag change (an earlier profile can linger) or once one of its
      // tag's devices showed another intended profile; otherwise one device per tag stands for the rest.
      const samples = (source.intendedSamples ??= new Map<string, { at: number; other: boolean }>());
      const sample = samples.get(device.groupTag);
      const sampleDue = !sample || source.clock.now() - sample.at >= INTENDED_TTL_MS;
      const worthIt = device.propertiesChangedAt !== null || sample?.other === true || sampleDue;
      if (intended === null && (deciding || (lower === 'pending' && accepted.length > 0 && slow && worthIt))) {
        intended = await intendedProfile(source, identity.id, device.key, deciding, signal);
        if (intended !== null && accepted.length > 0) {
          const other = intended !== '' && !accepted.some((item) => item.profile.id === intended);
          samples.set(device.groupTag, { at: source.clock.now(), other: other || (sample?.other ?? false) });
        }
      }
      if (chain && !chain.profile) {
        if (deciding && !intended) {
          journal.update(device.key, {
            stage: 'failed',
            target: null,
            problem: notAssignedProblem(chain, device.groupTag),
          });
        }
      } else if (intended && accepted.length > 0 && !accepted.some((item) => item.profile.id === intended)) {
        note(
          journal,
          device,
          `assigned profile: Intune intends profile ${profileName(source, intended)}, not ${accepted.map((item) => `"${item.profile.displayName}"`).join(' or ')} that tag "${device.groupTag}" leads to: check the device's group membership and tag`,
        );
      }
      continue;
    }
    const assignedAt = Date.parse(identity.deploymentProfileAssignedDateTime as string);
    const changedAt = device.propertiesChangedAt ? Date.parse(device.propertiesChangedAt) : null;
    if (accepted.length === 0) {
      if (changedAt !== null && !(assignedAt >= changedAt)) continue;
      const why = chain
        ? `profile assigned: Intune reports a profile assigned, but the tag -> group -> profile chain of tag "${device.groupTag}" shows none (a policy set, a static group or a rule on other attributes can assign it), so the profile was not compared`
        : `profile assigned: the assigned profile was not compared with the tag's profile, ${chainGap(source)}`;
      ready(journal, source.clock, noteUnknownSync(journal, addSkipped(journal, device, why), unknownSync));
      continue;
    }
    let actual: string | null =
      entry.expanded && identity.deploymentProfile ? identity.deploymentProfile.id || null : null;
    if (actual === null) {
      for (const { profile } of accepted) {
        if (!assignedSets.has(profile.id)) {
          try {
            assignedSets.set(profile.id, await source.api.profileAssignedDevices(profile.id, signal));
          } catch (error) {
            if (!(error instanceof GraphError)) throw error;
            assignedSets.set(profile.id, null);
          }
        }
      }
      const sets = accepted.map(({ profile }) => ({ id: profile.id, set: assignedSets.get(profile.id) }));
      const member = sets.find((item) => item.set?.has(identity.id));
      if (member) actual = member.id;
      else if (sets.every((item) => item.set)) actual = 'another profile';
      else {
        const full = await source.api.identity(identity.id, signal).catch(() => null);
        actual = full?.deploymentProfile?.id || null;
      }
    }
    const match = accepted.find((item) => item.profile.id === actual);
    if (match) {
      let updated = device;
      if (accepted.length > 1) {
        const reading =
          match.reading === 'oldest-wins'
            ? 'the oldest profile wins, an "All devices" profile included'
            : 'an "All devices" profile is only the default, a group profile wins';
        updated = addSkipped(
          journal,
          device,
          `profile assigned: Microsoft's profile rules read two ways for tag "${device.groupTag}"; "${match.profile.displayName}" is the profile if ${reading}`,
        );
      }
      ready(journal, source.clock, noteUnknownSync(journal, updated, unknownSync));
    } else if (actual === null) {
      if (changedAt !== null && !(assignedAt >= changedAt)) continue;
      const why = `profile assigned: could not confirm that the assigned profile is ${accepted.map((item) => `"${item.profile.displayName}"`).join(' or ')} (the profile's device list could not be read)`;
      ready(journal, source.clock, noteUnknownSync(journal, addSkipped(journal, device, why), unknownSync));
    } else {
      note(
        journal,
        device,
        `assigned profile is not yet ${accepted.map((item) => `"${item.profile.displayName}"`).join(' or ')}, the profile tag "${device.groupTag}" leads to: waiting (an earlier assignment can linger after a tag change)`,
      );
    }
  }
}

function noteUnknownSync(journal: Journal, device: JournalDevice, unknownSync: boolean): JournalDevice {
  return unknownSync
    ? addSkipped(
        journal,
        device,
        'profile assigned: Intune reports the sync state with the Autopilot service as unknown (assignedUnkownSyncState); if OOBE does not show the profile, sync in Intune and restart the device',
      )
    : device;
}

function ready(journal: Journal, clock: Clock, device: JournalDevice): void {
  advance(journal, clock, device, 'profile-assigned', {
    warnings: device.warnings.filter((warning) => !warning.startsWith('assigned profile')),
    outOfSyncSince: null,
  });
}
