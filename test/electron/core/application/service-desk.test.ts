import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTUNE_CSV_HEADER } from '../../../../shared/domain/csv/write';
import type { LookupResult, RecordActionResult, SyncAnswer } from '../../../../shared/domain/tenant-record';
import type { ImportReport } from '../../../../shared/ipc/device-schemas';
import { fixtureHash } from '../../../fixtures/hashes';
import { startSandboxApplication, type SandboxApplication } from '../../../helpers/sandbox-application';

describe('the service desk in the console application (sandbox tenant, virtual clock)', () => {
  let running: SandboxApplication;
  const call = <T>(channel: string, request: unknown): Promise<T> => running.call<T>(channel, request);
  const devices = () => running.application.records.list().map((r) => r.view);
  const activity = (action: string) => running.application.activity.list().filter((e) => e.action === action);

  beforeEach(async () => {
    running = await startSandboxApplication({ actor: 'desk-tech' });
  });

  afterEach(async () => {
    await running.close();
  });

  /** Puts devices on the board from a CSV (a new hash for each serial), without registering them. */
  async function board(serials: string[], tag = ''): Promise<string[]> {
    const at = running.clock!.now() - 3_600_000;
    const rows = serials.map((serial, i) =>
      [
        serial,
        '',
        fixtureHash({ serial, uuid: `4C4C4544-00D5-0000-0000-${String(i).padStart(12, '0')}`, capturedAtMs: at }),
        tag,
        '',
      ].join(','),
    );
    const report = await call<ImportReport>('import:read', {
      fileName: 'desk.csv',
      bytesBase64: Buffer.from([INTUNE_CSV_HEADER, ...rows].join('\r\n')).toString('base64'),
    });
    return (await call<{ added: string[] }>('import:queue', { importId: report.importId, register: false })).added;
  }

  it('looks up serials the console never registered, and says which it does not find', async () => {
    const { results } = await call<{ results: LookupResult[] }>('records:lookup', {
      serials: ['SDK0ENRL01', 'SDK0SYNC02', 'NOTHERE001'],
    });
    expect(results[0]?.records[0]).toMatchObject({ enrolled: true, groupTag: 'OD-FINANCE' });
    expect(results[1]?.records[0]?.profileStatusText).toMatch(/^Assigned, syncing/);
    expect(results[2]?.records).toEqual([]);
    await expect(call('records:lookup', { serials: [] })).rejects.toThrow(/bad-request|invalid/i);
  });

  it('changes tag and user of a record, follows it to read-back, updates the board and logs who did it', async () => {
    const [id] = await board(['PF4SBX0001']);
    const { results } = await call<{ results: RecordActionResult[] }>('records:change', {
      serials: ['PF4SBX0001'],
      groupTag: 'OD-RETAIL',
      assignedUser: 'megan.bowen@autopilot-sandbox.onmicrosoft.com',
    });
    expect(results[0]).toMatchObject({ outcome: 'done', record: { groupTag: 'OD-RETAIL' } });
    expect(devices().find((d) => d.id === id)).toMatchObject({
      groupTag: 'OD-RETAIL',
      assignedUser: 'megan.bowen@autopilot-sandbox.onmicrosoft.com',
    });
    const [entry] = activity('Change in tenant');
    expect(entry).toMatchObject({ serial: 'PF4SBX0001', outcome: 'ok', groupTag: 'OD-RETAIL', tenant: 'sandbox' });
    // Who acted is the identity the tenant saw: here the sandbox's application.
    expect(entry?.actor).toMatch(/^application \(client id [0-9a-f-]{36}\)$/);
    expect(entry?.detail).toMatch(/^Read back: tag "OD-RETAIL"/);
  });

  it('renames a registered board device from the look-up: the new name stays in the tenant and on the board', async () => {
    const [id] = await board(['PF4SBX0003'], 'OD-RETAIL');
    await call('devices:register', { ids: [id], deviceName: 'RET-OLD-01' });
    await running.settled(() => devices().every((d) => !d.inProgress));
    expect(devices().find((d) => d.id === id)).toMatchObject({ stage: 'ready', deviceName: 'RET-OLD-01' });
    const { results } = await call<{ results: RecordActionResult[] }>('records:change', {
      serials: ['PF4SBX0003'],
      deviceName: 'RET-NEW-02',
    });
    expect(results[0]).toMatchObject({ outcome: 'done', record: { deviceName: 'RET-NEW-02' } });
    await running.settled(() => devices().every((d) => !d.inProgress));
    const [after] = (await call<{ results: LookupResult[] }>('records:lookup', { serials: ['PF4SBX0003'] })).results;
    expect(after?.records[0]).toMatchObject({ deviceName: 'RET-NEW-02', groupTag: 'OD-RETAIL' });
    expect(devices().find((d) => d.id === id)).toMatchObject({ stage: 'ready', deviceName: 'RET-NEW-02' });
  });

  it('deregisters several records, refusing the enrolled one with the reason, and logs each', async () => {
    const [id] = await board(['PF4SBX0002']);
    const { results } = await call<{ results: RecordActionResult[] }>('records:deregister', {
      serials: ['PF4SBX0002', 'SDK0ENRL01'],
    });
    expect(results.map((r) => r.outcome)).toEqual(['done', 'refused']);
    expect(results[1]?.message).toMatch(/enrolled in Intune/);
    expect(results[1]?.nextStep).toMatch(/Delete the device in Intune/);
    expect(devices().find((d) => d.id === id)).toMatchObject({ stage: 'collected', autopilotDeviceId: null });
    expect(activity('Deregister').map((e) => [e.serial, e.outcome])).toEqual([
      ['PF4SBX0002', 'ok'],
      ['SDK0ENRL01', 'warning'],
    ]);
  });

  it('replaces a record whose hardware changed with the newly captured hash: old record gone, new one registered once', async () => {
    const [before] = (await call<{ results: LookupResult[] }>('records:lookup', { serials: ['SDK0HWCH03'] })).results;
    const oldId = before?.records[0]?.id;
    // The new hash comes without a tag: the replacement keeps the old record's tag.
    const [id] = await board(['SDK0HWCH03']);
    await call('devices:register', { ids: [id], replaceIds: [id] });
    await running.settled(() => devices().every((d) => !d.inProgress));
    expect(devices().find((d) => d.id === id)).toMatchObject({ stage: 'ready', groupTag: 'OD-FINANCE' });
    const [after] = (await call<{ results: LookupResult[] }>('records:lookup', { serials: ['SDK0HWCH03'] })).results;
    expect(after?.records).toHaveLength(1);
    expect(after?.records[0]?.id).not.toBe(oldId);
    expect(after?.records[0]).toMatchObject({ hardwareChange: 'none', groupTag: 'OD-FINANCE' });
    expect(activity('Register')[0]?.detail).toMatch(/replacing the existing Autopilot record/);
  });

  it('refuses to replace the record of an enrolled device, with the reason', async () => {
    const [id] = await board(['SDK0ENRL01'], 'OD-FINANCE');
    await call('devices:register', { ids: [id], replaceIds: [id] });
    await running.settled(() => devices().every((d) => !d.inProgress));
    expect(devices().find((d) => d.id === id)).toMatchObject({
      stage: 'failed',
      problem: { code: 'enrolled-in-intune' },
    });
  });

  it('asks for an Autopilot sync and says when the next one is allowed', async () => {
    const first = await call<SyncAnswer>('records:sync', {});
    expect(first.outcome).toBe('started');
    const second = await call<SyncAnswer>('records:sync', {});
    expect(second).toMatchObject({ outcome: 'too-soon', nextAllowedAt: first.nextAllowedAt });
    expect(activity('Autopilot sync').map((e) => e.outcome)).toEqual(['ok', 'info']);
  });
});
