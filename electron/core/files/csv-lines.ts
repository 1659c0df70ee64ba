import type { CsvDelimiter } from '../../../shared/domain/csv/sniff';

/** Longest line handed to the parser (a hash row is about 4,100 characters). */
export const MAX_LINE_CHARS = 64_000;

/** One physical line; `overlong` lines are cut to MAX_LINE_CHARS + 1 characters (the rest is never kept). */
export interface PhysicalLine {
  text: string;
  line: number;
  overlong: boolean;
}

/**
 * Splits decoded text into physical lines (CRLF, LF or CR), numbered from 1; a final empty line is dropped.
 * Linear in the input: each chunk is searched once, and an unfinished line is carried only up to
 * MAX_LINE_CHARS + 1 characters, so a file without line breaks costs no more than its length.
 */
export async function* physicalLines(chunks: AsyncIterable<string>): AsyncGenerator<PhysicalLine> {
  let carry = '';
  let overlong = false;
  let line = 0;
  for await (const chunk of chunks) {
    // Only the line that spans the chunk boundary is joined: the rest of the chunk is scanned where it lies.
    const firstLf = carry === '' ? -1 : chunk.indexOf('\n');
    for (const piece of firstLf === -1 ? [chunk] : [chunk.slice(0, firstLf + 1), chunk.slice(firstLf + 1)]) {
      const text = carry + piece;
      let start = 0;
      // indexOf scans natively; the next CR and the next LF are each found once and reused until passed.
      let cr = text.indexOf('\r');
      let lf = text.indexOf('\n');
      for (;;) {
        if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
        if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
        const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
        if (end === -1) break;
        // A CR at the very end may be the first half of a CRLF split across chunks.
        if (end === cr && cr === text.length - 1) break;
        const lineText = text.slice(start, end);
        yield { text: lineText, line: ++line, overlong: overlong || lineText.length > MAX_LINE_CHARS };
        overlong = false;
        start = end === cr && lf === cr + 1 ? end + 2 : end + 1;
      }
      carry = text.slice(start);
      if (carry.length > MAX_LINE_CHARS + 1) {
        overlong = true;
        carry = carry.slice(0, MAX_LINE_CHARS + 1) + (carry.endsWith('\r') ? '\r' : '');
      }
    }
  }
  if (carry !== '') {
    const text = carry.replace(/\r$/, '');
    yield { text, line: line + 1, overlong: overlong || text.length > MAX_LINE_CHARS };
  }
}

/**
 * True when a line's quotes would trip the parser: it ends inside a quoted field (which would make the
 * parser read on into the following lines; Intune rows never hold line breaks, so the line is the
 * damage), or text follows a closing quote. Follows the parser's reading: a quote opens a field only
 * at its start (after trimmed spaces), `""` inside a quoted field is a literal quote.
 */
export function hasBrokenQuotes(text: string, delimiter: CsvDelimiter): boolean {
  if (!text.includes('"')) return false;
  let fieldStart = true;
  let quoted = false;
  let closed = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') i++;
        else {
          quoted = false;
          closed = true;
        }
      }
    } else if (char === delimiter) {
      fieldStart = true;
      closed = false;
    } else if (char === ' ' || char === '\t') {
      continue;
    } else if (closed) {
      return true;
    } else {
      quoted = fieldStart && char === '"';
      fieldStart = false;
    }
  }
  return quoted;
}

/** True for the blanks the reader trims around a cell (the delimiter itself is never trimmed). */
function isBlank(char: string | undefined, delimiter: string): boolean {
  return (char === ' ' || char === '\t') && char !== delimiter;
}

/**
 * Splits one line (its quotes balanced, see hasBrokenQuotes) into trimmed cells: a field that starts
 * with a quote runs to its closing quote, `""` inside it is a literal quote, and a quote elsewhere is a
 * plain character. One pass over the line; a line without quotes is a plain split.
 */
export function splitCsvLine(text: string, delimiter: CsvDelimiter): string[] {
  if (!text.includes('"')) return text.split(delimiter).map((cell) => trimCell(cell, delimiter));
  const cells: string[] = [];
  let start = 0;
  for (;;) {
    let i = start;
    while (isBlank(text[i], delimiter)) i++;
    let end: number;
    if (text[i] === '"') {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) {
          value += text.slice(from);
          end = text.length;
          break;
        }
        value += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          from = quote + 2;
          continue;
        }
        end = text.indexOf(delimiter, quote + 1);
        if (end === -1) end = text.length;
        break;
      }
      cells.push(value);
    } else {
      end = text.indexOf(delimiter, start);
      if (end === -1) end = text.length;
      cells.push(trimCell(text.slice(start, end), delimiter));
    }
    if (end >= text.length) return cells;
    start = end + 1;
  }
}

function trimCell(cell: string, delimiter: CsvDelimiter): string {
  return delimiter === '\t' ? cell.replace(/^ +| +$/g, '') : cell.trim();
}
