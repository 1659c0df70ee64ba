import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../../electron/core/clock';
import { Journal } from '../../../../electron/core/store/journal';

const clock: Clock = { now: () => Date.parse('2026-01-01T00:00:00Z'), sleep: () => Promise.resolve() };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'journal-'));
}

describe('Journal', () => {
  it('keeps devices, patches and meta across reopen', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    journal.enqueue({ serial: ' abc1 ', hardwareHash: 'HASH', groupTag: 'OD-KIOSK' });
    journal.update('ABC1', { stage: 'imported', importRecordId: 'r1' });
    journal.setMeta({ lastSyncAt: '2026-01-01T00:00:00.000Z' });
    journal.commit();
    journal.close();
    const again = Journal.open(dir, clock);
    expect(again.get('abc1')).toMatchObject({
      serial: 'abc1',
      stage: 'imported',
      importRecordId: 'r1',
      queued: true,
      hardwareHash: 'HASH',
    });
    expect(again.queued().map((device) => device.key)).toEqual(['ABC1']);
    expect(again.metadata().lastSyncAt).toBe('2026-01-01T00:00:00.000Z');
    again.close();
  });

  it('loses uncommitted changes only, and cuts a torn last line', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    journal.enqueue({ serial: 'S1', hardwareHash: 'H' });
    journal.commit();
    journal.update('S1', { stage: 'imported' });
    // Simulates a crash: the lock stays, the pending patch is never written, a partial line is.
    appendFileSync(join(dir, 'journal.jsonl'), '{"t":"patch","k":"S1","p":{"stage":"rea');
    writeFileSync(join(dir, 'writer.lock.owner'), JSON.stringify({ pid: 999_999_999, host: hostname() }));
    const again = Journal.open(dir, clock);
    expect(again.get('S1')?.stage).toBe('collected');
    again.update('S1', { stage: 'ready' });
    again.close();
    const lines = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n');
    expect(lines.every((line) => JSON.parse(line) !== null)).toBe(true);
    const third = Journal.open(dir, clock);
    expect(third.get('S1')?.stage).toBe('ready');
    third.close();
  });

  it('refuses a second writer while the first is alive', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    writeFileSync(join(dir, 'journal.lock'), JSON.stringify({ pid: process.ppid }));
    expect(() => Journal.open(dir, clock)).toThrow(/in use/);
    journal.close();
  });

  it('compacts to one line per device and keeps the state', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    for (let i = 0; i < 5; i += 1) journal.enqueue({ serial: `S${i}`, hardwareHash: 'H' });
    for (let round = 0; round < 3; round += 1)
      for (let i = 0; i < 5; i += 1) journal.update(`S${i}`, { importCount: round });
    journal.compact();
    journal.close();
    const lines = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    const again = Journal.open(dir, clock);
    expect(again.all().map((device) => device.importCount)).toEqual([2, 2, 2, 2, 2]);
    again.close();
  });

  it('tells subscribers about changes', () => {
    const journal = Journal.open(tempDir(), clock);
    const seen: string[] = [];
    journal.subscribe((device) => seen.push(`${device.key}:${device.stage}`));
    journal.enqueue({ serial: 'S1', hardwareHash: 'H' });
    journal.update('S1', { stage: 'imported' });
    expect(seen).toEqual(['S1:collected', 'S1:imported']);
    journal.close();
  });
});
