import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_OPTIONS, spreadsheetSafe } from '../../../shared/domain/csv/spreadsheet-safe';
import { STAGE_LABELS, STAGES, type DeviceView } from '../../../shared/domain/device';
import { validateHash } from '../../../shared/domain/hash/validate';
import type { DeviceDetail, HashReport } from '../../../shared/ipc/device-schemas';
import type { DeviceRecord } from './device-records';

/** The offline validation of a record's hash, as the detail panel shows it. */
export function hashReportOf(record: DeviceRecord, now: number): HashReport {
  const result = validateHash(record.hardwareHash, { serial: record.view.serial, now });
  const d = result.decoded;
  return {
    ok: result.ok,
    errors: result.errors.map(({ code, message }) => ({ code, message })),
    warnings: result.warnings.map(({ code, message }) => ({ code, message })),
    decoded: d
      ? {
          serial: d.serial,
          manufacturer: d.manufacturer,
          model: d.model,
          uuid: d.uuid,
          hasTpm: d.hasTpm,
          tpmVersion: d.tpmVersion,
          networkAdapters: d.networkAdapters.length,
          osBuild: d.osBuild,
          capturedAt: d.capturedAt,
          chars: d.chars,
        }
      : null,
  };
}

/** Everything the detail panel shows about one record. */
export function detailOf(record: DeviceRecord, now: number): DeviceDetail {
  return {
    device: record.view,
    timeline: [...record.timeline].sort((a, b) => a.at.localeCompare(b.at)),
    validation: hashReportOf(record, now),
    graph: {
      autopilotDeviceId: record.view.autopilotDeviceId,
      entraDeviceId: record.view.entraDeviceId,
      importRecordId: record.importRecordId,
      importRecordNote: importRecordNote(record),
    },
    skippedChecks: record.skippedChecks,
  };
}

/** Why a record has no import record id, in words that stay true (null when it has one). */
function importRecordNote(record: DeviceRecord): string | null {
  if (record.importRecordId) return null;
  if (record.existingRecordReused) return 'none: the existing Autopilot record was reused, nothing was imported';
  if (record.view.stage === 'collected' && !record.view.inProgress) return 'none yet: not registered';
  return 'not known yet';
}

/** The board's view of devices as CSV (no hashes): what a technician reports to a colleague. */
export function boardCsv(devices: readonly DeviceView[]): string {
  const header = [
    'Serial',
    'Make',
    'Model',
    'Group tag',
    'Assigned user',
    'Stage',
    'Reason',
    'Next step',
    ...STAGES.map((s) => STAGE_LABELS[s]),
  ];
  const rows = devices.map((d) =>
    [
      d.serial,
      d.manufacturer,
      d.model,
      d.groupTag,
      d.assignedUser,
      STAGE_LABELS[d.stage],
      d.problem?.reason ?? '',
      d.problem?.nextStep ?? '',
      ...STAGES.map((s) => (d.notObservable.includes(s) ? 'not observable' : (d.stageTimes[s] ?? ''))),
    ].map(spreadsheetSafe),
  );
  return stringify([header, ...rows], SAFE_CSV_OPTIONS);
}
