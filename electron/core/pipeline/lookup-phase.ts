import { GraphError } from '../graph/errors';
import type { JournalDevice } from '../store/types';
import { enrolledReason, ENROLLED_NEXT_STEP, isEnrolled } from './enrolled';
import type { ImportContext } from './import-phase';
import { lookIdentities } from './observe';
import { permissionProblem, problem } from './problems';

/**
 * Looks each serial up before importing. An existing record is followed (its tag and user updated when they
 * differ: no 806); with replaceExisting it is deregistered first unless enrolled in Intune.
 */
export async function lookupBeforeImport(
  ctx: ImportContext & { onChanged(): void },
  devices: JournalDevice[],
  signal?: AbortSignal,
  afterDuplicate = false,
): Promise<void> {
  if (devices.length === 0) return;
  const look = await lookIdentities(ctx.api, devices, ctx.cost, signal);
  const at = new Date(ctx.clock.now()).toISOString();
  for (const device of devices) {
    const found = look.byKey.get(device.key) ?? [];
    if (device.replaceExisting && !afterDuplicate) {
      if (found.length === 0) {
        ctx.journal.update(device.key, { lookedUpAt: at });
        continue;
      }
      if (device.replacedRecordId && found.some((identity) => identity.id === device.replacedRecordId)) continue; // deletion still in progress
      const enrolled = found.find(isEnrolled);
      if (enrolled) {
        ctx.journal.update(device.key, {
          stage: 'failed',
          target: null,
          problem: problem('enrolled-in-intune', 'imported', enrolledReason(enrolled), ENROLLED_NEXT_STEP),
        });
        continue;
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
        continue;
      }
      ctx.logger.info('deregistered the existing record before importing the new hash', { serial: device.serial });
      ctx.journal.update(device.key, { replacedRecordId: (found[0] as { id: string }).id });
      continue;
    }
    const identity = found[0];
    if (!identity) {
      ctx.journal.update(device.key, { lookedUpAt: at });
      continue;
    }
    const tagDiffers = identity.groupTag !== device.groupTag;
    const userDiffers =
      device.assignedUser !== '' && identity.userPrincipalName.toLowerCase() !== device.assignedUser.toLowerCase();
    const patch: Partial<JournalDevice> = {
      lookedUpAt: at,
      autopilotDeviceId: identity.id,
      importStatus: device.importStatus ?? 'existing',
      importIntentAt: null,
    };
    if (tagDiffers || userDiffers) {
      try {
        await ctx.api.updateDeviceProperties(
          identity.id,
          {
            groupTag: device.groupTag,
            ...(userDiffers
              ? {
                  userPrincipalName: device.assignedUser,
                  addressableUserName: device.assignedUser.split('@')[0] ?? device.assignedUser,
                }
              : {}),
          },
          signal,
        );
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
                `The existing record's group tag or user could not be updated: ${error.message}`,
                'Check the user principal name (a licensed Intune user), then run again.',
              );
        ctx.journal.update(device.key, { ...patch, stage: 'failed', target: null, problem: why });
        continue;
      }
      patch.propertiesChangedAt = at;
      ctx.logger.info('existing record updated instead of re-imported', {
        serial: device.serial,
        tagChanged: tagDiffers,
        userChanged: userDiffers,
      });
    }
    ctx.journal.update(device.key, patch);
    if (!tagDiffers) {
      const current = ctx.journal.get(device.key) as JournalDevice;
      ctx.journal.update(device.key, {
        stage: 'imported',
        stageTimes: { ...current.stageTimes, imported: at },
        stageStartedAt: at,
        entraDeviceId: identity.azureAdDeviceId || identity.azureActiveDirectoryDeviceId || null,
      });
    }
  }
  ctx.journal.commit();
  ctx.onChanged();
}
