import { describe, expect, it } from 'vitest';
import { hasBrokenQuotes, MAX_LINE_CHARS, physicalLines } from '../../../../electron/core/files/csv-lines';
import { collectIntuneCsv } from '../../../../electron/core/files/csv-reader';
import { FIXTURE_NOW_MS, numberedHash } from '../../../fixtures/hashes';

async function lines(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  const source = (async function* () {
    for (const chunk of chunks) yield await Promise.resolve(chunk);
  })();
  for await (const { text, line } of physicalLines(source)) out.push(`${line}:${text}`);
  return out;
}

describe('physicalLines', () => {
  it('splits CRLF, LF and CR, including a CRLF cut between chunks', async () => {
    expect(await lines(['a\r', '\nb\nc\rd'])).toEqual(['1:a', '2:b', '3:c', '4:d']);
    expect(await lines(['a\r\n', '\r\n', 'b\r\n'])).toEqual(['1:a', '2:', '3:b']);
    expect(await lines(['x\r'])).toEqual(['1:x']);
  });
});

/** `mb` megabytes of text with no line break, in 64 KB chunks. */
async function* withoutLineBreaks(mb: number): AsyncGenerator<string> {
  const chunk = 'A'.repeat(64 * 1024);
  for (let i = 0; i < mb * 16; i++) yield await Promise.resolve(chunk);
}

describe('a line without end', () => {
  it('is read in linear time and kept only up to the cap (32 MB in well under the 7 s it took)', async () => {
    const start = performance.now();
    const out: { length: number; overlong: boolean }[] = [];
    for await (const { text, overlong } of physicalLines(withoutLineBreaks(32)))
      out.push({ length: text.length, overlong });
    expect(performance.now() - start).toBeLessThan(3000);
    expect(out).toEqual([{ length: MAX_LINE_CHARS + 1, overlong: true }]);
  });

  it('is reported with a clear message, and the rows after it are read', async () => {
    const d = numberedHash(1);
    const text = [
      'Device Serial Number,Windows Product ID,Hardware Hash',
      'X'.repeat(200_000),
      `${d.serial},,${d.hash}`,
    ].join('\r\n');
    const { rows } = await collectIntuneCsv(text, { now: FIXTURE_NOW_MS });
    expect(rows.map((row) => [row.line, row.status])).toEqual([
      [2, 'invalid'],
      [3, 'ok'],
    ]);
    expect(rows[0]?.problems[0]?.message).toBe(
      'The line is longer than 64,000 characters (a device row is about 4,100): it was not read.',
    );
  });

  it('splits lines and a CRLF across chunks as before when a long line is cut', async () => {
    const long = 'B'.repeat(MAX_LINE_CHARS + 10);
    expect(await lines([long.slice(0, 40_000), `${long.slice(40_000)}\r`, '\nnext\n'])).toEqual([
      `1:${long.slice(0, MAX_LINE_CHARS + 1)}`,
      '2:next',
    ]);
  });
});

describe('hasBrokenQuotes', () => {
  it.each([
    ['a,b,c', false],
    ['"a","b"', false],
    ['"a ""quoted"" b",c', false],
    ['  "a",b', false],
    ['ab"c,d', false],
    ['"a,b', true],
    ['a,"b', true],
    ['a," b""', true],
    ['"a"x,b', true],
    ['"a" ,b', false],
    ['a,"b" ', false],
  ])('%j -> %s', (text, expected) => {
    expect(hasBrokenQuotes(text, ',')).toBe(expected);
  });
});

describe('broken quotes in a file', () => {
  it('reports each damaged line and reads every other line', async () => {
    const d = [1, 2, 3, 4].map((i) => numberedHash(i));
    const text = [
      'Device Serial Number,Windows Product ID,Hardware Hash',
      `${d[0]?.serial},,${d[0]?.hash}`,
      `"${d[1]?.serial},,${d[1]?.hash}`,
      `"${d[2]?.serial}"x,,${d[2]?.hash}`,
      `${d[3]?.serial},,${d[3]?.hash}`,
    ].join('\r\n');
    const { rows } = await collectIntuneCsv(text, { now: FIXTURE_NOW_MS });
    expect(rows.map((r) => [r.line, r.status])).toEqual([
      [2, 'ok'],
      [3, 'invalid'],
      [4, 'invalid'],
      [5, 'ok'],
    ]);
    expect(rows[1]?.problems.map((p) => p.code)).toEqual(['malformed']);
    expect(rows[2]).toMatchObject({ serial: `${d[2]?.serial}x`, problems: [{ code: 'malformed' }] });
  });
});
