import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectIntuneCsv, readIntuneCsv, readIntuneCsvFile } from '../../../../electron/core/files/csv-reader';
import { splitCsvLine } from '../../../../electron/core/files/csv-lines';
import { MAX_STREAMED_FILE_BYTES } from '../../../../shared/domain/csv/limits';
import { INTUNE_CSV_HEADER } from '../../../../shared/domain/csv/write';
import { FIXTURE_NOW_MS, numberedHash } from '../../../fixtures/hashes';

const now = FIXTURE_NOW_MS;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-guard-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Base64 lines of pseudo-random bytes (the same every run): they look like hashes but none is one. */
function base64Garbage(lines: number): string {
  return Array.from({ length: lines }, (_, i) => {
    const seed = createHash('sha512').update(`line ${i}`).digest();
    return Buffer.concat(Array.from({ length: 47 }, () => seed)).toString('base64');
  }).join('\r\n');
}

describe('a file that is not device rows', () => {
  it('stops a base64 garbage file with one message instead of a line per row', async () => {
    const { summary, rows } = await collectIntuneCsv(base64Garbage(2000), { name: 'noise.txt', now });
    expect(rows).toEqual([]);
    expect(summary.rows).toBe(0);
    const errors = summary.fileProblems.filter((p) => p.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'not-device-file', line: 50 });
    expect(errors[0]?.message).toMatch(/^noise\.txt is not a CSV or hash file \(no header and no valid device/);
  });

  it('stops a binary file and closes it without reading on', async () => {
    const chunks = Array.from({ length: 400 }, () => randomBytes(64 * 1024));
    let pulled = 0;
    function* source(): Generator<Uint8Array> {
      for (const chunk of chunks) {
        pulled++;
        yield chunk;
      }
    }
    const summary = await readIntuneCsv(source(), { name: 'image.bin', now });
    expect(summary.fileProblems.map((p) => p.code)).toEqual(['not-device-file']);
    expect(pulled).toBeLessThan(chunks.length);
  });

  it('never blocks good rows behind a few bad ones before them', async () => {
    const bad = base64Garbage(10).split('\r\n');
    const good = [1, 2, 3].map((n) => numberedHash(n).hash);
    const { summary, rows } = await collectIntuneCsv([...bad, ...good].join('\n'), { now });
    expect(summary.fileProblems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(summary).toMatchObject({ rows: 13, invalid: 10 });
    expect(rows.slice(10).map((r) => r.status)).not.toContain('invalid');
  });

  it('reports every bad row of a CSV with a header, up to a long run of bad lines', async () => {
    const body = [INTUNE_CSV_HEADER, `${numberedHash(1).serial},,${numberedHash(1).hash},,`, base64Garbage(1200)].join(
      '\r\n',
    );
    const { summary, rows } = await collectIntuneCsv(body, { name: 'mixed.csv', now });
    expect(rows[0]?.status).toBe('ok');
    expect(summary.invalid).toBe(1000);
    expect(summary.fileProblems.find((p) => p.code === 'reading-stopped')?.message).toBe(
      'mixed.csv: reading stopped at line 1002: the last 1,000 lines held no valid device (the rest of the file is not device rows).',
    );
  });
});

describe('size limit', () => {
  it('refuses a file over the limit before reading it, naming the file, its size and the limit', async () => {
    const path = join(dir, 'huge.csv');
    await writeFile(path, '');
    await truncate(path, MAX_STREAMED_FILE_BYTES + 1024 * 1024);
    const started = Date.now();
    const summary = await readIntuneCsvFile(path, { now, maxBytes: MAX_STREAMED_FILE_BYTES });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(summary.rows).toBe(0);
    expect(summary.fileProblems).toEqual([
      {
        severity: 'error',
        code: 'file-too-large',
        message: 'huge.csv is 129.0 MB: files over 128.0 MB are not read (split it into smaller files).',
      },
    ]);
  });

  it('holds a .hash file to the size of a hash file', async () => {
    const path = join(dir, 'device.hash');
    await writeFile(path, `${numberedHash(1).hash}\n`.repeat(300));
    const summary = await readIntuneCsvFile(path, { now, maxBytes: MAX_STREAMED_FILE_BYTES });
    expect(summary.fileProblems[0]?.message).toMatch(
      /^device\.hash is 1\.\d MB: files over 1\.0 MB are not read \(a hash file holds one hardware hash of a few kilobytes\)\.$/,
    );
  });
});

describe('splitCsvLine', () => {
  it.each([
    ['a,b,c', ',', ['a', 'b', 'c']],
    [' a , b ,', ',', ['a', 'b', '']],
    ['"a,1", "b ""x"" " ,c', ',', ['a,1', 'b "x" ', 'c']],
    ['x"y,"z"', ',', ['x"y', 'z']],
    ['a;"b;c";', ';', ['a', 'b;c', '']],
    [' a \t b ', '\t', ['a', 'b']],
    ['', ',', ['']],
  ] as const)('splits %j', (line, delimiter, cells) => {
    expect(splitCsvLine(line, delimiter)).toEqual(cells);
  });
});
