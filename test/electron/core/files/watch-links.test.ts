import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeIntuneCsvFiles } from '../../../../electron/core/files/csv-writer';
import { MAX_XML_BYTES, watchFolder, type FolderWatch } from '../../../../electron/core/files/watch-folder';
import { getWindowsAutopilotInfoFile } from '../../../fixtures/csv-variants';
import { FIXTURE_NOW_MS, numberedHash } from '../../../fixtures/hashes';

const watches: FolderWatch[] = [];
afterEach(async () => {
  await Promise.all(watches.splice(0).map((w) => w.close()));
});

const temp = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

/** A watch driven by hand; `settle` scans until a dropped file has been stable long enough. */
function harness(folder: string) {
  let clock = FIXTURE_NOW_MS;
  const accepted: string[] = [];
  const errors: string[] = [];
  const watch = watchFolder(folder, {
    accept: (devices) => {
      accepted.push(...devices.map((d) => d.serial));
      return Promise.resolve();
    },
    onError: (message) => errors.push(message),
    pollMs: 3_600_000,
    stableMs: 2000,
    now: () => clock,
  });
  watches.push(watch);
  return {
    accepted,
    errors,
    async settle() {
      for (const ms of [1000, 1000, 1500, 1500]) {
        clock += ms;
        await watch.scan();
      }
    },
  };
}

// Links need no privilege on Linux and macOS (on Windows, junctions behave the same way and lstat sees them).
describe.skipIf(process.platform === 'win32')('the watch folder and links', () => {
  it('never moves a file through a processed/ that is a link: the file stays, nothing is taken', async () => {
    const folder = temp('watch-');
    const elsewhere = temp('elsewhere-');
    symlinkSync(elsewhere, join(folder, 'processed'));
    const h = harness(folder);
    writeFileSync(join(folder, 'batch.csv'), getWindowsAutopilotInfoFile());
    await h.settle();
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(existsSync(join(folder, 'batch.csv'))).toBe(true);
    expect(h.accepted).toEqual([]);
    expect(h.errors.join('\n')).toMatch(/processed\/ in the watch folder is a link or junction/);
  });

  it('never writes a report through a link planted at its name', async () => {
    const folder = temp('watch-');
    const victim = join(temp('victim-'), 'important.txt');
    writeFileSync(victim, 'keep me');
    mkdirSync(join(folder, 'processed'));
    symlinkSync(victim, join(folder, 'processed', 'batch.csv.report.txt'));
    const h = harness(folder);
    writeFileSync(join(folder, 'batch.csv'), getWindowsAutopilotInfoFile());
    await h.settle();
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(h.accepted).toHaveLength(3);
    const reports = readdirSync(join(folder, 'processed')).filter((name) => name.endsWith('.report.txt'));
    expect(reports).toHaveLength(2);
    expect(lstatSync(join(folder, 'processed', 'batch.csv.report.txt')).isSymbolicLink()).toBe(true);
  });

  it('never reads a watched name that is a link, and says so once', async () => {
    const folder = temp('watch-');
    const outside = join(temp('outside-'), 'secret.csv');
    writeFileSync(outside, getWindowsAutopilotInfoFile());
    symlinkSync(outside, join(folder, 'linked.csv'));
    const h = harness(folder);
    await h.settle();
    await h.settle();
    expect(h.accepted).toEqual([]);
    expect(existsSync(outside)).toBe(true);
    expect(lstatSync(join(folder, 'linked.csv')).isSymbolicLink()).toBe(true);
    expect(h.errors).toEqual([
      'linked.csv is a link or junction: the watch folder takes plain files only, so it is left alone.',
    ]);
  });

  it('does not read an .xml file over the cap: rejected, with the reason in its report', async () => {
    const folder = temp('watch-');
    const h = harness(folder);
    writeFileSync(join(folder, 'OA3.xml'), `<a>${'x'.repeat(MAX_XML_BYTES)}</a>`);
    await h.settle();
    expect(h.accepted).toEqual([]);
    expect(readFileSync(join(folder, 'rejected', 'OA3.xml.report.txt'), 'utf8')).toMatch(
      /OA3\.xml is 1025 KB: an OA3Tool report \(OA3\.xml\) is a few kilobytes, and \.xml files over 1024 KB are not read/,
    );
  });
});

describe.skipIf(process.platform === 'win32')('the Intune CSV writer', () => {
  it('writes through no link at a temporary name (its names are random and created exclusively)', async () => {
    const dir = temp('csv-out-');
    const victim = join(temp('victim-'), 'important.txt');
    writeFileSync(victim, 'keep me');
    // The name the writer used to pick: "<file>.csv.<pid>.tmp".
    symlinkSync(victim, join(dir, `autopilot-devices.csv.${process.pid}.tmp`));
    const device = numberedHash(1);
    const result = await writeIntuneCsvFiles(dir, [{ serial: device.serial, hardwareHash: device.hash }]);
    expect(result.ok).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(readFileSync(join(dir, 'autopilot-devices.csv'), 'utf8')).toContain(device.serial);
    expect(lstatSync(join(dir, 'autopilot-devices.csv')).isSymbolicLink()).toBe(false);
  });
});
