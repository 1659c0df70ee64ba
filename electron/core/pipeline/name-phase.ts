import { GraphError } from '../graph/errors';
import type { AutopilotIdentity } from '../graph/schemas';
import type { JournalDevice } from '../store/types';
import type { ImportContext } from './import-phase';
import { wantedProperties } from './lookup-phase';
import { permissionProblem, problem } from './problems';

/**
 * Sets the device name of freshly imported records. The import record has no displayName
 * (importedWindowsAutopilotDeviceIdentity), so the name goes through updateDeviceProperties once the registered
 * device is listed, as Get-WindowsAutopilotInfo -AssignedComputerName does (Set-AutopilotDevice -displayName).
 * All four properties are sent (field notes B6); the device then waits until the name reads back.
 */
export async function sendDeviceNames(
  ctx: ImportContext,
  pending: { device: JournalDevice; identity: AutopilotIdentity }[],
  signal?: AbortSignal,
): Promise<void> {
  const at = new Date(ctx.clock.now()).toISOString();
  for (const { device, identity } of pending) {
    try {
      await ctx.api.updateDeviceProperties(identity.id, wantedProperties(device, identity), signal);
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      ctx.journal.update(device.key, {
        stage: 'failed',
        target: null,
        problem:
          error.status === 403
            ? permissionProblem(
                'imported',
                'DeviceManagementServiceConfig.ReadWrite.All',
                'the device name could not be set (403)',
              )
            : problem(
                'name-failed',
                'imported',
                `The device is registered, but its name "${device.deviceName ?? ''}" could not be set: ${error.message}`,
                'Run the registration again to set the name (the record is kept), or set it in Intune > Windows enrollment > Devices.',
              ),
      });
      continue;
    }
    ctx.logger.info('device name sent to the registered record', { serial: device.serial });
    ctx.journal.update(device.key, {
      propertiesChangedAt: at,
      statusNote: `registered; device name "${device.deviceName ?? ''}" sent, waiting for Intune to show it`,
    });
  }
  if (pending.length > 0) ctx.journal.commit();
}
