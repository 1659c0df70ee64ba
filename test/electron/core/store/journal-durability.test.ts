import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../../../electron/core/clock';
import { Journal } from '../../../../electron/core/store/journal';

/**
 * The file layer under the journal, watched: a process killed mid-run keeps the page cache, so only the
 * order of writes, fsyncs and renames shows whether a commit or a compaction survives a power cut.
 */
const files = vi.hoisted(() => ({
  ops: [] as { op: string; file: string }[],
  paths: new Map<number, string>(),
  failWrites: null as null | ((file: string) => boolean),
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const name = (fd: number): string => files.paths.get(fd) ?? `fd${fd}`;
  return {
    ...fs,
    openSync: (...args: Parameters<typeof fs.openSync>) => {
      const fd = fs.openSync(...args);
      files.paths.set(fd, basename(String(args[0])));
      const flags = args.length > 1 ? String(args[1]) : 'r';
      files.ops.push({ op: `open:${flags}`, file: basename(String(args[0])) });
      return fd;
    },
    writeSync: (fd: number, ...rest: unknown[]) => {
      if (files.failWrites?.(name(fd)))
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      files.ops.push({ op: 'write', file: name(fd) });
      return (fs.writeSync as (fd: number, ...args: unknown[]) => number)(fd, ...rest);
    },
    fsyncSync: (fd: number) => {
      files.ops.push({ op: 'fsync', file: name(fd) });
      fs.fsyncSync(fd);
    },
    ftruncateSync: (fd: number, length?: number) => {
      files.ops.push({ op: 'truncate', file: name(fd) });
      fs.ftruncateSync(fd, length);
    },
    renameSync: (from: string, to: string) => {
      files.ops.push({ op: `rename:${basename(to)}`, file: basename(from) });
      fs.renameSync(from, to);
    },
    closeSync: (fd: number) => {
      files.ops.push({ op: 'close', file: name(fd) });
      fs.closeSync(fd);
      files.paths.delete(fd);
    },
  };
});

const clock: Clock = { now: () => Date.parse('2026-01-01T00:00:00Z'), sleep: () => Promise.resolve() };
const LOG = 'journal.jsonl';

afterEach(() => {
  files.ops.length = 0;
  files.failWrites = null;
});

function journalWith(serials: string[]): { dir: string; journal: Journal } {
  const dir = mkdtempSync(join(tmpdir(), 'journal-durable-'));
  const journal = Journal.open(dir, clock);
  for (const serial of serials) journal.enqueue({ serial, hardwareHash: `HASH-${serial}` });
  for (const serial of serials) journal.update(serial, { stage: 'imported' });
  journal.commit();
  return { dir, journal };
}

describe('Journal durability (file layer observed)', () => {
  it('fsyncs the log after each commit, before the commit returns', () => {
    const { journal } = journalWith(['S1']);
    files.ops.length = 0;
    journal.update('S1', { stage: 'in-group' });
    journal.commit();
    expect(files.ops).toEqual([
      { op: 'write', file: LOG },
      { op: 'fsync', file: LOG },
    ]);
    files.ops.length = 0;
    journal.commit();
    expect(files.ops).toEqual([]);
    journal.close();
  });

  it('compacts through a temp file that is written and fsynced before it is renamed over the log', () => {
    const { dir, journal } = journalWith(['S1', 'S2']);
    files.ops.length = 0;
    journal.compact();
    const log = files.ops.filter((entry) => entry.file === LOG);
    // The live log is never truncated or written in place during a compaction.
    expect(log.filter((entry) => entry.op === 'write' || entry.op === 'truncate' || entry.op === 'open:w')).toEqual([]);
    const rename = files.ops.findIndex((entry) => entry.op === `rename:${LOG}`);
    expect(rename).toBeGreaterThan(0);
    const temp = files.ops[rename]?.file as string;
    expect(temp).not.toBe(LOG);
    const before = files.ops.slice(0, rename).filter((entry) => entry.file === temp);
    expect(before.map((entry) => entry.op)).toEqual(['open:w', 'write', 'fsync', 'close']);
    // Later commits go to the new log.
    journal.update('S1', { stage: 'ready' });
    journal.commit();
    journal.close();
    expect(Journal.read(dir).devices.map((device) => [device.key, device.stage])).toEqual([
      ['S1', 'ready'],
      ['S2', 'imported'],
    ]);
  });

  it('a compaction whose write fails leaves the old log whole', () => {
    const { dir, journal } = journalWith(['S1', 'S2', 'S3']);
    const text = readFileSync(join(dir, LOG), 'utf8');
    files.failWrites = () => true;
    expect(() => journal.compact()).toThrow(/ENOSPC/);
    files.failWrites = null;
    expect(readFileSync(join(dir, LOG), 'utf8')).toBe(text);
    expect(Journal.read(dir).devices.map((device) => device.key)).toEqual(['S1', 'S2', 'S3']);
    // The journal goes on appending to the old log.
    journal.update('S2', { stage: 'ready' });
    journal.commit();
    journal.close();
    expect(Journal.read(dir).devices.find((device) => device.key === 'S2')?.stage).toBe('ready');
  });
});
