import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeTagChains } from '../../../../electron/core/application/tag-catalog';
import type { ImportReport } from '../../../../shared/ipc/device-schemas';
import { startSandboxApplication, type SandboxApplication } from '../../../helpers/sandbox-application';
import { scenarioCsv } from '../../../helpers/scenario-csv';

/** Serials the sandbox tenant is seeded with: registered here, and owned by another organisation. */
const TENANT = { registeredSerials: ['PF4SBX0001', 'PF4SBX0002'], otherTenantSerials: ['8CG0FRGN01', '8CG0FRGN02'] };

describe('the console application on the sandbox tenant (the real pipeline, on a virtual clock)', () => {
  let running: SandboxApplication;
  const call = <T>(channel: string, request: unknown): Promise<T> => running.call<T>(channel, request);
  const devices = () => running.application.records.list().map((r) => r.view);
  const stopped = () => devices().every((d) => !d.inProgress);

  beforeEach(async () => {
    running = await startSandboxApplication({ actor: 'bench-tech' });
  });

  afterEach(async () => {
    await running.close();
  });

  it('reads a CSV into a per-row report and queues nothing until asked', async () => {
    const { text } = scenarioCsv(TENANT, running.clock!.now() - 3_600_000);
    const report = await call<ImportReport>('import:read', {
      fileName: 'bench.csv',
      bytesBase64: Buffer.from(text).toString('base64'),
    });
    expect(report.counts).toEqual({ rows: 20, ok: 18, warned: 1, invalid: 1 });
    expect(report.rows.find((row) => row.status === 'invalid')?.problems[0]?.code).toBe('duplicate');
    expect(running.application.board).toHaveLength(0);

    const queued = await call<{ added: string[]; skipped: number }>('import:queue', {
      importId: report.importId,
      groupTag: 'OD-FINANCE',
      register: false,
    });
    expect(queued.added).toHaveLength(19);
    expect(devices().find((d) => d.serial === 'E2EREADY01')?.groupTag).toBe('OD-FINANCE');
    expect(devices().find((d) => d.serial === 'E2ELAB01')?.groupTag).toBe('OD-LAB');
    await expect(call('import:queue', { importId: report.importId, register: false })).rejects.toThrow(
      /import-expired/,
    );
  });

  it('registers devices to ready, or to a failure with the reason and next step, and logs each outcome', async () => {
    const { text } = scenarioCsv(TENANT, running.clock!.now() - 3_600_000);
    const report = await call<ImportReport>('import:read', {
      fileName: 'bench.csv',
      bytesBase64: Buffer.from(text).toString('base64'),
    });
    await call('import:queue', { importId: report.importId, groupTag: 'OD-FINANCE', register: true });
    expect(devices().every((d) => d.inProgress === true)).toBe(true);
    await running.settled(stopped);
    const bySerial = new Map(devices().map((d) => [d.serial, d]));
    expect(bySerial.get('E2EREADY05')).toMatchObject({ stage: 'ready', inProgress: false });
    expect(bySerial.get('8CG0FRGN01')).toMatchObject({ stage: 'failed', problem: { code: '808', stage: 'imported' } });
    expect(bySerial.get('8CG0FRGN01')?.problem?.reason).toMatch(/another organisation/);
    expect(bySerial.get('E2ENOMAKE01')?.problem?.code).toBe('802');
    expect(bySerial.get('E2ELAB01')).toMatchObject({
      stage: 'failed',
      problem: { code: 'not-assigned', stage: 'profile-assigned' },
    });
    expect(bySerial.get('E2ELAB01')?.problem?.reason).toMatch(/OD-LAB/);
    const record = running.application.records.findBySerial('PF4SBX0001');
    expect(record?.timeline.map((t) => t.message)).toContain('Ready for OOBE');
    // Already registered in the tenant: followed and updated, never imported again (no 806).
    expect(record?.importRecordId).toBeNull();
    expect(record?.view.autopilotDeviceId).not.toBeNull();
    const outcomes = running.application.activity.list().filter((e) => e.action === 'Registration outcome');
    expect(outcomes).toHaveLength(19);
    expect(outcomes.filter((e) => e.outcome === 'ok')).toHaveLength(14);
    // Who acted is the identity the tenant saw: the app registration here (no person signed in).
    expect(outcomes.every((e) => /^application \(client id [0-9a-f-]{36}\)$/.test(e.actor))).toBe(true);
    expect(outcomes.every((e) => e.tenant === 'sandbox')).toBe(true);
  });

  it('retries only stopped devices, and moves a registered device to a new tag', async () => {
    const captured = await call<{ device: { id: string } }>('capture:this-device', { groupTag: 'OD-LAB' });
    const id = captured.device.id;
    await call('devices:register', { ids: [id] });
    await running.settled(stopped);
    expect(running.application.records.get(id)?.view.stage).toBe('failed');

    const changed = await call<{ done: string[] }>('devices:update', { ids: [id], groupTag: 'OD-KIOSK' });
    expect(changed.done).toEqual([id]);
    expect(running.application.records.get(id)?.view).toMatchObject({
      stage: 'imported',
      groupTag: 'OD-KIOSK',
      problem: null,
    });
    await running.settled(stopped);
    expect(running.application.records.get(id)?.view.stage).toBe('ready');

    const retried = await call<{ done: string[]; skipped: { reason: string }[] }>('devices:retry', { ids: [id] });
    expect(retried.done).toEqual([]);
    expect(retried.skipped[0]?.reason).toMatch(/nothing to retry/);
  });

  it('refuses a tag that would break an Intune CSV', async () => {
    const captured = await call<{ device: { id: string } }>('capture:this-device', {});
    await expect(call('devices:register', { ids: [captured.device.id], groupTag: '=cmd' })).rejects.toThrow(
      /bad-input: Group tag "=cmd" starts with "="/,
    );
  });

  it('removes devices from the board and stops following them', async () => {
    const captured = await call<{ device: { id: string } }>('capture:this-device', { groupTag: 'OD-FINANCE' });
    await call('devices:register', { ids: [captured.device.id] });
    await call('devices:remove', { ids: [captured.device.id] });
    // An hour of the tenant's time later, nothing the engine still reports brings it back.
    await running.clock!.sleep(3_600_000);
    expect(running.application.records.list()).toHaveLength(0);
    expect(running.application.board).toHaveLength(0);
  });

  it('switches tenant explicitly: announces it, logs it, and stops showing devices as followed by the old one', async () => {
    const captured = await call<{ device: { id: string } }>('capture:this-device', { groupTag: 'OD-FINANCE' });
    const announced: string[] = [];
    running.events.subscribe((event, payload) => {
      if (event === 'tenant:changed') announced.push((payload as { label: string }).label);
    });
    // Time stands still meanwhile: the switch comes while the device is still on its way.
    await running.clock!.hold(async () => {
      await call('devices:register', { ids: [captured.device.id] });
      await expect(call('tenant:use', { kind: 'tenant' })).rejects.toThrow(/tenant-not-configured/);
      await call('tenant:use', { kind: 'sandbox' });
    });
    expect(announced).toEqual(['Sandbox tenant (test speed)']);
    const record = running.application.records.get(captured.device.id);
    expect(record?.view.inProgress).toBe(false);
    expect(record?.timeline.at(-1)?.message).toMatch(/No longer followed: the console switched/);
    expect(running.application.activity.list().map((e) => e.action)).toContain('Switch tenant');
    expect(running.application.records.get(captured.device.id)?.view.stage).toBe('collected');
  });

  it('merges tenant, configured and in-use tags, each with its chain or a warning', async () => {
    await call('settings:set', {
      tenantId: '',
      clientId: '',
      auth: 'secret',
      cloud: 'global',
      authorityHost: '',
      graphEndpoint: '',
      configTags: ['OD-FINANCE', 'OD-WAREHOUSE'],
    });
    await call('capture:this-device', { groupTag: 'OD-TEMP' });
    const { tags } = await call<{
      tags: { tag: string; sources: string[]; profiles: unknown[]; warning: string | null }[];
    }>('tags:list', {});
    const byTag = new Map(tags.map((t) => [t.tag, t]));
    expect(byTag.get('OD-FINANCE')).toMatchObject({ sources: ['tenant', 'configuration'], warning: null });
    expect(byTag.get('OD-LAB')?.warning).toMatch(/No deployment profile/);
    expect(byTag.get('OD-WAREHOUSE')).toMatchObject({ sources: ['configuration'], profiles: [] });
    expect(byTag.get('OD-TEMP')?.warning).toMatch(/No dynamic group in the tenant selects this tag/);
    expect(
      mergeTagChains(
        [{ tag: 'OD-K*', groups: [{ id: 'g', name: 'prefix' }], profiles: [], warning: null }],
        [],
        [],
      ).map((t) => t.tag),
    ).toEqual([]);
  });

  it('exports the board and the activity log as CSV that spreadsheets cannot run as formulas', async () => {
    const captured = await call<{ device: { id: string; serial: string } }>('capture:this-device', {
      groupTag: 'OD-FINANCE',
    });
    const board = await call<{ content: string }>('devices:export-csv', { ids: [captured.device.id] });
    expect(board.content.split('\r\n')[0]).toMatch(
      /^"Serial","Make","Model","Group tag","Assigned user","Stage","Reason","Next step","Hash collected"/,
    );
    expect(board.content).toContain(`"${captured.device.serial}",`);
    running.application.activity.add({
      action: 'Note',
      serial: '=HYPERLINK("x")',
      groupTag: '',
      outcome: 'info',
      detail: '',
    });
    const log = await call<{ content: string }>('activity:export', {});
    expect(log.content).toContain(`"'=HYPERLINK(""x"")"`);
    expect(log.content).not.toMatch(/,=HYPERLINK/);
  });
});
