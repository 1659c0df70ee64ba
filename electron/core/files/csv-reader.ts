import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { parse, type CsvError, type Options } from 'csv-parse';
import type { ColumnMap, CsvVariant } from '../../../shared/domain/csv/columns';
import { createCsvRowChecker, type CsvRowProblem, type CsvRowReport } from '../../../shared/domain/csv/row-checker';
import { guessDelimiter, type CsvDelimiter, type CsvEncoding } from '../../../shared/domain/csv/sniff';
import { INTUNE_CSV_MAX_ROWS } from '../../../shared/domain/csv/write';
import { hasBrokenQuotes, MAX_LINE_CHARS, physicalLines } from './csv-lines';
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
  // Physical line numbers flow with the text: each line goes to the parser on its own ("\n"-ended),
  // so record n is line n; lines the parser skips (errors) are noted and reported in order.
  const damaged = new Map<number, Damage>();
  const skippedLines: { line: number; raw: string }[] = [];
  let parserLine = 0;
  async function* lines(): AsyncGenerator<string> {
    for await (const { text, line, overlong } of physicalLines(withPrefix(prefix, decoded.chunks))) {
      if (overlong || hasBrokenQuotes(text, delimiter)) {
        damaged.set(line, overlong ? 'overlong' : 'quotes');
        yield `${text.slice(0, MAX_LINE_CHARS).replace(/"/g, '')}\n`;
      } else {
        yield `${text}\n`;
      }
    }
  }
  const parserOptions: Options<ParsedRow, unknown> = {
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: true,
    skip_records_with_error: true,
    raw: true,
    on_record: (value: unknown) => {
      const { record } = value as { record: string[] };
      return { cells: record, line: ++parserLine };
    },
    on_skip: (_error: CsvError | undefined, raw: string | undefined) => {
      skippedLines.push({ line: ++parserLine, raw: raw ?? '' });
      return undefined;
    },
  };
  // With `raw` the parser hands on_record {record, raw}; its typings do not model that.
  const parser = parse(parserOptions as unknown as Options);
  Readable.from(lines()).pipe(parser);
  const emit = async (report: CsvRowReport | null): Promise<void> => {
    if (!report) return;
    summary.rows++;
    if (report.status === 'ok') summary.ok++;
    else if (report.status === 'warning') summary.warned++;
    else summary.invalid++;
    await options.onRow?.(report);
  };
  const flushSkipped = async (before: number): Promise<void> => {
    while (skippedLines.length > 0 && (skippedLines[0]?.line ?? Infinity) < before) {
      const skipped = skippedLines.shift() as { line: number; raw: string };
      const cells = skipped.raw
        .replace(/[\r\n]+$/, '')
        .split(delimiter)
        .map((cell) => cell.replace(/"/g, ''));
      await emit(damagedRow(checker.push(cells, skipped.line), skipped.line));
    }
  };
  for await (const { cells, line } of parser as AsyncIterable<ParsedRow>) {
    await flushSkipped(line);
    const report = checker.push(cells, line);
    const damage = damaged.get(line);
    damaged.delete(line);
    await emit(damage ? damagedRow(report, line, damage) : report);
  }
  await flushSkipped(Infinity);
  const shape = checker.shape();
  summary.variant = shape.variant;
  summary.columns = shape.columns;
  summary.unknownColumns = shape.unknownColumns;
  summary.ignoredRows = shape.ignoredRows;
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
