import type { RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import { writeIntuneCsvFiles } from '../files/csv-writer';
import { AppError } from '../errors';
import { checkGroupTag, type ConsoleApp } from './registrations';
import type { FolderPicker } from './platform';

/** Adds the valid rows of a read CSV to the board with the picked tag/user, and registers them when asked. */
export async function queueImport(
  app: ConsoleApp,
  request: RequestOf<'import:queue'>,
): Promise<ResponseOf<'import:queue'>> {
  if (request.groupTag) checkGroupTag(request.groupTag);
  const pending = app.imports.take(request.importId);
  const added: string[] = [];
  let skipped = 0;
  for (const { device, warnings } of pending.devices) {
    if (app.records.findBySerial(device.serial)) {
      skipped++;
      continue;
    }
    const groupTag = request.overrideTags || !device.groupTag ? (request.groupTag ?? device.groupTag) : device.groupTag;
    const assignedUser = request.assignedUser || device.assignedUser;
    const record = app.addDevice(
      { ...device, provider: pending.fileName, warnings },
      { groupTag, assignedUser },
      'csv',
    );
    added.push(record.view.id);
  }
  app.activity.add({
    action: 'Import CSV',
    serial: '',
    groupTag: request.groupTag ?? '',
    outcome: 'info',
    detail: `${pending.fileName}: ${added.length} added${skipped ? `, ${skipped} already on the board` : ''}`,
  });
  if (request.groupTag) await app.settings.rememberTag(request.groupTag);
  if (request.register && added.length > 0) await app.register(added);
  return { added, skipped };
}

/** Writes devices (the given ones, or every device not yet registered) as Intune CSV files in a folder the user picks. */
export async function exportOffline(
  app: ConsoleApp,
  picker: FolderPicker,
  ids?: readonly string[],
): Promise<ResponseOf<'export:offline'>> {
  const records = ids
    ? ids.map((id) => app.records.get(id)).filter((r) => r !== undefined)
    : app.records.list().filter((r) => r.view.stage === 'collected');
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
    { baseName: `autopilot-devices-${new Date().toISOString().slice(0, 10)}` },
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
  app.activity.add({
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
