import { GraphError } from '../graph/errors';
import type { AutopilotIdentity } from '../graph/schemas';
import type { JournalDevice } from '../store/types';
import { enrolledReason, ENROLLED_NEXT_STEP, isEnrolled } from './enrolled';
import type { ImportContext } from './import-phase';
import { lookIdentities } from './observe';
import { advance } from './phase';
import { permissionProblem, problem } from './problems';

/** How long an upload waits after Intune answered 806 for a serial whose record is being deleted. */
export const DELETION_RETRY_MS = 60_000;

/** remediationState values after a hardware change, in the portal's words (field notes B10). */
export function remediationNote(identity: AutopilotIdentity): { text: string; manual: boolean } | null {
  const state = identity.remediationState.toLowerCase();
  if (state === 'manualremediationrequired')
    return {
      manual: true,
      text: 'Intune reports a hardware change on the existing record ("Attention required": manual remediation required)',
    };
  if (state === 'automaticremediationrequired')
    return {
      manual: false,
      text: 'Intune reports a hardware change on the existing record ("Fix pending": Autopilot repairs it automatically)',
    };
  return null;
}

/** True when the record shows the device name this run sets (or the run sets none); names compare as Windows does. */
export function nameReadBack(device: JournalDevice, identity: AutopilotIdentity): boolean {
  return !device.deviceName || identity.displayName.toLowerCase() === device.deviceName.toLowerCase();
}

/** What the record should become: the run's tag, user and name, everything else as it is (never wiped). */
export function wantedProperties(device: JournalDevice, identity: AutopilotIdentity) {
  const user = device.assignedUser || identity.userPrincipalName;
  return {
    groupTag: device.groupTag,
    userPrincipalName: user,
    addressableUserName:
      device.assignedUser && device.assignedUser.toLowerCase() !== identity.userPrincipalName.toLowerCase()
        ? (device.assignedUser.split('@')[0] ?? device.assignedUser)
        : identity.addressableUserName,
    displayName: device.deviceName || identity.displayName,
  };
}

/** Deregisters the existing record(s) of a device being replaced, unless enrolled. */
async function replace(
  ctx: ImportContext,
  device: JournalDevice,
  found: AutopilotIdentity[],
  signal?: AbortSignal,
): Promise<void> {
  const enrolled = found.find(isEnrolled);
  if (enrolled) {
    ctx.journal.update(device.key, {
      stage: 'failed',
      target: null,
      problem: problem('enrolled-in-intune', 'imported', enrolledReason(enrolled), ENROLLED_NEXT_STEP),
    });
    return;
  }
  try {
    for (const identity of found) await ctx.api.deleteIdentity(identity.id, signal);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    ctx.journal.update(device.key, {
      stage: 'failed',
      target: null,
      problem: problem(
        'deregister-failed',
        'imported',
        `The existing record could not be deregistered: ${error.message}`,
        'Delete the device in Intune > Windows enrollment > Devices, then run again.',
      ),
    });
    return;
  }
  ctx.logger.info('deregistered the existing record before importing the new hash', { serial: device.serial });
  const old = found[0] as AutopilotIdentity;
  ctx.journal.update(device.key, {
    // The same device with a new motherboard keeps its tag and user unless new ones were given.
    groupTag: device.groupTag || old.groupTag,
    assignedUser: device.assignedUser || old.userPrincipalName,
    replacedRecordId: old.id,
    statusNote: 'old record deregistered; waiting until Intune no longer lists it before importing the new hash',
  });
}

/** Follows an existing record: its tag and user are updated where they differ (no 806), then read back. */
async function follow(
  ctx: ImportContext,
  device: JournalDevice,
  identity: AutopilotIdentity,
  at: string,
  signal?: AbortSignal,
): Promise<void> {
  const hardware = remediationNote(identity);
  if (hardware?.manual) {
    ctx.journal.update(device.key, {
      stage: 'failed',
      target: null,
      autopilotDeviceId: identity.id,
      problem: problem(
        'hardware-changed',
        'imported',
        `${hardware.text}: the record no longer matches the device, which would not get its profile at OOBE.`,
        'Replace the record with the newly captured hash (Replace in the console, or register with --replace-existing).',
      ),
    });
    return;
  }
  const wanted = wantedProperties(device, identity);
  const tagDiffers = identity.groupTag !== wanted.groupTag;
  const userDiffers = identity.userPrincipalName.toLowerCase() !== wanted.userPrincipalName.toLowerCase();
  const nameDiffers = !nameReadBack(device, identity);
  const reused =
    'the existing Autopilot record of this serial was kept: its hash is the one registered before, not the one captured now. If the motherboard was replaced, use Replace (--replace-existing)';
  const patch: Partial<JournalDevice> = {
    lookedUpAt: at,
    retagSince: null,
    autopilotDeviceId: identity.id,
    importStatus: device.importStatus ?? 'existing',
    importIntentAt: null,
    uploadAfter: null,
    warnings: [
      ...device.warnings.filter((warning) => warning !== reused && !warning.startsWith('Intune reports a hardware')),
      reused,
      ...(hardware ? [hardware.text] : []),
    ],
  };
  if (tagDiffers || userDiffers || nameDiffers) {
    try {
      await ctx.api.updateDeviceProperties(identity.id, wanted, signal);
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      const why =
        error.status === 403
          ? permissionProblem(
              'imported',
              'DeviceManagementServiceConfig.ReadWrite.All',
              'the existing record could not be updated (403)',
            )
          : problem(
              'update-failed',
              'imported',
              `The existing record's group tag, user or name could not be updated: ${error.message}`,
              'Check the user principal name (a licensed Intune user) and the device name, then run again.',
            );
      ctx.journal.update(device.key, { ...patch, stage: 'failed', target: null, problem: why });
      return;
    }
    // Accepted at once, read back minutes later (field notes B6): the device waits in "read-back".
    patch.propertiesChangedAt = at;
    const changed = [tagDiffers ? 'group tag' : '', userDiffers ? 'user' : '', nameDiffers ? 'device name' : ''].filter(
      Boolean,
    );
    const listed = changed.length > 1 ? `${changed.slice(0, -1).join(', ')} and ${changed.at(-1) ?? ''}` : changed[0];
    patch.statusNote = `existing record updated (${listed ?? ''}); waiting for Intune to show the new values`;
    ctx.logger.info('existing record updated instead of re-imported', {
      serial: device.serial,
      tagChanged: tagDiffers,
      userChanged: userDiffers,
      nameChanged: nameDiffers,
    });
    ctx.journal.update(device.key, patch);
    return;
  }
  const updated = ctx.journal.update(device.key, patch);
  advance(ctx.journal, ctx.clock, updated, 'imported', {
    entraDeviceId: identity.azureAdDeviceId || identity.azureActiveDirectoryDeviceId || null,
  });
}

/**
 * Looks each serial up before importing. An existing record is followed (tag and user updated where they
 * differ); with replaceExisting it is deregistered first unless enrolled, and the import waits until the tenant
 * no longer lists it.
 */
export async function lookupBeforeImport(
  ctx: ImportContext,
  devices: JournalDevice[],
  signal?: AbortSignal,
): Promise<void> {
  if (devices.length === 0) return;
  const look = await lookIdentities(ctx.api, devices, ctx.cost, signal);
  const at = new Date(ctx.clock.now()).toISOString();
  for (const device of devices) {
    const found = look.byKey.get(device.key) ?? [];
    const deleting = device.replacedRecordId;
    const live = deleting ? found.filter((identity) => identity.id !== deleting) : found;
    if (device.replaceExisting) {
      if (deleting && found.some((identity) => identity.id === deleting)) continue; // still listed: wait
      if (live.length > 0 && !deleting) {
        await replace(ctx, device, live, signal);
        continue;
      }
      if (live.length === 0 && device.importStatus !== 'error') {
        ctx.journal.update(device.key, {
          lookedUpAt: at,
          statusNote: deleting ? 'old record gone; importing the new hash' : null,
        });
        continue;
      }
    }
    const identity = live[0];
    if (identity) {
      await follow(ctx, device, identity, at, signal);
      continue;
    }
    if (device.retagSince && (device.importStatus === 'complete' || device.autopilotDeviceId)) {
      // Imported, but its record is not listed yet: it is updated to the new tag or user once it is.
      ctx.journal.update(device.key, {
        statusNote: "registered again with new values: waiting for the tenant to list the device's record to update it",
      });
      continue;
    }
    if (device.importStatus === 'error') {
      // Intune answered 806 but lists no record: a deletion is still under way (field notes B7). Wait, then
      // upload again; never take "already registered" for a record nobody can see.
      ctx.journal.update(device.key, {
        lookedUpAt: at,
        importStatus: null,
        uploadAfter: new Date(ctx.clock.now() + DELETION_RETRY_MS).toISOString(),
        statusNote: deleting
          ? 'the old record is still being deleted (Intune answers 806 meanwhile); uploading the new hash again shortly'
          : 'Intune answered 806 (already registered here) but lists no record with this serial: a deletion may still be in progress; uploading again shortly',
      });
      continue;
    }
    ctx.journal.update(device.key, { lookedUpAt: at, retagSince: null });
  }
  ctx.journal.commit();
}
