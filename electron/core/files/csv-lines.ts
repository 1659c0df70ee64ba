import type { CsvDelimiter } from '../../../shared/domain/csv/sniff';

/** Splits decoded text into physical lines (CRLF, LF or CR), numbered from 1; a final empty line is dropped. */
export async function* physicalLines(chunks: AsyncIterable<string>): AsyncGenerator<{ text: string; line: number }> {
  let carry = '';
  let line = 0;
  for await (const chunk of chunks) {
    carry += chunk;
    const pattern = /\r\n|\r|\n/g;
    let start = 0;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(carry)) !== null) {
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (match[0] === '\r' && match.index === carry.length - 1) break;
      yield { text: carry.slice(start, match.index), line: ++line };
      start = match.index + match[0].length;
    }
    carry = carry.slice(start);
  }
  if (carry !== '') yield { text: carry.replace(/\r$/, ''), line: line + 1 };
}

/** Longest line handed to the parser (a hash row is about 4,100 characters). */
export const MAX_LINE_CHARS = 64_000;

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
