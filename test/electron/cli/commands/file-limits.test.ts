import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/main';
import { INTUNE_CSV_HEADER } from '../../../../shared/domain/csv/write';
import { sampleDevices } from '../../../fixtures/csv-variants';
import { fixtureHash } from '../../../fixtures/hashes';
import { fakeContext } from '../fake-context';

const temp = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));
const context = (cwd: string) => Object.assign(fakeContext({ AUTOPILOT_CLIENT_SECRET: 'not-used' }), { cwd });

/** Base64 text that looks like hashes, 5,000 lines of it (about 20 MB of noise in a real report). */
function base64Noise(lines: number): string {
  return Array.from({ length: lines }, (_, i) =>
    Buffer.concat(Array.from({ length: 47 }, () => createHash('sha512').update(`n${i}`).digest())).toString('base64'),
  ).join('\r\n');
}

/** A sparse file: its size on disk is nothing, its length is `bytes`. */
function sparse(path: string, bytes: number): void {
  writeFileSync(path, '');
  truncateSync(path, bytes);
}

/** Tenant options pointing nowhere: a command that contacted the tenant would fail with exit 1 or 3. */
const NOWHERE = [
  '--tenant-id',
  '11111111-1111-1111-1111-111111111111',
  '--client-id',
  '22222222-2222-2222-2222-222222222222',
  '--authority-host',
  'https://127.0.0.1:9',
  '--graph-endpoint',
  'https://127.0.0.1:9',
];

describe('validate: files that are not device rows, files too large', () => {
  it('says once that a file of base64 noise is not a CSV or hash file', async () => {
    const dir = temp('limits-');
    writeFileSync(join(dir, 'noise.txt'), base64Noise(5000));
    const ctx = context(dir);
    expect(await runCli(['validate', 'noise.txt'], ctx)).toBe(2);
    expect(ctx.stdout).toEqual([
      expect.stringMatching(
        /^INVALID: noise\.txt is not a CSV or hash file \(no header and no valid device in its first 50 lines; line 1: /,
      ),
      'noise.txt: 0 row(s): 0 ok, 0 with warnings, 0 invalid (utf8, ",", headerless)',
    ]);
  });

  it('refuses a file over the limit before reading it, with its name, size and the limit', async () => {
    const dir = temp('limits-');
    sparse(join(dir, 'huge.csv'), 129 * 1024 * 1024);
    const ctx = context(dir);
    const started = Date.now();
    expect(await runCli(['validate', 'huge.csv', '--json'], ctx)).toBe(2);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(JSON.parse(ctx.stdout.at(-1) ?? '{}')).toMatchObject({
      file: 'huge.csv',
      summary: {
        rows: 0,
        fileProblems: [
          {
            code: 'file-too-large',
            message: 'huge.csv is 129.0 MB: files over 128.0 MB are not read (split it into smaller files).',
          },
        ],
      },
    });
  });

  it('refuses an OA3.xml report that is not the size of one', async () => {
    const dir = temp('limits-');
    sparse(join(dir, 'OA3.xml'), 5 * 1024 * 1024);
    const ctx = context(dir);
    expect(await runCli(['validate', 'OA3.xml'], ctx)).toBe(2);
    expect(ctx.stdout[0]).toBe(
      'INVALID: OA3.xml is 5.0 MB: files over 1.0 MB are not read (split it into smaller files).',
    );
  });
});

describe('register and watch: the same limits', () => {
  it('register refuses an oversized file without contacting the tenant', async () => {
    const dir = temp('limits-');
    sparse(join(dir, 'huge.csv'), 200 * 1024 * 1024);
    const ctx = context(dir);
    expect(await runCli(['register', 'huge.csv', ...NOWHERE, '--state-dir', join(dir, 'state')], ctx)).toBe(2);
    expect(ctx.stderr.join('\n')).toContain(
      'huge.csv: huge.csv is 200.0 MB: files over 128.0 MB are not read (split it into smaller files).',
    );
  });

  it('watch prints each rejected row and each refused file on its own line, and moves them to rejected/', async () => {
    const dir = temp('limits-');
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    const good = sampleDevices(1)[0];
    writeFileSync(
      join(inbox, 'mixed.csv'),
      `${INTUNE_CSV_HEADER}\r\n${good?.serial},,${good?.hash},,\r\nBAD1,,${fixtureHash().slice(0, 100)},,\r\n`,
    );
    sparse(join(inbox, 'huge.csv'), 129 * 1024 * 1024);
    writeFileSync(join(inbox, 'noise.txt'), base64Noise(3000));
    const ctx = context(dir);
    expect(await runCli(['watch', 'inbox', '--once', '--state-dir', join(dir, 'state')], ctx)).toBe(1);
    expect(ctx.stdout).toContain(
      'huge.csv: rejected: huge.csv is 129.0 MB: files over 128.0 MB are not read (split it into smaller files).',
    );
    expect(ctx.stdout).toContainEqual(expect.stringMatching(/^mixed\.csv:3: BAD1: rejected: The hardware hash /));
    expect(ctx.stdout).toContainEqual(
      expect.stringMatching(/^noise\.txt: rejected: noise\.txt is not a CSV or hash file/),
    );
    expect(ctx.stdout.filter((line) => line.startsWith('noise.txt'))).toHaveLength(2);
    expect(readdirSync(join(inbox, 'rejected')).sort()).toEqual([
      'huge.csv',
      'huge.csv.report.txt',
      'noise.txt',
      'noise.txt.report.txt',
    ]);
  });
});
