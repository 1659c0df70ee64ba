import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  folderWatchStarter,
  watchFolder,
  type FolderWatch,
  type IngestedFileReport,
} from '../../../../electron/core/files/watch-folder';
import type { CsvDevice } from '../../../../shared/domain/csv/row-checker';
import { getWindowsAutopilotInfoFile, sampleDevices } from '../../../fixtures/csv-variants';
import { oa3Xml } from '../../../fixtures/capture-outputs';
import { FIXTURE_NOW_MS, fixtureHash, numberedHash } from '../../../fixtures/hashes';

/** A watch driven by hand: a fake clock and explicit scans, no timers racing the test. */
function harness(folder: string) {
  let clock = FIXTURE_NOW_MS;
  const accepted: { name: string; devices: CsvDevice[] }[] = [];
  const ingested: IngestedFileReport[] = [];
  const errors: string[] = [];
  const watch = watchFolder(folder, {
    accept: (devices, file) => {
      accepted.push({ name: file.name, devices });
      return Promise.resolve();
    },
    onIngested: (report) => ingested.push(report),
    onError: (message) => errors.push(message),
    pollMs: 3_600_000,
    stableMs: 2000,
    now: () => clock,
  });
  watches.push(watch);
  return {
    accepted,
    ingested,
    errors,
    watch,
    /** Advances the fake clock and scans. */
    async tick(ms = 1000) {
      clock += ms;
      await watch.scan();
    },
  };
}

const watches: FolderWatch[] = [];
afterEach(async () => {
  await Promise.all(watches.splice(0).map((w) => w.close()));
});
const temp = (): string => mkdtempSync(join(tmpdir(), 'watch-'));

describe('watch folder', () => {
  it('ingests a new file once it is stable, moves it to processed/ with a report', async () => {
    const folder = temp();
    const h = harness(folder);
    writeFileSync(join(folder, 'batch.csv'), getWindowsAutopilotInfoFile());
    await h.tick();
    expect(h.accepted).toEqual([]);
    await h.tick(1000);
    await h.tick(1500);
    expect(h.accepted.map((a) => a.devices.map((d) => d.serial))).toEqual([sampleDevices().map((d) => d.serial)]);
    expect(h.ingested[0]).toMatchObject({ name: 'batch.csv', accepted: 3, rejected: 0, repeat: false });
    expect(existsSync(join(folder, 'batch.csv'))).toBe(false);
    expect(readdirSync(join(folder, 'processed')).sort()).toEqual(['batch.csv', 'batch.csv.report.txt']);
    expect(readFileSync(join(folder, 'processed', 'batch.csv.report.txt'), 'utf8')).toContain('Devices taken: 3');
    await h.tick(5000);
    expect(h.accepted).toHaveLength(1);
  });

  it('waits while a file grows (a copy in progress) and takes the complete file once', async () => {
    const folder = temp();
    const h = harness(folder);
    const bytes = getWindowsAutopilotInfoFile(sampleDevices(3));
    const path = join(folder, 'copy.csv');
    writeFileSync(path, bytes.subarray(0, 1000));
    for (let offset = 1000; offset < bytes.length; offset += 4000) {
      await h.tick(1500);
      appendFileSync(path, bytes.subarray(offset, Math.min(bytes.length, offset + 4000)));
    }
    await h.tick(1500);
    expect(h.accepted).toEqual([]);
    await h.tick(2500);
    expect(h.accepted).toHaveLength(1);
    expect(h.accepted[0]?.devices).toHaveLength(3);
    expect(h.ingested).toHaveLength(1);
  });

  it('ignores partial-copy names until the file is renamed into place', async () => {
    const folder = temp();
    const h = harness(folder);
    writeFileSync(join(folder, 'batch.csv.part'), getWindowsAutopilotInfoFile());
    await h.tick(5000);
    await h.tick(5000);
    expect(h.accepted).toEqual([]);
    renameSync(join(folder, 'batch.csv.part'), join(folder, 'batch.csv'));
    await h.tick(1000);
    await h.tick(3000);
    expect(h.accepted).toHaveLength(1);
  });

  it('moves a file with no good rows to rejected/ with the reasons per line', async () => {
    const folder = temp();
    const h = harness(folder);
    writeFileSync(
      join(folder, 'bad.csv'),
      `Device Serial Number,Windows Product ID,Hardware Hash\r\nX1,,${fixtureHash().slice(0, 3001)}\r\n`,
    );
    await h.tick();
    await h.tick(3000);
    expect(h.accepted).toEqual([]);
    expect(h.ingested[0]).toMatchObject({ accepted: 0, rejected: 1 });
    const report = readFileSync(join(folder, 'rejected', 'bad.csv.report.txt'), 'utf8');
    expect(report).toMatch(/line 2\tX1\terror\tbad-padding/);
  });

  it('takes the good rows of a mixed file and reports the bad ones', async () => {
    const folder = temp();
    const h = harness(folder);
    const good = numberedHash(1);
    writeFileSync(
      join(folder, 'mixed.csv'),
      `Device Serial Number,Windows Product ID,Hardware Hash\r\n${good.serial},,${good.hash}\r\nNOHASH,,\r\n`,
    );
    await h.tick();
    await h.tick(3000);
    expect(h.accepted[0]?.devices.map((d) => d.serial)).toEqual([good.serial]);
    expect(h.ingested[0]).toMatchObject({ accepted: 1, rejected: 1 });
    expect(readFileSync(join(folder, 'processed', 'mixed.csv.report.txt'), 'utf8')).toMatch(
      /line 3\tNOHASH\terror\tmissing-hash/,
    );
  });

  it('survives the folder vanishing and coming back, without ingesting anything twice', async () => {
    const folder = temp();
    const h = harness(folder);
    writeFileSync(join(folder, 'one.csv'), getWindowsAutopilotInfoFile(sampleDevices(1)));
    await h.tick();
    await h.tick(3000);
    expect(h.accepted).toHaveLength(1);
    const saved = readFileSync(join(folder, 'processed', 'one.csv'));
    rmSync(folder, { recursive: true, force: true });
    await h.tick(3000);
    await h.tick(3000);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatch(/not reachable/);
    mkdirSync(folder);
    writeFileSync(join(folder, 'one.csv'), saved);
    writeFileSync(join(folder, 'two.hash'), fixtureHash({ serial: 'TWO00001' }));
    await h.tick();
    await h.tick(3000);
    expect(h.accepted.map((a) => a.name)).toEqual(['one.csv', 'two.hash']);
    const repeat = h.ingested.find((r) => r.name === 'one.csv' && r.repeat);
    expect(repeat).toMatchObject({ accepted: 0 });
    expect(readdirSync(join(folder, 'processed')).filter((n) => n.startsWith('one'))).toHaveLength(2);
  });

  it('reads an OA3.xml dropped by a WinPE task sequence', async () => {
    const folder = temp();
    const h = harness(folder);
    writeFileSync(join(folder, 'PC042-OA3.xml'), oa3Xml(fixtureHash({ serial: 'PC042' })));
    await h.tick();
    await h.tick(3000);
    expect(h.accepted[0]?.devices.map((d) => d.serial)).toEqual(['PC042']);
  });

  it('leaves a file in place when taking its devices fails, and retries later', async () => {
    const folder = temp();
    let fail = true;
    const accepted: string[] = [];
    const errors: string[] = [];
    let clock = FIXTURE_NOW_MS;
    const watch = watchFolder(folder, {
      accept: (devices) => {
        if (fail) return Promise.reject(new Error('journal locked'));
        accepted.push(...devices.map((d) => d.serial));
        return Promise.resolve();
      },
      onError: (m) => errors.push(m),
      pollMs: 3_600_000,
      stableMs: 1000,
      now: () => clock,
    });
    watches.push(watch);
    writeFileSync(join(folder, 'a.csv'), getWindowsAutopilotInfoFile(sampleDevices(1)));
    await watch.scan();
    clock += 2000;
    await watch.scan();
    expect(errors[0]).toMatch(/journal locked/);
    expect(existsSync(join(folder, 'a.csv'))).toBe(true);
    fail = false;
    clock += 2000;
    await watch.scan();
    expect(accepted).toEqual([sampleDevices(1)[0]?.serial]);
  });

  it('polls on its own with real timers', async () => {
    const folder = temp();
    const seen: string[] = [];
    const watch = watchFolder(folder, {
      accept: (devices) => {
        seen.push(...devices.map((d) => d.serial));
        return Promise.resolve();
      },
      pollMs: 30,
      stableMs: 60,
    });
    watches.push(watch);
    writeFileSync(join(folder, 'late.csv'), getWindowsAutopilotInfoFile(sampleDevices(2)));
    await expect.poll(() => seen.length, { timeout: 5000, interval: 20 }).toBe(2);
  });
});

describe('folderWatchStarter', () => {
  it('starts a watch that hands devices over with the watch settings', async () => {
    const folder = temp();
    const taken: { serials: string[]; tag: string; register: boolean }[] = [];
    const files: { name: string; accepted: number; rejected: number }[] = [];
    const start = folderWatchStarter(
      (devices, _file, settings) => {
        taken.push({ serials: devices.map((d) => d.serial), tag: settings.groupTag, register: settings.register });
        return Promise.resolve();
      },
      { pollMs: 20, stableMs: 40 },
    );
    const running = await start(folder, {
      groupTag: 'OD-KIOSK',
      register: true,
      onIngested: (f) => files.push(f),
      onError: () => undefined,
    });
    writeFileSync(join(folder, 'k.csv'), getWindowsAutopilotInfoFile(sampleDevices(1)));
    await expect.poll(() => files.length, { timeout: 5000, interval: 20 }).toBe(1);
    await running.close();
    expect(taken).toEqual([{ serials: [sampleDevices(1)[0]?.serial], tag: 'OD-KIOSK', register: true }]);
    expect(files).toEqual([{ name: 'k.csv', accepted: 1, rejected: 0, issues: [] }]);
  });
});
