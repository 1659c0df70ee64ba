import { decodeHash } from '../../../shared/domain/hash/decode';
import type { IntuneCsvRefusal, IntuneCsvRow } from '../../../shared/domain/csv/write';
import type { Journal } from '../store/journal';
import type { JournalDevice, JournalSource } from '../store/types';
import { writeIntuneCsvFiles, type IntuneCsvWriteOptions } from './csv-writer';

/** A device to keep until it is uploaded or exported (from a capture, a CSV row or a hash file). */
export interface QueueCandidate {
  serial: string;
  hardwareHash: string;
  productId?: string;
  groupTag?: string;
  assignedUser?: string;
  manufacturer?: string;
  model?: string;
  uuid?: string;
  warnings?: string[];
}

/** Where the devices came from, and what applies to all of them. */
export interface QueueContext {
  source: JournalSource;
  /** File and line, or the capture provider (never the hash). */
  origin: string;
  /** Wins over each device's own tag (like `--tag`). */
  groupTag?: string;
  assignedUser?: string;
}

/** What happened to one device. */
export interface QueueOutcome {
  serial: string;
  action: 'queued' | 'updated' | 'unchanged' | 'already-tracked';
  /** Why, for the technician. */
  note?: string;
}

/** Adds devices to the offline queue of the journal (one commit); a known serial is updated, never duplicated. */
export function queueDevices(
  journal: Journal,
  devices: readonly QueueCandidate[],
  context: QueueContext,
): QueueOutcome[] {
  const outcomes = devices.map((device) => queueOne(journal, device, context));
  journal.commit();
  return outcomes;
}

function queueOne(journal: Journal, device: QueueCandidate, context: QueueContext): QueueOutcome {
  const decoded = decodeHash(device.hardwareHash);
  const serial = device.serial.trim() || (decoded.ok ? decoded.hash.serial : '');
  const fields = {
    hardwareHash: device.hardwareHash,
    productKey: device.productId ?? '',
    manufacturer: device.manufacturer || (decoded.ok ? decoded.hash.manufacturer : ''),
    model: device.model || (decoded.ok ? decoded.hash.model : ''),
    uuid: device.uuid || (decoded.ok ? decoded.hash.uuid : ''),
    groupTag: context.groupTag ?? device.groupTag ?? '',
    assignedUser: context.assignedUser ?? device.assignedUser ?? '',
    warnings: device.warnings ?? [],
  };
  const existing = journal.get(serial);
  if (!existing) {
    journal.enqueue({ serial, ...fields, source: context.source, origin: context.origin });
    return { serial, action: 'queued' };
  }
  if (!existing.queued) {
    return {
      serial,
      action: 'already-tracked',
      note:
        existing.hardwareHash === device.hardwareHash
          ? `already being registered (stage ${existing.stage})`
          : `already being registered (stage ${existing.stage}) with another hash: if the motherboard was replaced, register it again with --replace-existing`,
    };
  }
  const changed = (Object.keys(fields) as (keyof typeof fields)[]).some(
    (key) => JSON.stringify(existing[key]) !== JSON.stringify(fields[key]),
  );
  if (!changed) return { serial, action: 'unchanged' };
  journal.update(serial, { ...fields, origin: context.origin, exportedAt: null });
  return { serial, action: 'updated' };
}

/** The Intune CSV row of a journal device (the product id column, never a key). */
export function csvRowOf(device: JournalDevice): IntuneCsvRow {
  return {
    serial: device.serial,
    productId: device.productKey,
    hardwareHash: device.hardwareHash,
    groupTag: device.groupTag,
    assignedUser: device.assignedUser,
  };
}

/** Result of an export. */
export type ExportResult =
  { ok: true; paths: string[]; serials: string[] } | { ok: false; refusals: IntuneCsvRefusal[] };

/** Writes the queued devices as Intune CSV files (500 per file) and marks them exported. */
export async function exportQueue(
  journal: Journal,
  dir: string,
  options: IntuneCsvWriteOptions & { onlyNotExported?: boolean } = {},
): Promise<ExportResult> {
  const devices = journal
    .queued()
    .filter((device) => !options.onlyNotExported || device.exportedAt === null)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.key.localeCompare(b.key));
  const result = await writeIntuneCsvFiles(dir, devices.map(csvRowOf), options);
  if (!result.ok) return result;
  const serials = devices.map((device) => device.serial);
  journal.markExported(serials);
  return { ok: true, paths: result.paths, serials };
}
