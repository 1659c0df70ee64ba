import { csvValueProblem } from './values';

/** The exact header Intune's import requires (headers are case-sensitive). */
export const INTUNE_CSV_HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User';
/** Intune imports at most 500 devices per file. */
export const INTUNE_CSV_MAX_ROWS = 500;
/** Intune's files use CRLF line ends. */
export const INTUNE_CSV_EOL = '\r\n';

/** One device to write. */
export interface IntuneCsvRow {
  serial: string;
  productId?: string;
  hardwareHash: string;
  groupTag?: string;
  assignedUser?: string;
}

/** A value refused by the writer, naming the row. */
export interface IntuneCsvRefusal {
  /** 1-based position of the row in the input. */
  row: number;
  serial: string;
  column: string;
  message: string;
}

/** Either the file contents (one per 500 rows) or every refusal; nothing is written half-way. */
export type IntuneCsvOutput = { ok: true; files: string[] } | { ok: false; refusals: IntuneCsvRefusal[] };

const COLUMNS: readonly { name: string; key: keyof IntuneCsvRow; required: boolean }[] = [
  { name: 'Device Serial Number', key: 'serial', required: true },
  { name: 'Windows Product ID', key: 'productId', required: false },
  { name: 'Hardware Hash', key: 'hardwareHash', required: true },
  { name: 'Group Tag', key: 'groupTag', required: false },
  { name: 'Assigned User', key: 'assignedUser', required: false },
];

/** Checks every value of every row; an empty list means the rows can be written as they are. */
export function checkIntuneCsvRows(rows: readonly IntuneCsvRow[]): IntuneCsvRefusal[] {
  const refusals: IntuneCsvRefusal[] = [];
  rows.forEach((row, index) => {
    for (const column of COLUMNS) {
      const value = row[column.key] ?? '';
      const refuse = (message: string): void => {
        refusals.push({
          row: index + 1,
          serial: row.serial,
          column: column.name,
          message: `${column.name} ${message}`,
        });
      };
      if (value === '') {
        if (column.required) refuse('is empty');
        continue;
      }
      const problem = csvValueProblem(value);
      if (problem) refuse(problem);
      else if (column.key === 'hardwareHash' && !/^[A-Za-z0-9+/]+=*$/.test(value)) refuse('is not base64');
    }
  });
  return refusals;
}

/** Formats rows as Intune CSV text: exact header, CRLF, no quotes, at most 500 rows per file. */
export function formatIntuneCsv(rows: readonly IntuneCsvRow[], maxRows = INTUNE_CSV_MAX_ROWS): IntuneCsvOutput {
  const refusals = checkIntuneCsvRows(rows);
  if (refusals.length > 0) return { ok: false, refusals };
  const files: string[] = [];
  for (let start = 0; start < rows.length; start += maxRows) {
    const lines = rows
      .slice(start, start + maxRows)
      .map((row) => COLUMNS.map((column) => row[column.key] ?? '').join(','));
    files.push([INTUNE_CSV_HEADER, ...lines].join(INTUNE_CSV_EOL) + INTUNE_CSV_EOL);
  }
  if (files.length === 0) files.push(INTUNE_CSV_HEADER + INTUNE_CSV_EOL);
  return { ok: true, files };
}
