import type { ResponseOf } from '../../../shared/ipc/contract';
import { writeIntuneCsvFiles } from '../files/csv-writer';
import { AppError } from '../errors';
import type { ActivityLog } from './activity-log';
import type { DeviceRecords } from './device-records';
import type { FolderPicker } from './platform';

/** What an offline export reads and writes through. */
export interface OfflineExportContext {
  records: DeviceRecords;
  activity: ActivityLog;
  picker: FolderPicker;
  now: () => number;
}

/** Writes devices (the given ones, or every device not yet registered) as Intune CSV files in a folder the user picks. */
export async function exportOffline(
  { records: store, activity, picker, now }: OfflineExportContext,
  ids?: readonly string[],
): Promise<ResponseOf<'export:offline'>> {
  const records = ids
    ? ids.map((id) => store.get(id)).filter((r) => r !== undefined)
    : store.list().filter((r) => r.view.stage === 'collected');
  if (records.length === 0)
    throw new AppError('nothing-to-export', 'No devices to export: devices waiting at "Hash collected" are exported.');
  const folder = await picker.chooseFolder('export');
  if (folder === null) return { cancelled: true, folder: '', files: [], count: 0, refusals: [] };
  const result = await writeIntuneCsvFiles(
    folder,
    records.map((r) => ({
      serial: r.view.serial,
      productId: r.productId,
      hardwareHash: r.hardwareHash,
      groupTag: r.view.groupTag,
      assignedUser: r.view.assignedUser,
    })),
    { baseName: `autopilot-devices-${new Date(now()).toISOString().slice(0, 10)}` },
  );
  if (!result.ok) {
    return {
      cancelled: false,
      folder,
      files: [],
      count: 0,
      refusals: result.refusals.map((r) => ({ serial: r.serial, message: `${r.column} ${r.message}` })),
    };
  }
  activity.add({
    action: 'Offline export',
    serial: '',
    groupTag: '',
    outcome: 'ok',
    detail: `${records.length} devices to ${result.paths.length} file(s) in ${folder}`,
  });
  return {
    cancelled: false,
    folder,
    files: result.paths.map((p) => p.slice(folder.length + 1)),
    count: records.length,
    refusals: [],
  };
}
