import { describe, expect, it } from 'vitest';
import { settleInDoubt, uploadDevices } from '../../../../electron/core/pipeline/import-phase';
import { CostModel } from '../../../../electron/core/pipeline/observe';
import type { JournalDevice } from '../../../../electron/core/store/types';
import { FakeAutopilot, graphError, identity, importRecord, openJournal, recordingLogger } from './fake-autopilot';

function setUp(batchSize = 500) {
  const { clock, journal, add } = openJournal();
  const tenant = new FakeAutopilot(clock);
  const logger = recordingLogger();
  const ctx = { api: tenant.api, journal, clock, logger, cost: new CostModel(), batchSize };
  const looked = (serial: string, patch: Partial<JournalDevice> = {}) =>
    add({ serial, lookedUpAt: new Date(clock.now()).toISOString(), ...patch });
  const now = new Date(clock.now()).toISOString();
  return { clock, journal, tenant, logger, ctx, looked, now, add };
}

describe('uploadDevices', () => {
  it('sends one device on its own, the intent written first', async () => {
    const { ctx, tenant, journal, looked, now } = setUp();
    await uploadDevices(ctx, [looked('SER1', { groupTag: 'OD-RETAIL', assignedUser: 'a@contoso.com' })]);
    expect(tenant.calls).toEqual(['importOne SER1']);
    const device = journal.get('SER1');
    expect(device).toMatchObject({
      importRecordId: 'imp-1',
      importStatus: 'pending',
      importCount: 1,
      importIntentAt: now,
    });
    expect(device?.importBatchId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends several devices in bulk, in chunks of the batch size, and follows each record by serial', async () => {
    const { ctx, tenant, journal, looked } = setUp(2);
    tenant.onImport = (item, n) =>
      importRecord({
        id: `imp-${n}`,
        serialNumber: ` ${item.serialNumber.toLowerCase()} `,
        state: { deviceImportStatus: '' },
      });
    await uploadDevices(ctx, [looked('SER1'), looked('SER2'), looked('SER3')]);
    expect(tenant.calls).toEqual(['importDevices SER1,SER2', 'importDevices SER3']);
    expect(journal.all().map((d) => [d.key, d.importRecordId, d.importStatus, d.importCount])).toEqual([
      ['SER1', 'imp-1', 'pending', 1],
      ['SER2', 'imp-2', 'pending', 1],
      ['SER3', 'imp-3', 'pending', 1],
    ]);
    expect(journal.get('SER1')?.importBatchId).toBe(journal.get('SER2')?.importBatchId);
    expect(journal.get('SER3')?.importBatchId).not.toBe(journal.get('SER1')?.importBatchId);
    expect(tenant.optimisations.snapshot()['bulk-import']?.state).toBe('accepted');
  });

  it('sends no empty chunk, and sends the rest one by one once the tenant refused the bulk action mid-run', async () => {
    const { ctx, tenant, looked } = setUp(2);
    await uploadDevices(ctx, [looked('SER1'), looked('SER2'), looked('SER3'), looked('SER4')]);
    expect(tenant.calls).toEqual(['importDevices SER1,SER2', 'importDevices SER3,SER4']);
    const refused = setUp(2);
    refused.tenant.fail.set('importDevices', graphError(500));
    await uploadDevices(
      refused.ctx,
      ['SER1', 'SER2', 'SER3', 'SER4'].map((serial) => refused.looked(serial)),
    );
    expect(refused.tenant.calls).toEqual(['importDevices SER1,SER2', 'importOne SER3', 'importOne SER4']);
  });

  it('sends one by one once the tenant refused the bulk action', async () => {
    const { ctx, tenant, looked } = setUp();
    tenant.optimisations.load({ 'bulk-import': { state: 'refused', at: '', reason: 'x' } });
    await uploadDevices(ctx, [looked('SER1'), looked('SER2')]);
    expect(tenant.calls).toEqual(['importOne SER1', 'importOne SER2']);
  });

  it('fails every device of the request on 403, naming the permission', async () => {
    for (const bulk of [false, true]) {
      const { ctx, tenant, journal, looked } = setUp();
      tenant.fail.set(bulk ? 'importDevices' : 'importOne', graphError(403));
      const devices = bulk ? [looked('SER1'), looked('SER2')] : [looked('SER1')];
      await expect(uploadDevices(ctx, devices)).rejects.toMatchObject({
        code: 'permission-missing',
        message: 'DeviceManagementServiceConfig.ReadWrite.All is not granted: the import was refused (403).',
      });
      for (const device of journal.all()) {
        expect(device).toMatchObject({ stage: 'failed', target: null, importIntentAt: null });
        expect(device.problem).toMatchObject({ code: 'permission-missing', stage: 'imported' });
        expect(device.problem?.reason).toMatch(
          /DeviceManagementServiceConfig\.ReadWrite\.All.*the import was refused \(403\)/,
        );
      }
    }
  });

  it('fails a row Graph refuses, saying what to fix; a hash with bad padding is named as such', async () => {
    const { ctx, tenant, journal, looked } = setUp();
    tenant.fail.set('importOne', graphError(400, 'Invalid serial'));
    await uploadDevices(ctx, [looked('SER1')]);
    expect(journal.get('SER1')).toMatchObject({
      stage: 'failed',
      target: null,
      importIntentAt: null,
      importBatchId: null,
      problem: {
        code: 'http-400',
        stage: 'imported',
        reason: 'Graph refused the upload: Invalid serial',
        nextStep: 'Check the row (serial, hash, tag, user) and register again.',
      },
    });
    const padded = setUp();
    padded.tenant.fail.set('importOne', graphError(400, 'Cannot convert the literal to Edm.Binary'));
    await uploadDevices(padded.ctx, [padded.looked('SER1')]);
    expect(padded.journal.get('SER1')?.problem).toMatchObject({
      code: 'hash-padding',
      reason: 'Graph could not read the hardware hash: its base64 text is not padded correctly.',
      nextStep: 'Capture the hash again, or fix its "=" padding, and register again.',
    });
  });

  it('leaves a device in doubt when the answer is lost or not a row refusal (5xx, 401, 408, 429)', async () => {
    for (const status of [500, 401, 408, 429, 0]) {
      const { ctx, tenant, journal, looked, logger, now } = setUp();
      tenant.fail.set('importOne', graphError(status, 'lost'));
      await uploadDevices(ctx, [looked('SER1')]);
      expect(journal.get('SER1')).toMatchObject({ stage: 'collected', importIntentAt: now, importRecordId: null });
      expect(logger.lines).toEqual([
        'warn upload outcome unknown; it will be checked before any new upload {"serial":"SER1","error":"lost"}',
      ]);
    }
  });

  it('throws what is not a Graph answer, and stops when the run is cancelled', async () => {
    const { ctx, tenant, looked } = setUp();
    tenant.fail.set('importOne', new TypeError('bug'));
    await expect(uploadDevices(ctx, [looked('SER1')])).rejects.toThrow('bug');
    const cancelled = setUp();
    cancelled.tenant.fail.set('importOne', graphError(500));
    await expect(uploadDevices(cancelled.ctx, [cancelled.looked('SER1')], AbortSignal.abort())).rejects.toThrow();
    const bulk = setUp();
    bulk.tenant.fail.set('importDevices', graphError(500));
    await expect(
      uploadDevices(bulk.ctx, [bulk.looked('SER1'), bulk.looked('SER2')], AbortSignal.abort()),
    ).rejects.toThrow();
  });

  it('sends each device alone when the bulk action refuses the request, naming the row at fault', async () => {
    const { ctx, tenant, journal, looked } = setUp();
    tenant.fail.set('importDevices', graphError(400, 'bad row'));
    tenant.onImport = (item, n) => {
      if (item.serialNumber === 'SER2') throw graphError(400, 'bad serial');
      return importRecord({ id: `imp-${n}`, serialNumber: item.serialNumber });
    };
    await uploadDevices(ctx, [looked('SER1'), looked('SER2')]);
    expect(tenant.calls).toEqual(['importDevices SER1,SER2', 'importOne SER1', 'importOne SER2']);
    expect(journal.get('SER1')).toMatchObject({ importRecordId: 'imp-1', importCount: 2 });
    expect(journal.get('SER2')).toMatchObject({ stage: 'failed', problem: { code: 'http-400' } });
    expect(tenant.optimisations.enabled('bulk-import')).toBe(true);
  });

  it('stops using the bulk action when each row alone goes through', async () => {
    const { ctx, tenant, looked } = setUp();
    tenant.fail.set('importDevices', graphError(400, 'not supported'));
    await uploadDevices(ctx, [looked('SER1'), looked('SER2')]);
    expect(tenant.optimisations.snapshot()['bulk-import']?.state).toBe('refused');
  });

  it('leaves a bulk request in doubt on 5xx and stops using the bulk action; a busy service (503) is no verdict', async () => {
    const { ctx, tenant, journal, looked, logger, now } = setUp();
    tenant.fail.set('importDevices', graphError(500, 'boom'));
    await uploadDevices(ctx, [looked('SER1'), looked('SER2')]);
    expect(journal.all().map((d) => [d.importIntentAt, d.importRecordId])).toEqual([
      [now, null],
      [now, null],
    ]);
    expect(tenant.optimisations.enabled('bulk-import')).toBe(false);
    expect(logger.lines).toContain(
      'warn upload outcome unknown; it will be checked before any new upload {"devices":2,"error":"boom"}',
    );
    const busy = setUp();
    busy.tenant.fail.set('importDevices', graphError(503));
    await uploadDevices(busy.ctx, [busy.looked('SER1'), busy.looked('SER2')]);
    expect(busy.tenant.optimisations.enabled('bulk-import')).toBe(true);
  });
});

describe('settleInDoubt: an upload whose outcome is unknown', () => {
  const doubtful = (add: ReturnType<typeof setUp>['add'], serial: string, patch: Partial<JournalDevice> = {}) =>
    add({
      serial,
      lookedUpAt: '2026-03-02T07:00:00.000Z',
      importIntentAt: '2026-03-02T07:00:00.000Z',
      importCount: 1,
      ...patch,
    });

  it('does nothing for no device', async () => {
    const { ctx, tenant } = setUp();
    await settleInDoubt(ctx, []);
    expect(tenant.calls).toEqual([]);
  });

  it('follows the newest import record of the same serial and hash and deletes the older ones', async () => {
    const { ctx, tenant, journal, add } = setUp();
    tenant.imports = [
      importRecord({ id: 'old', hardwareIdentifier: 'H' }),
      importRecord({ id: 'older', hardwareIdentifier: 'H' }),
      importRecord({ id: 'other-hash', hardwareIdentifier: 'X' }),
      importRecord({ id: 'new', hardwareIdentifier: 'H', state: { deviceImportStatus: 'complete' } }),
    ];
    await settleInDoubt(ctx, [doubtful(add, 'SER1')]);
    expect(journal.get('SER1')).toMatchObject({ importRecordId: 'new', importStatus: 'complete' });
    expect(tenant.calls).toEqual(['importedBySerial SER1', 'deleteImported old,older']);
    const single = setUp();
    single.tenant.imports = [importRecord({ id: 'only' })];
    await settleInDoubt(single.ctx, [doubtful(single.add, 'SER1')]);
    expect(single.journal.get('SER1')?.importRecordId).toBe('only');
    expect(single.tenant.calls).toEqual(['importedBySerial SER1']);
  });

  it('adopts a device already registered, with no second upload', async () => {
    const { ctx, tenant, journal, add } = setUp();
    tenant.identities = [identity({ id: 'ap-7' })];
    await settleInDoubt(ctx, [doubtful(add, 'SER1')]);
    expect(journal.get('SER1')).toMatchObject({
      autopilotDeviceId: 'ap-7',
      importStatus: 'complete',
      importRecordDeleted: true,
      importIntentAt: null,
    });
    expect(tenant.count('importOne') + tenant.count('importDevices')).toBe(0);
  });

  it('does not take the record a replacement deregistered for the outcome of the upload', async () => {
    const { ctx, tenant, journal, add } = setUp();
    tenant.identities = [identity({ id: 'ap-old' })];
    await settleInDoubt(ctx, [doubtful(add, 'SER1', { replacedRecordId: 'ap-old' })]);
    expect(journal.get('SER1')).toMatchObject({ autopilotDeviceId: null, importIntentAt: null, importBatchId: null });
  });

  it('allows a new upload when nothing was created, and gives up after four attempts', async () => {
    const { ctx, journal, add } = setUp();
    await settleInDoubt(ctx, [doubtful(add, 'SER1', { importCount: 3 }), doubtful(add, 'SER2', { importCount: 4 })]);
    expect(journal.get('SER1')).toMatchObject({ stage: 'collected', importIntentAt: null, importBatchId: null });
    expect(journal.get('SER2')).toMatchObject({
      stage: 'failed',
      target: null,
      importIntentAt: null,
      problem: {
        code: 'import-unavailable',
        stage: 'imported',
        reason: 'The upload did not go through after 4 attempts (Graph did not answer).',
        nextStep: 'Check the network or proxy and run the same command again.',
      },
    });
  });
});
