import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  formatIntuneCsv,
  INTUNE_CSV_MAX_ROWS,
  type IntuneCsvRefusal,
  type IntuneCsvRow,
} from '../../../shared/domain/csv/write';

/** Files written, or the refusals (then nothing is written). */
export type IntuneCsvWriteResult = { ok: true; paths: string[] } | { ok: false; refusals: IntuneCsvRefusal[] };

/** Options of the file writer. */
export interface IntuneCsvWriteOptions {
  /** File name without ".csv" (default "autopilot-devices"). */
  baseName?: string;
  /** Rows per file (default and maximum 500). */
  maxRows?: number;
}

/** The file names for `count` files: "name.csv" alone, else "name-1.csv" ... "name-N.csv". */
export function intuneCsvFileNames(baseName: string, count: number): string[] {
  if (count <= 1) return [`${baseName}.csv`];
  return Array.from({ length: count }, (_, i) => `${baseName}-${i + 1}.csv`);
}

/** Writes rows as Intune CSV files in `dir` (UTF-8 without BOM, CRLF), each file atomically. */
export async function writeIntuneCsvFiles(
  dir: string,
  rows: readonly IntuneCsvRow[],
  options: IntuneCsvWriteOptions = {},
): Promise<IntuneCsvWriteResult> {
  const maxRows = Math.min(Math.max(1, options.maxRows ?? INTUNE_CSV_MAX_ROWS), INTUNE_CSV_MAX_ROWS);
  const output = formatIntuneCsv(rows, maxRows);
  if (!output.ok) return output;
  await mkdir(dir, { recursive: true });
  const names = intuneCsvFileNames(options.baseName ?? 'autopilot-devices', output.files.length);
  const paths: string[] = [];
  for (const [index, text] of output.files.entries()) {
    const path = join(dir, names[index] ?? `part-${index + 1}.csv`);
    // A random name created exclusively ('wx': never through a link or over a file someone placed there);
    // the rename then replaces the name itself, not what a link there points to.
    const temporary = `${path}.${randomBytes(8).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    paths.push(path);
  }
  return { ok: true, paths };
}
