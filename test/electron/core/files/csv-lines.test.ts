import { describe, expect, it } from 'vitest';
import { hasBrokenQuotes, physicalLines } from '../../../../electron/core/files/csv-lines';
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
