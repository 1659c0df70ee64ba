import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../../electron/core/clock';
import { Journal, tenantJournalDir } from '../../../../electron/core/store/journal';

let now = Date.parse('2026-01-01T00:00:00Z');
const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'journal-log-'));
}

function logLines(dir: string): string[] {
  return readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n');
}

describe('Journal log', () => {
  it('keeps one directory per tenant, with unsafe characters replaced', () => {
    expect(tenantJournalDir('/state', 'contoso.onmicrosoft.com')).toBe(
      join('/state', 'tenants', 'contoso.onmicrosoft.com'),
    );
    expect(tenantJournalDir('/state', '../a b/c')).toBe(join('/state', 'tenants', '.._a_b_c'));
  });

  it('writes each commit as whole lines, nothing before the commit', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    journal.enqueue({ serial: 'S1', hardwareHash: 'H' });
    journal.setMeta({ lastSyncAt: 'then' });
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).toBe('');
    journal.commit();
    const lines = logLines(dir);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ t: 'device', d: { key: 'S1' } });
    expect(JSON.parse(lines[1] as string)).toEqual({ t: 'meta', p: { lastSyncAt: 'then' } });
    journal.close();
  });

  it('stamps each update with the clock and forgets removed devices', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    journal.enqueue({ serial: 'S1', hardwareHash: 'H' });
    journal.enqueue({ serial: 'S2', hardwareHash: 'H' });
    now += 60_000;
    expect(journal.update('s1', { stage: 'imported' })).toMatchObject({
      key: 'S1',
      stage: 'imported',
      updatedAt: '2026-01-01T00:01:00.000Z',
    });
    journal.remove('S2');
    expect(() => journal.update('S2', { stage: 'ready' })).toThrow('journal: no device S2');
    journal.close();
    const read = Journal.read(dir);
    expect(read.devices.map((d) => [d.key, d.stage, d.updatedAt])).toEqual([
      ['S1', 'imported', '2026-01-01T00:01:00.000Z'],
    ]);
    const again = Journal.open(dir, clock);
    expect(again.get('S2')).toBeUndefined();
    expect(again.all().map((d) => d.key)).toEqual(['S1']);
    again.close();
  });

  it('read() shows committed state while a writer holds the lock, skipping a torn line, merging meta', () => {
    const dir = tempDir();
    expect(Journal.read(dir)).toEqual({ devices: [], meta: { lastSyncAt: null } });
    const journal = Journal.open(dir, clock);
    journal.enqueue({ serial: 'S1', hardwareHash: 'H' });
    journal.setMeta({ lastSyncAt: 'a' });
    journal.setMeta({ retryAfterUntil: 'b' });
    journal.commit();
    journal.update('S1', { stage: 'imported' });
    appendFileSync(join(dir, 'journal.jsonl'), '{"t":"patch","k":"S9","p":{}}\n{"t":"patch","k":"S1","p":{"st');
    const read = Journal.read(dir);
    expect(read.devices.map((d) => [d.key, d.stage])).toEqual([['S1', 'collected']]);
    expect(read.meta).toEqual({ lastSyncAt: 'a', retryAfterUntil: 'b' });
    journal.close();
  });

  it('refuses a log damaged before its last line', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    journal.enqueue({ serial: 'S1', hardwareHash: 'H' });
    journal.close();
    const first = logLines(dir)[0] as string;
    writeFileSync(join(dir, 'journal.jsonl'), `${first}\nnot json\n${first}\n`);
    expect(() => Journal.open(dir, clock)).toThrow(`is damaged at byte ${Buffer.byteLength(first) + 1}`);
  });

  it('repairs a last line that lacks only its newline, and appends after it', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    journal.enqueue({ serial: 'S1', hardwareHash: 'H' });
    journal.close();
    const text = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    writeFileSync(join(dir, 'journal.jsonl'), `${text}{"t":"patch","k":"S1","p":{"stage":"imported"}}`);
    const again = Journal.open(dir, clock);
    expect(again.get('S1')?.stage).toBe('imported');
    again.update('S1', { stage: 'in-group' });
    again.close();
    expect(
      logLines(dir)
        .slice(0, -1)
        .map((line) => (JSON.parse(line) as { t: string }).t),
    ).toEqual(['device', 'patch', 'patch']);
    const third = Journal.open(dir, clock);
    expect(third.get('S1')?.stage).toBe('in-group');
    third.close();
  });

  it('skips blank lines and keeps a torn line with multi-byte text out', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    journal.enqueue({ serial: 'S1', hardwareHash: 'H', origin: 'Zürich – Größe' });
    journal.close();
    const text = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    writeFileSync(join(dir, 'journal.jsonl'), `\n${text}\n{"t":"patch","k":"S1","p":{"origin":"Stück`);
    const again = Journal.open(dir, clock);
    expect(again.get('S1')?.origin).toBe('Zürich – Größe');
    again.update('S1', { stage: 'imported' });
    again.close();
    const third = Journal.open(dir, clock);
    expect(third.get('S1')).toMatchObject({ origin: 'Zürich – Größe', stage: 'imported' });
    third.close();
  });

  it('compacts by itself once the log has grown past 2,000 lines, and not before', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    journal.enqueue({ serial: 'S1', hardwareHash: 'H' });
    journal.enqueue({ serial: 'S2', hardwareHash: 'H' });
    journal.commit();
    for (let i = 0; i < 1998; i += 1) journal.update('S1', { importCount: i });
    journal.commit();
    expect(logLines(dir)).toHaveLength(2001);
    journal.update('S1', { importCount: 5000 });
    journal.commit();
    expect(logLines(dir)).toHaveLength(4);
    journal.update('S2', { importCount: 7 });
    journal.close();
    const again = Journal.open(dir, clock);
    expect(again.all().map((d) => [d.key, d.importCount])).toEqual([
      ['S1', 5000],
      ['S2', 7],
    ]);
    expect(again.metadata()).toEqual({ lastSyncAt: null });
    again.close();
  });

  it('keeps the offline queue and marks exported devices', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    journal.enqueue({ serial: 'Q1', hardwareHash: 'H' });
    journal.enqueue({ serial: 'Q2', hardwareHash: 'H' });
    journal.put({ ...(journal.get('Q2') as NonNullable<ReturnType<Journal['get']>>), queued: false });
    expect(journal.queued().map((d) => d.key)).toEqual(['Q1']);
    now += 1000;
    journal.markExported(['Q1', 'GONE']);
    const at = new Date(now).toISOString();
    expect(Journal.read(dir).devices.map((d) => [d.key, d.exportedAt])).toEqual([
      ['Q1', at],
      ['Q2', null],
    ]);
    journal.close();
  });

  it('after close, changes stay in memory only and a subscriber can leave', () => {
    const dir = tempDir();
    const journal = Journal.open(dir, clock);
    const seen: string[] = [];
    const leave = journal.subscribe((device) => seen.push(device.stage));
    journal.enqueue({ serial: 'S1', hardwareHash: 'H' });
    leave();
    journal.update('S1', { stage: 'imported' });
    journal.setMeta({ lastSyncAt: 'x' });
    expect(seen).toEqual(['collected']);
    journal.close();
    journal.close();
    journal.update('S1', { stage: 'ready' });
    journal.commit();
    expect(journal.get('S1')?.stage).toBe('ready');
    expect(Journal.read(dir).devices[0]?.stage).toBe('imported');
    // The lock is released: another writer may open it.
    const again = Journal.open(dir, clock);
    expect(again.metadata().lastSyncAt).toBe('x');
    again.close();
  });
});
