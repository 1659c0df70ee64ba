import { STAGES, type Stage } from '../../../shared/domain/device';
import { GraphError } from '../graph/errors';
import { addGroupMember, entraObjectIdOf } from '../graph/group-membership';
import type { Journal } from '../store/journal';
import type { JournalDevice } from '../store/types';
import { problem } from './problems';
import type { ChainSource } from './stage-checks';
import type { RegisterOptions } from './types';

/** The static groups a device still has to be added to. */
export function pendingStaticGroups(device: JournalDevice): { id: string; name: string }[] {
  return (device.staticGroups ?? []).filter((group) => !group.added);
}

function names(groups: { name: string }[]): string {
  return groups.map((group) => `"${group.name}"`).join(', ');
}

function fail(journal: Journal, device: JournalDevice, code: string, reason: string, nextStep: string): void {
  journal.update(device.key, { stage: 'failed', target: null, problem: problem(code, 'in-group', reason, nextStep) });
}

/**
 * Adds each device (its Entra device object, once it exists) to the static groups chosen at registration. The
 * object id is looked up from the Autopilot record's azureActiveDirectoryDeviceId, which is the Entra deviceId:
 * GET /devices?$filter=deviceId eq '...'. A device already a member counts as added. Devices without the needed
 * permissions fail with the permission named; the others wait (a note says for what) within the stage's limit.
 */
export async function addToStaticGroups(
  source: ChainSource,
  journal: Journal,
  devices: JournalDevice[],
  signal?: AbortSignal,
): Promise<void> {
  const graph = source.api.graph;
  for (const start of devices) {
    let device = start;
    const pending = pendingStaticGroups(device);
    if (pending.length === 0 || !device.entraDeviceId) continue;
    if (!source.caps.deviceRead) {
      fail(
        journal,
        device,
        'permission-missing',
        `Device.Read.All is not granted, so the device's Entra object cannot be found to add it to ${names(pending)}.`,
        'Grant Device.Read.All (application permission, admin consent) and retry, or register without static groups.',
      );
      continue;
    }
    if (source.caps.groupWrite === false) {
      fail(
        journal,
        device,
        'permission-missing',
        `GroupMember.ReadWrite.All (or Group.ReadWrite.All) is not granted, so the device cannot be added to ${names(pending)}.`,
        'Grant GroupMember.ReadWrite.All (and, for an application, Device.ReadWrite.All) with admin consent and retry, or register without static groups.',
      );
      continue;
    }
    try {
      const objectId = device.entraObjectId ?? (await entraObjectIdOf(graph, device.entraDeviceId, signal));
      if (!objectId) {
        journal.update(device.key, {
          statusNote: 'waiting for the Entra device object, to add it to its static groups',
        });
        continue;
      }
      if (objectId !== device.entraObjectId) device = journal.update(device.key, { entraObjectId: objectId });
      for (const group of pending) {
        await addGroupMember(graph, group.id, objectId, signal);
        device = journal.update(device.key, {
          staticGroups: (device.staticGroups ?? []).map((g) => (g.id === group.id ? { ...g, added: true } : g)),
        });
      }
    } catch (error) {
      if (!(error instanceof GraphError) || error.status === 0 || error.status === 429 || error.status >= 500)
        throw error;
      const left = pendingStaticGroups(journal.get(device.key) ?? device);
      if (error.status === 403)
        fail(
          journal,
          device,
          'permission-missing',
          `Graph refused to add the device to ${names(left)} (403): GroupMember.ReadWrite.All and, for an application, Device.ReadWrite.All are needed.`,
          'Grant the permissions with admin consent (check with "doctor" or "Test connection"), then retry.',
        );
      else
        fail(
          journal,
          device,
          error.status === 404 ? 'group-not-found' : 'group-add-failed',
          `The device could not be added to ${names(left)}: ${error.message}`,
          error.status === 404
            ? 'Check that the group still exists, then retry with an existing assigned security group.'
            : 'Only assigned (not dynamic) security groups take members: pick another group and retry.',
        );
    }
  }
}

/** The groups a device already has (with what was added), plus the newly chosen ones. */
function mergeGroups(
  had: JournalDevice['staticGroups'],
  wanted: NonNullable<JournalDevice['staticGroups']>,
): NonNullable<JournalDevice['staticGroups']> {
  const out = [...(had ?? [])];
  for (const group of wanted) if (!out.some((g) => g.id === group.id)) out.push(group);
  return out;
}

/**
 * The stage a registration waits for. Devices are added to static groups at "in group", so a registration that
 * carries static groups waits at least that long ("imported" is raised to "in-group").
 */
export function registrationTarget(options: RegisterOptions): Stage {
  const wanted = options.waitFor === 'profile-assigned' ? 'ready' : (options.waitFor ?? 'ready');
  return options.staticGroups?.length && STAGES.indexOf(wanted) < STAGES.indexOf('in-group') ? 'in-group' : wanted;
}

/**
 * The journal change that gives an in-flight device newly chosen static groups. A device already past the group
 * check (in the group, its check skipped, or further) goes back to "imported", so the group phase adds it to them
 * before it goes on; the group and profile checks are made again.
 */
export function regroupInFlight(
  device: JournalDevice,
  wanted: NonNullable<JournalDevice['staticGroups']>,
  at: string,
): Partial<JournalDevice> {
  const staticGroups = mergeGroups(device.staticGroups, wanted);
  const added = staticGroups.length > (device.staticGroups?.length ?? 0);
  const pastGroupCheck =
    device.stage === 'in-group' ||
    device.stage === 'profile-assigned' ||
    (device.stage === 'imported' && device.notObservable.includes('in-group'));
  if (!added || !pastGroupCheck) return { staticGroups };
  return {
    staticGroups,
    stage: 'imported',
    stageStartedAt: at,
    statusNote: null,
    notObservable: device.notObservable.filter((stage) => stage !== 'in-group'),
    skippedChecks: device.skippedChecks.filter((why) => !why.startsWith('in dynamic group')),
  };
}
