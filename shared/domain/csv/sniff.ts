/** Text encodings the reader accepts. */
export type CsvEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'latin1';

/** Delimiters the reader accepts. */
export type CsvDelimiter = ',' | ';' | '\t';

/** What the first bytes say about the encoding, and how many BOM bytes to skip. */
export interface EncodingGuess {
  encoding: CsvEncoding;
  bomBytes: number;
}

/**
 * Guesses the encoding from the first bytes: a BOM when there is one (Get-WindowsAutopilotInfo under
 * Windows PowerShell 5.1 writes UTF-16LE with FF FE; PS 5.1 -Encoding UTF8 writes EF BB BF), else the
 * NUL pattern of BOM-less UTF-16 (ASCII text has a zero in every other byte), else UTF-8.
 * The UTF-8 / ANSI decision needs the decoder, so "utf8" here may still turn out to be latin1.
 */
export function guessEncoding(head: Uint8Array): EncodingGuess {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bomBytes: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bomBytes: 2 };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8-bom', bomBytes: 3 };
  const pairs = Math.min(64, Math.floor(head.length / 2));
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[i * 2] === 0) evenZeros++;
    if (head[i * 2 + 1] === 0) oddZeros++;
  }
  if (pairs >= 4 && oddZeros >= pairs * 0.6 && evenZeros === 0) return { encoding: 'utf16le', bomBytes: 0 };
  if (pairs >= 4 && evenZeros >= pairs * 0.6 && oddZeros === 0) return { encoding: 'utf16be', bomBytes: 0 };
  return { encoding: 'utf8', bomBytes: 0 };
}

/**
 * Picks the delimiter from the first lines of text: an Excel "sep=;" hint wins; otherwise the first
 * line holding any candidate decides (a title line above the header holds none), by the delimiter
 * that occurs most often outside quotes (comma on a tie).
 */
export function guessDelimiter(text: string): CsvDelimiter {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '');
  const hint = /^"?sep=(.)/i.exec(lines[0]?.trim() ?? '');
  if (hint && (hint[1] === ',' || hint[1] === ';' || hint[1] === '\t')) return hint[1];
  for (const line of lines.slice(0, 10)) {
    const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
    let quoted = false;
    for (const char of line) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char]++;
    }
    if (counts[','] + counts[';'] + counts['\t'] === 0) continue;
    if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
    if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
    return ',';
  }
  return ',';
}
