import type { CsvRowReport } from '../../../shared/domain/csv/row-checker';
import type { CsvReadSummary } from './csv-reader';

/** The text report written beside an ingested file: counts, file problems, then each row that was not clean. */
export function formatIngestReport(
  summary: CsvReadSummary,
  rows: readonly CsvRowReport[],
  outcome: { accepted: number; repeat: boolean; at: number },
): string {
  const lines = [
    `File: ${summary.name}`,
    `Ingested: ${new Date(outcome.at).toISOString()}`,
    `Encoding: ${summary.encoding}; delimiter: ${JSON.stringify(summary.delimiter)}; format: ${summary.variant ?? 'not recognised'}`,
    `Rows: ${summary.rows} (ok ${summary.ok}, with warnings ${summary.warned}, invalid ${summary.invalid}); ignored lines: ${summary.ignoredRows}`,
    outcome.repeat
      ? 'Devices taken: none (the same content was ingested before)'
      : `Devices taken: ${outcome.accepted}`,
  ];
  for (const problem of summary.fileProblems) {
    lines.push(
      `${problem.severity.toUpperCase()}${problem.line === undefined ? '' : ` line ${problem.line}`}: ${problem.message}`,
    );
  }
  for (const row of rows) {
    for (const problem of row.problems) {
      lines.push(
        `line ${row.line}\t${row.serial || '(no serial)'}\t${problem.severity}\t${problem.code}\t${problem.message}`,
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
