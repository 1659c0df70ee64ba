/**
 * Guarding CSV exports against formula injection, after OWASP's "CSV Injection" guidance: a cell that a
 * spreadsheet could read as a formula gets a leading single quote, and every cell is quoted (by the writer).
 *
 * A cell is dangerous when it starts with = + - @, a tab or a carriage return, also after leading spaces or
 * line breaks (spreadsheets skip them) and in the full-width and small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫) that
 * some spreadsheets fold to the ASCII ones.
 */
const TRIGGER = /^[\s\u00a0\u3000\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b]|^[\t\r\n]/u;

/** The value as a spreadsheet will show it, never run it. */
export function spreadsheetSafe(value: string): string {
  return TRIGGER.test(value) ? `'${value}` : value;
}

/** csv-stringify options for exports: every cell quoted, CRLF records. */
export const SAFE_CSV_OPTIONS = { quoted: true, quoted_empty: true, record_delimiter: '\r\n' } as const;
