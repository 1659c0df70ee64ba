import { stageLabelOf } from '../../../shared/domain/corporate';
import type { BulkOutcome } from '../../../shared/ipc/device-schemas';
import { AppError } from '../errors';
import type { CorporateInput } from '../pipeline/corporate';
import type { ActivityLog } from './activity-log';
import type { DeviceRecords } from './device-records';
import type { RegistrationBackend } from './registration-backend';

/**
 * Adds board devices as corporate identifiers for Windows Autopilot device preparation: their manufacturer, model
 * and serial (from the captured hash) go to Intune's importedDeviceIdentities. Devices without all three, or busy
 * with an Autopilot registration, are left alone with the reason.
 */
export async function registerAsCorporate(
  records: DeviceRecords,
  activity: ActivityLog,
  backend: RegistrationBackend,
  ids: readonly string[],
): Promise<BulkOutcome> {
  if (!backend.registerCorporate)
    throw new AppError('not-supported', 'This tenant connection cannot add corporate identifiers.');
  const outcome: BulkOutcome = { done: [], skipped: [] };
  const inputs: CorporateInput[] = [];
  for (const id of ids) {
    const record = records.get(id);
    if (!record) continue;
    const { view } = record;
    if (view.inProgress) {
      outcome.skipped.push({
        id,
        serial: view.serial,
        reason: `Busy: ${stageLabelOf(view.stage, view.kind).toLowerCase()}, wait until it stops.`,
      });
      continue;
    }
    const serial = view.hashSerial ?? view.serial;
    if (!view.manufacturer || !view.model || !serial) {
      outcome.skipped.push({
        id,
        serial: view.serial,
        reason: 'Manufacturer, model and serial are all needed; capture the hash again so they can be read from it.',
      });
      continue;
    }
    records.patch(id, {
      kind: 'corporate-identifier',
      stage: 'collected',
      problem: null,
      inProgress: true,
      note: 'Adding as corporate identifier',
    });
    inputs.push({
      manufacturer: view.manufacturer,
      model: view.model,
      serial,
      source: view.source,
      origin: view.origin,
    });
    outcome.done.push(id);
    activity.add({
      action: 'Add corporate identifier',
      serial: view.serial,
      groupTag: '',
      outcome: 'info',
      detail: `${view.manufacturer},${view.model},${serial}`,
    });
  }
  if (inputs.length > 0) await backend.registerCorporate(inputs);
  return outcome;
}
