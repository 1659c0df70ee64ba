import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../../../electron/core/clock';
import { stateFolderQueue } from '../../../../electron/core/application/offline-queue-service';
import { offlineQueueDir, readOfflineQueue } from '../../../../electron/core/files/offline-queue-store';
import { Journal, tenantJournalDir } from '../../../../electron/core/store/journal';
import { FIXTURE_NOW_MS, numberedHash } from '../../../fixtures/hashes';

const clock: Clock = { now: () => FIXTURE_NOW_MS, sleep: () => Promise.resolve() };

/** Queues the numbered device in the journal folder (the offline queue, or a tenant's as earlier versions did). */
function enqueue(dir: string, n: number): void {
  const journal = Journal.open(dir, clock);
  const d = numberedHash(n);
  journal.enqueue({ serial: d.serial, hardwareHash: d.hash });
  journal.close();
}

/** A state folder: one device in the offline queue, one queued under tenant "a", and tenant "b" with none. */
function stateFolder(): { stateDir: string; a: string; b: string } {
  const stateDir = mkdtempSync(join(tmpdir(), 'queue-store-'));
  const a = tenantJournalDir(stateDir, 'a');
  const b = tenantJournalDir(stateDir, 'b');
  enqueue(offlineQueueDir(stateDir), 1);
  enqueue(a, 2);
  Journal.open(b, clock).close();
  return { stateDir, a, b };
}

/** Watches Journal.read: the folders it was given since the last call, sorted. */
function watchReads(): () => string[] {
  const read = vi.spyOn(Journal, 'read');
  return () => {
    const dirs = read.mock.calls.map(([dir]) => dir).sort();
    read.mockClear();
    return dirs;
  };
}

describe('the offline queue store reads each journal once', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads the queue and each tenant journal once, with a busy tenant journal still holding a queued device', async () => {
    const { stateDir, a, b } = stateFolder();
    const held = Journal.open(a, clock);
    try {
      const reads = watchReads();
      expect(
        readOfflineQueue(stateDir)
          .map((d) => d.serial)
          .sort(),
      ).toEqual(['SN00000001', 'SN00000002']);
      expect(reads()).toEqual([offlineQueueDir(stateDir), a, b].sort());

      const devices = await stateFolderQueue(stateDir, clock).list();
      expect(devices.map((d) => d.serial).sort()).toEqual(['SN00000001', 'SN00000002']);
      // The opened queue answers for itself: only the tenant journals are read, once each.
      expect(reads()).toEqual([a, b].sort());
      expect(existsSync(join(stateDir, 'tenant-queues-moved'))).toBe(false);
    } finally {
      held.close();
    }
  });

  it('once every per-tenant queue is moved, later openings do not scan the tenant journals', async () => {
    const { stateDir } = stateFolder();
    const queue = stateFolderQueue(stateDir, clock);
    expect((await queue.list()).map((d) => d.serial).sort()).toEqual(['SN00000001', 'SN00000002']);
    expect(existsSync(join(stateDir, 'tenant-queues-moved'))).toBe(true);

    const reads = watchReads();
    expect((await queue.list()).map((d) => d.serial).sort()).toEqual(['SN00000001', 'SN00000002']);
    expect(
      readOfflineQueue(stateDir)
        .map((d) => d.serial)
        .sort(),
    ).toEqual(['SN00000001', 'SN00000002']);
    expect(reads()).toEqual([offlineQueueDir(stateDir)]);
  });
});
