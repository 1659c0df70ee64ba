import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { readOa3HardwareHash } from '../../core/capture/oa3';
import { readIntuneCsv, readIntuneCsvFile, refusedFile, type CsvReadSummary } from '../../core/files/csv-reader';
import { MAX_XML_BYTES } from '../../core/files/watch-folder';
import { fileSizeProblem, MAX_STREAMED_FILE_BYTES } from '../../../shared/domain/csv/limits';
import type { CsvRowReport } from '../../../shared/domain/csv/row-checker';
import type { CliCommand, CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import { parseCommandArgs, UsageError } from '../options';

const USAGE = `Usage: autopilot-console validate <file>... [options]

Checks Intune/Autopilot CSV files, bare hash files and OA3.xml reports offline, row by row:
hash structure and SHA-256 checksum, serial (empty, placeholder, different from the hash), TPM,
virtual machine, network adapter, OS type, capture time, duplicates. Accepts UTF-16 or UTF-8 (with
or without BOM), quoted or not, "," or ";", 3- or 5-column and Partner files.

Options:
  --all       print clean rows too (by default only rows with a problem, and a summary per file)
  --json      JSON Lines: one object per row {"file","line","serial","status","problems"}, then
              one {"file","summary"} per file`;

const OPTIONS = { all: { type: 'boolean' } } as const;

function readSource(path: string, onRow: (row: CsvRowReport) => void, now: number): Promise<CsvReadSummary> {
  const name = basename(path);
  if (extname(path).toLowerCase() === '.xml') {
    // An OA3Tool report is a few kilobytes; it is read whole, so its size is checked first.
    const tooLarge = fileSizeProblem(name, statSync(path).size, MAX_XML_BYTES);
    if (tooLarge) return refusedFile(name, tooLarge);
    return readIntuneCsv([readOa3HardwareHash(readFileSync(path, 'utf8'))], { name, onRow, now });
  }
  return readIntuneCsvFile(path, { name, onRow, now, maxBytes: MAX_STREAMED_FILE_BYTES });
}

async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, true);
  if (positionals.length === 0) throw new UsageError('give at least one file');
  const json = values.json === true ? new JsonLinesWriter((line) => ctx.out(line)) : null;
  const all = values.all === true;
  let anyInvalid = false;
  const totals = { rows: 0, ok: 0, warned: 0, invalid: 0 };
  for (const path of positionals) {
    const full = resolve(ctx.cwd, path);
    if (!existsSync(full)) throw new UsageError(`${path} does not exist`);
    if (!statSync(full).isFile()) throw new UsageError(`${path} is not a file`);
    const file = basename(full);
    const summary = await readSource(
      full,
      (row) => {
        if (json) {
          json.line({ file, line: row.line, serial: row.serial, status: row.status, problems: row.problems });
          return;
        }
        if (row.status === 'ok') {
          if (all) ctx.out(`${file}:${row.line}: ${row.serial}: ok`);
          return;
        }
        for (const problem of row.problems) {
          ctx.out(
            `${file}:${row.line}: ${row.serial || '(no serial)'}: ${problem.severity === 'error' ? 'INVALID' : 'warning'}: ${problem.message}`,
          );
        }
      },
      ctx.clock.now(),
    );
    const fileInvalid = summary.invalid > 0 || summary.fileProblems.some((p) => p.severity === 'error');
    anyInvalid ||= fileInvalid;
    totals.rows += summary.rows;
    totals.ok += summary.ok;
    totals.warned += summary.warned;
    totals.invalid += summary.invalid;
    if (json) {
      json.line({
        file,
        summary: {
          encoding: summary.encoding,
          delimiter: summary.delimiter,
          format: summary.variant,
          rows: summary.rows,
          ok: summary.ok,
          warned: summary.warned,
          invalid: summary.invalid,
          ignoredRows: summary.ignoredRows,
          fileProblems: summary.fileProblems,
        },
      });
      continue;
    }
    for (const problem of summary.fileProblems) {
      // "x.csv is not a CSV or hash file (...)", "x.csv is 70.0 MB: ...": the message names the file itself.
      const where = problem.message.startsWith(file)
        ? ''
        : `${file}${problem.line === undefined ? '' : `:${problem.line}`}: `;
      ctx.out(`${where}${problem.severity === 'error' ? 'INVALID: ' : 'warning: '}${problem.message}`);
    }
    ctx.out(
      `${file}: ${summary.rows} row(s): ${summary.ok} ok, ${summary.warned} with warnings, ${summary.invalid} invalid` +
        ` (${summary.encoding}, "${summary.delimiter === '\t' ? '\\t' : summary.delimiter}", ${summary.variant ?? 'unrecognised'})` +
        (summary.ignoredRows > 0 ? `; ${summary.ignoredRows} blank, note or repeated header line(s) skipped` : ''),
    );
  }
  if (!json && positionals.length > 1) {
    ctx.out(
      `Total: ${totals.rows} row(s): ${totals.ok} ok, ${totals.warned} with warnings, ${totals.invalid} invalid.`,
    );
  }
  return anyInvalid ? EXIT.usage : EXIT.ok;
}

/** `validate`: offline, per-row check of CSV and hash files. */
export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'check CSV/hash files offline, row by row (exit 2 when a row is invalid)',
  usage: USAGE,
  exitCodes: [
    'Exit codes:',
    '  0  every row valid (warnings allowed)',
    '  2  some row or file invalid, or bad usage',
  ].join('\n'),
  run,
};
