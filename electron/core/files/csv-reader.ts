import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { parse, type CsvError, type Options } from 'csv-parse';
import type { ColumnMap, CsvVariant } from '../../../shared/domain/csv/columns';
import {
  createCsvRowChecker,
  type CsvRowProblem,
  type CsvRowReport,
} from '../../../shared/domain/csv/row-checker';
import { guessDelimiter, type CsvDelimiter, type CsvEncoding } from '../../../shared/domain/csv/sniff';
import { INTUNE_CSV_MAX_ROWS } from '../../../shared/domain/csv/write';
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

interface ParsedRow {
  cells: string[];
  line: number;
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
  const checker = createCsvRowChecker(options.now === undefined ? {} : { now: options.now });
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
  // Line where the last parsed record ended; the next record starts on the line after it (blank
  // lines are records too), which names a multi-line quoted row by its first line. Counted from the
  // raw text because the parser counts a CRLF inside quotes as two lines.
  let lastLine = 0;
  const skipped: CsvFileProblem[] = [];
  const parserOptions: Options<ParsedRow, unknown> = {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: true,
    skip_records_with_error: true,
    raw: true,
    on_record: (value: unknown) => {
      const { record, raw } = value as { record: string[]; raw: string };
      const line = lastLine + 1;
      lastLine = line + (raw.replace(/[\r\n]+$/, '').match(/\r\n|\r|\n/g)?.length ?? 0);
      return { cells: record, line };
    },
    on_skip: (error: CsvError | undefined) => {
      skipped.push({
        severity: 'error',
        code: 'malformed',
        line: lastLine + 1,
        message: `From line ${lastLine + 1} the file cannot be read as CSV (${error?.message ?? 'parse error'}).`,
      });
      return undefined;
    },
  };
  // With `raw` the parser hands on_record {record, raw}; its typings do not model that.
  const parser = parse(parserOptions as unknown as Options);
  Readable.from(withPrefix(prefix, decoded.chunks)).pipe(parser);
  for await (const { cells, line } of parser as AsyncIterable<ParsedRow>) {
    const report = checker.push(cells, line);
    if (!report) continue;
    summary.rows++;
    if (report.status === 'ok') summary.ok++;
    else if (report.status === 'warning') summary.warned++;
    else summary.invalid++;
    await options.onRow?.(report);
  }
  const shape = checker.shape();
  summary.variant = shape.variant;
  summary.columns = shape.columns;
  summary.unknownColumns = shape.unknownColumns;
  summary.ignoredRows = shape.ignoredRows;
  summary.fileProblems.push(...skipped);
  summary.invalid += skipped.length;
  if (shape.variant === null && summary.rows === 0) {
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

/** Reads a CSV or hash file from disk, streaming. */
export function readIntuneCsvFile(path: string, options: CsvReadOptions = {}): Promise<CsvReadSummary> {
  return readIntuneCsv(createReadStream(path), { name: basename(path), ...options });
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
