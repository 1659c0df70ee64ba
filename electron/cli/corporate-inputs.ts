import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { CORPORATE_CSV_MAX_ROWS } from '../../shared/domain/corporate';
import { decodeTextStream } from '../core/files/text-decoding';
import type { CorporateInput } from '../core/pipeline/corporate';
import { decodeWithPadding } from '../core/pipeline/prepare';
import { readInputs, type RejectedRow } from './inputs';
import { UsageError } from './options';

/** Intune's upload takes at most 5 MB per file as well as 5,000 rows. */
const MAX_BYTES = 5 * 1024 * 1024;

async function textOf(path: string): Promise<string> {
  let text = '';
  for await (const chunk of decodeTextStream(createReadStream(path)).chunks) text += chunk;
  return text;
}

/** The rows of a 3-column "manufacturer,model,serial" file (no header), or null when the file is not one. */
function threeColumnRows(text: string): { line: number; fields: string[] }[] | null {
  const rows = text
    .split(/\r?\n/)
    .map((raw, index) => ({ line: index + 1, raw: raw.trim() }))
    .filter((row) => row.raw !== '');
  if (rows.length === 0) return null;
  const first = rows[0]?.raw.toLowerCase() ?? '';
  // An Intune hash CSV (header with "hardware hash") or a bare hash is read as a capture instead.
  if (first.includes('hardware hash') || first.includes('serial number') || !first.includes(',')) return null;
  if ((first.match(/,/g) ?? []).length !== 2) return null;
  return rows.map((row) => ({
    line: row.line,
    fields: row.raw.split(',').map((field) => field.replace(/^"(.*)"$/, '$1').trim()),
  }));
}

/**
 * Reads corporate identifiers from files: a 3-column "manufacturer,model,serial" CSV without header (Intune's
 * format), or captured hashes (an Intune CSV or a hash file), whose manufacturer, model and serial are decoded from
 * the hash. Bad rows are returned with their file and line; a file over Intune's limits is refused.
 */
export async function readCorporateInputs(
  paths: string[],
  cwd: string,
  now: number,
): Promise<{ inputs: CorporateInput[]; rejected: RejectedRow[]; fileWarnings: string[] }> {
  const inputs: CorporateInput[] = [];
  const rejected: RejectedRow[] = [];
  const fileWarnings: string[] = [];
  for (const path of paths) {
    const full = resolve(cwd, path);
    if (!existsSync(full)) throw new UsageError(`${path} does not exist`);
    const file = basename(full);
    if (statSync(full).size > MAX_BYTES)
      throw new UsageError(
        `${path} is larger than 5 MB, the most Intune takes per corporate identifier file: split it`,
      );
    const rows = threeColumnRows(await textOf(full));
    if (rows) {
      if (rows.length > CORPORATE_CSV_MAX_ROWS)
        throw new UsageError(
          `${path} has ${rows.length} rows; Intune takes at most ${CORPORATE_CSV_MAX_ROWS} per file: split it`,
        );
      for (const row of rows) {
        const [manufacturer = '', model = '', serial = ''] = row.fields;
        if (row.fields.length !== 3) {
          rejected.push({
            file,
            line: row.line,
            serial: '',
            code: 'columns',
            reason: `expected 3 values (manufacturer,model,serial), found ${row.fields.length}`,
            duplicate: false,
          });
          continue;
        }
        inputs.push({ manufacturer, model, serial, source: 'csv', origin: `${file}:${row.line}` });
      }
      continue;
    }
    const hashes = await readInputs([full], cwd, now);
    rejected.push(...hashes.rejected);
    fileWarnings.push(...hashes.fileWarnings);
    for (const input of hashes.inputs) {
      const decoded = decodeWithPadding(input.hardwareHash).decoded;
      if (!decoded.ok) {
        rejected.push({
          file,
          line: Number((input.origin ?? '').split(':').pop()) || 0,
          serial: input.serial ?? '',
          code: 'hash',
          reason: `the hash cannot be read: ${decoded.error.message}`,
          duplicate: false,
        });
        continue;
      }
      inputs.push({
        manufacturer: decoded.hash.manufacturer,
        model: decoded.hash.model,
        serial: decoded.hash.serial || (input.serial ?? ''),
        source: 'csv',
        hardwareHash: input.hardwareHash,
        ...(input.origin ? { origin: input.origin } : {}),
      });
    }
  }
  return { inputs, rejected, fileWarnings };
}
