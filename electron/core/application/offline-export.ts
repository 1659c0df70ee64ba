import type { ResponseOf } from '../../../shared/ipc/contract';
import { formatIntuneCsv, type IntuneCsvRow } from '../../../shared/domain/csv/write';
import { intuneCsvFileNames, writeIntuneCsvFiles } from '../files/csv-writer';
import { AppError } from '../errors';
import type { ActivityLog } from './activity-log';
import type { DeviceRecords } from './device-records';
import type { FolderPicker } from './platform';

/** Where exported files go: a folder the user picks (desktop), or the browser's downloads (browser console). */
export type ExportDelivery = 'folder' | 'download';

/** What an offline export reads and writes through. */
export interface OfflineExportContext {
  records: DeviceRecords;
  activity: ActivityLog;
  picker: FolderPicker;
  now: () => number;
  /** 'folder' by default. */
  to?: ExportDelivery;
}

/** Writes devices (the given ones, or every device not yet registered) as Intune CSV files in a folder the user picks. */
export async function exportOffline(
  { records: store, activity, picker, now, to = 'folder' }: OfflineExportContext,
  ids?: readonly string[],
): Promise<ResponseOf<'export:offline'>> {
  const records = ids
    ? ids.map((id) => store.get(id)).filter((r) => r !== undefined)
    : store.list().filter((r) => r.view.stage === 'collected');
  if (records.length === 0)
    throw new AppError('nothing-to-export', 'No devices to export: devices waiting at "Hash collected" are exported.');
  const rows = records.map((r) => ({
    serial: r.view.serial,
    productId: r.productId,
    hardwareHash: r.hardwareHash,
    groupTag: r.view.groupTag,
    assignedUser: r.view.assignedUser,
  }));
  const baseName = `autopilot-devices-${new Date(now()).toISOString().slice(0, 10)}`;
  if (to === 'download') return downloads(rows, baseName, activity);
  const folder = await picker.chooseFolder('export');
  if (folder === null) return { cancelled: true, folder: '', files: [], count: 0, refusals: [] };
  const result = await writeIntuneCsvFiles(folder, rows, { baseName });
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

/** The files as text for the browser to download: nothing is written on the server. */
function downloads(rows: IntuneCsvRow[], baseName: string, activity: ActivityLog): ResponseOf<'export:offline'> {
  const output = formatIntuneCsv(rows);
  if (!output.ok) {
    const refusals = output.refusals.map((r) => ({ serial: r.serial, message: `${r.column} ${r.message}` }));
    return { cancelled: false, folder: '', files: [], count: 0, refusals };
  }
  const names = intuneCsvFileNames(baseName, output.files.length);
  activity.add({
    action: 'Offline export',
    serial: '',
    groupTag: '',
    outcome: 'ok',
    detail: `${rows.length} devices to ${names.length} file(s) downloaded by the browser`,
  });
  return {
    cancelled: false,
    folder: '',
    files: names,
    count: rows.length,
    refusals: [],
    downloads: output.files.map((content, i) => ({ fileName: names[i] as string, content })),
  };
}
