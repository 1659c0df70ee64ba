import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../electron/core/clock';
import { queueDevices } from '../../../../electron/core/files/offline-queue';
import { offlineQueueDir } from '../../../../electron/core/files/offline-queue-store';
import { Journal, tenantJournalDir } from '../../../../electron/core/store/journal';
import { fixtureHash } from '../../../fixtures/hashes';
import { startSandboxApplication, type SandboxApplication } from '../../../helpers/sandbox-application';

describe('the console and the offline queue of its state folder', () => {
  let running: SandboxApplication | null = null;

  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('shows queued devices (a per-tenant queue moved in), and a registered one leaves the queue', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'console-queue-'));
    const queue = Journal.open(offlineQueueDir(stateDir), systemClock);
    queue.enqueue({
      serial: 'QUEUED0001',
      hardwareHash: fixtureHash({ serial: 'QUEUED0001' }),
      groupTag: 'OD-FINANCE',
    });
    queue.close();
    // Queued under the sandbox by an earlier version, before the sandbox had its tenant id.
    const legacy = Journal.open(tenantJournalDir(stateDir, 'sandbox'), systemClock);
    legacy.enqueue({
      serial: 'QUEUED0002',
      hardwareHash: fixtureHash({ serial: 'QUEUED0002' }),
      groupTag: 'OD-FINANCE',
    });
    legacy.close();

    running = await startSandboxApplication({ stateDir });
    const board = running.application.board;
    expect(board.map((d) => [d.serial, d.stage, d.inProgress ?? false]).sort()).toEqual([
      ['QUEUED0001', 'collected', false],
      ['QUEUED0002', 'collected', false],
    ]);
    expect(board.every((d) => d.origin.startsWith('offline queue'))).toBe(true);
    expect(Journal.read(tenantJournalDir(stateDir, 'sandbox')).devices).toEqual([]);

    const id = board.find((d) => d.serial === 'QUEUED0002')?.id as string;
    await running.call('devices:register', { ids: [id] });
    expect(Journal.read(offlineQueueDir(stateDir)).devices.map((d) => d.key)).toEqual(['QUEUED0001']);
    await running.settled(() => running?.application.records.get(id)?.view.stage === 'ready');
  });

  it('a device queued under its row serial, its hash holding another, leaves the queue once registered', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'console-queue-'));
    const queue = Journal.open(offlineQueueDir(stateDir), systemClock);
    queueDevices(queue, [{ serial: 'ROW0SER01', hardwareHash: fixtureHash({ serial: 'HASH0SER01' }) }], {
      source: 'csv',
      origin: 'row.csv:2',
      groupTag: 'OD-FINANCE',
    });
    queue.close();
    expect(Journal.read(offlineQueueDir(stateDir)).devices.map((d) => d.key)).toEqual(['ROW0SER01']);

    running = await startSandboxApplication({ stateDir });
    const [device] = running.application.board;
    // The board follows the serial Autopilot registers: the one inside the hash.
    expect(device).toMatchObject({ id: 'HASH0SER01', serial: 'ROW0SER01' });
    await running.call('devices:register', { ids: [device?.id] });
    expect(Journal.read(offlineQueueDir(stateDir)).devices).toEqual([]);
    await running.settled(() => running?.application.records.get('HASH0SER01')?.view.inProgress === false);
  });
});
