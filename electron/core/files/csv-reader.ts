import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ColumnMap, CsvVariant } from '../../../shared/domain/csv/columns';
import { createCsvRowChecker, type CsvRowProblem, type CsvRowReport } from '../../../shared/domain/csv/row-checker';
import { guessDelimiter, type CsvDelimiter, type CsvEncoding } from '../../../shared/domain/csv/sniff';
import { fileLimitFor, fileSizeProblem } from '../../../shared/domain/csv/limits';
import { INTUNE_CSV_MAX_ROWS } from '../../../shared/domain/csv/write';
import { hasBrokenQuotes, MAX_LINE_CHARS, physicalLines, splitCsvLine } from './csv-lines';
import { createReadGuard } from './read-guard';
import { nativeHashCodec } from './native-hash-codec';
import { decodeTextStream } from './text-decoding';

/** A problem with the file as a whole (no header, unreadable, more than 500 rows). */
export interface CsvFileProblem extends CsvRowProblem {
  line?: number;
}

/** Counts and file facts; per-row reports go to the callback and are not kept. */
export interface CsvReadSummary {
  name: string;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  variant: CsvVariant | null;
  columns: ColumnMap;
  unknownColumns: string[];
  /** Data rows checked. */
  rows: number;
  ok: number;
  warned: number;
  invalid: number;
  /** Blank lines, comments and explanatory text that were skipped. */
  ignoredRows: number;
  fileProblems: CsvFileProblem[];
}

/** How to read. */
export interface CsvReadOptions {
  /** Shown in reports; the file name by default. */
  name?: string;
  /** Clock for the hash capture-time check. */
  now?: number;
  /** Receives each data row's report as soon as it is checked. */
  onRow?: (report: CsvRowReport) => void | Promise<void>;
}

const SNIFF_CHARS = 2048;
/** Bytes per read: 256 KiB reads a 10,000-row UTF-16 export (77 MB) with a third of the CPU of 64 KiB reads. */
const READ_CHUNK_BYTES = 256 * 1024;

type Damage = 'quotes' | 'overlong';

const DAMAGE: Readonly<Record<Damage, CsvRowProblem>> = {
  quotes: {
    severity: 'error',
    code: 'malformed',
    message: 'The row has unbalanced quotation marks: its values cannot be trusted.',
  },
  overlong: {
    severity: 'error',
    code: 'line-too-long',
    message: `The line is longer than ${MAX_LINE_CHARS.toLocaleString('en-US')} characters (a device row is about 4,100): it was not read.`,
  },
};

/** A damaged line: reported as invalid (its values cannot be trusted), never dropped. */
function damagedRow(report: CsvRowReport | null, line: number, damage: Damage = 'quotes'): CsvRowReport | null {
  // A header or a note line with a stray quote is still a header or a note; an overlong line is reported even so.
  if (!report && damage === 'quotes') return null;
  return { line, serial: report?.serial ?? '', status: 'invalid', problems: [DAMAGE[damage]] };
}

async function* withPrefix(prefix: string, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  if (prefix) yield prefix;
  yield* rest;
}

/** Reads an Intune/Autopilot CSV (or a bare hash file) as a stream, checking every row. */
export async function readIntuneCsv(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: CsvReadOptions = {},
): Promise<CsvReadSummary> {
  const decoded = decodeTextStream(source);
  let prefix = '';
  while (prefix.length < SNIFF_CHARS && !/\n[^\n]*\n/.test(prefix)) {
    const next = await decoded.chunks.next();
    if (next.done) break;
    prefix += next.value;
  }
  const delimiter = guessDelimiter(prefix);
  const checker = createCsvRowChecker({
    codec: nativeHashCodec,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const summary: CsvReadSummary = {
    name: options.name ?? 'input',
    encoding: decoded.encoding(),
    delimiter,
    variant: null,
    columns: {},
    unknownColumns: [],
    rows: 0,
    ok: 0,
    warned: 0,
    invalid: 0,
    ignoredRows: 0,
    fileProblems: [],
  };
  const guard = createReadGuard(summary.name);
  const emit = async (report: CsvRowReport): Promise<void> => {
    summary.rows++;
    if (report.status === 'ok') summary.ok++;
    else if (report.status === 'warning') summary.warned++;
    else summary.invalid++;
    await options.onRow?.(report);
  };
  // Each physical line is one record (Intune rows never hold line breaks), so line n is record n.
  const lines = physicalLines(withPrefix(prefix, decoded.chunks));
  for await (const { text, line, overlong } of lines) {
    const damage: Damage | null = overlong ? 'overlong' : hasBrokenQuotes(text, delimiter) ? 'quotes' : null;
    const cells = damage
      ? splitCsvLine(text.slice(0, MAX_LINE_CHARS).replace(/"/g, ''), delimiter)
      : splitCsvLine(text, delimiter);
    const ignoredBefore = checker.ignoredRows();
    const checked = checker.push(cells, line);
    const report = damage ? damagedRow(checked, line, damage) : checked;
    const ignored = report === null && checker.ignoredRows() > ignoredBefore;
    for (const row of guard.take({ line, report, ignored, header: checker.hasHeader() })) await emit(row);
    // Leaving the loop early closes the lines, the decoder and the file under them.
    if (guard.stopped()) break;
  }
  for (const row of guard.rest()) await emit(row);
  const stopped = guard.stopped();
  if (stopped)
    summary.fileProblems.push({ severity: 'error', code: stopped.code, message: stopped.message, line: stopped.line });
  const shape = checker.shape();
  summary.variant = shape.variant;
  summary.columns = shape.columns;
  summary.unknownColumns = shape.unknownColumns;
  summary.ignoredRows = shape.ignoredRows;
  if (shape.variant === null && summary.rows === 0 && !stopped) {
    summary.fileProblems.push({
      severity: 'error',
      code: 'no-header',
      message:
        'No device rows found: expected a header such as "Device Serial Number,Windows Product ID,Hardware Hash" or a hardware hash.',
    });
  }
  if (shape.unknownColumns.length > 0) {
    summary.fileProblems.push({
      severity: 'warning',
      code: 'extra-columns',
      message: `Columns ignored: ${shape.unknownColumns.join(', ')} (Intune allows no extra columns; exports leave them out).`,
    });
  }
  if (summary.rows > INTUNE_CSV_MAX_ROWS) {
    summary.fileProblems.push({
      severity: 'warning',
      code: 'too-many-rows',
      message: `${summary.rows} rows: Intune imports at most ${INTUNE_CSV_MAX_ROWS} per file; export splits them.`,
    });
  }
  return summary;
}

/** Reads a CSV or hash file from disk, streaming; a file over `maxBytes` is refused before a byte is read. */
export async function readIntuneCsvFile(
  path: string,
  options: CsvReadOptions & { maxBytes?: number } = {},
): Promise<CsvReadSummary> {
  const { maxBytes, ...readOptions } = options;
  const name = options.name ?? basename(path);
  if (maxBytes !== undefined) {
    const tooLarge = fileSizeProblem(name, (await stat(path)).size, fileLimitFor(name, maxBytes));
    if (tooLarge) return refusedFile(name, tooLarge);
  }
  return readIntuneCsv(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), { ...readOptions, name });
}

/** The summary of a file that was not read, with the reason as its one file problem. */
export async function refusedFile(name: string, message: string): Promise<CsvReadSummary> {
  const summary = await readIntuneCsv([''], { name });
  summary.fileProblems = [{ severity: 'error', code: 'file-too-large', message }];
  return summary;
}

/** Reads a small input fully: the summary plus every row report (for tests, the UI and single files). */
export async function collectIntuneCsv(
  source: AsyncIterable<Uint8Array | string> | Uint8Array | string,
  options: Omit<CsvReadOptions, 'onRow'> = {},
): Promise<{ summary: CsvReadSummary; rows: CsvRowReport[] }> {
  const rows: CsvRowReport[] = [];
  const iterable = typeof source === 'string' || source instanceof Uint8Array ? [source] : source;
  const summary = await readIntuneCsv(iterable, { ...options, onRow: (row) => void rows.push(row) });
  return { summary, rows };
}
