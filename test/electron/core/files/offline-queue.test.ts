import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../../electron/core/clock';
import { collectIntuneCsv } from '../../../../electron/core/files/csv-reader';
import { exportQueue, queueDevices } from '../../../../electron/core/files/offline-queue';
import { Journal } from '../../../../electron/core/store/journal';
import { INTUNE_CSV_HEADER } from '../../../../shared/domain/csv/write';
import { FIXTURE_NOW_MS, numberedHash } from '../../../fixtures/hashes';

const clock: Clock = { now: () => FIXTURE_NOW_MS, sleep: () => Promise.resolve() };
const temp = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

describe('offline queue', () => {
  it('queues captured devices durably and exports them as Intune CSV', async () => {
    const dir = temp('queue-');
    const journal = Journal.open(dir, clock);
    const devices = [1, 2].map((i) => numberedHash(i));
    const outcomes = queueDevices(
      journal,
      devices.map((d) => ({ serial: d.serial, hardwareHash: d.hash })),
      { source: 'capture', origin: 'windows', groupTag: 'OD-FINANCE' },
    );
    expect(outcomes.map((o) => o.action)).toEqual(['queued', 'queued']);
    journal.close();

    const reopened = Journal.open(dir, clock);
    expect(reopened.queued().map((d) => [d.serial, d.groupTag, d.manufacturer, d.uuid])).toEqual([
      ['SN00000001', 'OD-FINANCE', 'LENOVO', '4C4C4544-0000-0000-0000-000000000001'],
      ['SN00000002', 'OD-FINANCE', 'LENOVO', '4C4C4544-0000-0000-0000-000000000002'],
    ]);
    const out = temp('export-');
    const result = await exportQueue(reopened, out);
    if (!result.ok) throw new Error('refused');
    expect(result.serials).toEqual(['SN00000001', 'SN00000002']);
    const text = readFileSync(result.paths[0] as string, 'utf8');
    expect(text).toBe(
      `${INTUNE_CSV_HEADER}\r\n` + devices.map((d) => `${d.serial},,${d.hash},OD-FINANCE,`).join('\r\n') + '\r\n',
    );
    expect(reopened.get('SN00000001')?.exportedAt).toBe(new Date(FIXTURE_NOW_MS).toISOString());
    reopened.close();
  });

  it('does not duplicate a device queued twice, and updates it when its tag changes', () => {
    const journal = Journal.open(temp('queue-'), clock);
    const d = numberedHash(1);
    const candidate = { serial: d.serial, hardwareHash: d.hash, groupTag: 'A' };
    expect(queueDevices(journal, [candidate], { source: 'csv', origin: 'a.csv:2' })[0]?.action).toBe('queued');
    expect(queueDevices(journal, [candidate], { source: 'csv', origin: 'a.csv:2' })[0]?.action).toBe('unchanged');
    expect(
      queueDevices(journal, [{ ...candidate, groupTag: 'B' }], { source: 'csv', origin: 'b.csv:2' })[0]?.action,
    ).toBe('updated');
    expect(journal.all()).toHaveLength(1);
    expect(journal.get(d.serial)?.groupTag).toBe('B');
    journal.close();
  });

  it('leaves a device the engine is registering alone', () => {
    const journal = Journal.open(temp('queue-'), clock);
    const d = numberedHash(1);
    queueDevices(journal, [{ serial: d.serial, hardwareHash: d.hash }], { source: 'capture', origin: 'windows' });
    journal.update(d.serial, { queued: false, stage: 'imported' });
    const again = queueDevices(
      journal,
      [{ serial: d.serial, hardwareHash: numberedHash(1, { capturedAtMs: FIXTURE_NOW_MS }).hash }],
      {
        source: 'capture',
        origin: 'windows',
      },
    );
    expect(again[0]).toMatchObject({
      action: 'already-tracked',
      note: expect.stringContaining('--replace-existing') as unknown,
    });
    expect(journal.get(d.serial)?.stage).toBe('imported');
    journal.close();
  });

  it('a file exported offline resumes tracking of the same devices on a connected machine', async () => {
    const offline = Journal.open(temp('offline-'), clock);
    const devices = [1, 2, 3].map((i) => numberedHash(i));
    queueDevices(
      offline,
      devices.map((d) => ({ serial: d.serial, hardwareHash: d.hash, groupTag: 'OD-RETAIL' })),
      {
        source: 'capture',
        origin: 'winpe',
      },
    );
    const result = await exportQueue(offline, temp('usb-'));
    offline.close();
    if (!result.ok) throw new Error('refused');

    const connected = Journal.open(temp('connected-'), clock);
    const { rows } = await collectIntuneCsv(readFileSync(result.paths[0] as string), { now: FIXTURE_NOW_MS });
    const first = queueDevices(
      connected,
      rows.flatMap((r) => (r.device ? [r.device] : [])),
      { source: 'csv', origin: 'usb' },
    );
    expect(first.map((o) => o.action)).toEqual(['queued', 'queued', 'queued']);
    expect(connected.queued().map((d) => [d.serial, d.uuid, d.hardwareHash, d.groupTag])).toEqual(
      devices.map((d, i) => [d.serial, `4C4C4544-0000-0000-0000-00000000000${i + 1}`, d.hash, 'OD-RETAIL']),
    );
    const second = queueDevices(
      connected,
      rows.flatMap((r) => (r.device ? [r.device] : [])),
      { source: 'csv', origin: 'usb' },
    );
    expect(second.map((o) => o.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    connected.close();
  });

  it('refuses to export a value that would break the file, naming the device', async () => {
    const journal = Journal.open(temp('queue-'), clock);
    const d = numberedHash(1);
    queueDevices(journal, [{ serial: d.serial, hardwareHash: d.hash, groupTag: 'A,B' }], {
      source: 'capture',
      origin: 'windows',
    });
    const result = await exportQueue(journal, temp('export-'));
    expect(result).toMatchObject({ ok: false, refusals: [{ row: 1, serial: d.serial, column: 'Group Tag' }] });
    expect(journal.get(d.serial)?.exportedAt).toBeNull();
    journal.close();
  });
});
