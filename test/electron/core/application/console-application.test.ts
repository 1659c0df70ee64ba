import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppCore, type AppCore } from '../../../../electron/core/application/console-application';
import { createPracticeBackend } from '../../../helpers/practice-backend';
import { mergeTagChains } from '../../../../electron/core/application/tag-catalog';
import { createSimulatedProvider, seededRandom } from '../../../../electron/core/capture/simulated';
import { createHandlers } from '../../../../electron/core/ipc/handlers';
import { dispatch } from '../../../../electron/core/ipc/dispatch';
import type { ImportReport } from '../../../../shared/ipc/device-schemas';
import { scenarioCsv } from '../../../helpers/scenario-csv';

const LATENCY = { import: 100, group: 100, profile: 100 };
const TENANT = { registeredSerials: ['PF4SBX0001', 'PF4SBX0002'], otherTenantSerials: ['8CG0FRGN01', '8CG0FRGN02'] };

function core(): AppCore {
  let id = 0;
  return createAppCore({
    version: 'test',
    platform: 'linux',
    captureProvider: createSimulatedProvider({ random: seededRandom(3), now: () => Date.now() }),
    newId: () => `dev-${++id}`,
    actor: 'bench-tech',
    backends: (_kind, context) =>
      Promise.resolve(createPracticeBackend({ onUpdate: context.onUpdate, latency: LATENCY, ...TENANT })),
  });
}

async function call<T>(c: AppCore, channel: string, request: unknown): Promise<T> {
  const result = await dispatch(createHandlers(c), channel, request);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

describe('the console service layer', () => {
  let app: AppCore;

  beforeEach(async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 26, 10, 0, 0) });
    app = core();
    await app.app.use('sandbox');
  });

  afterEach(async () => {
    await app.app.close();
    vi.useRealTimers();
  });

  it('reads a CSV into a per-row report and queues nothing until asked', async () => {
    const { text } = scenarioCsv(TENANT, Date.now() - 3_600_000);
    const report = await call<ImportReport>(app, 'import:read', {
      fileName: 'bench.csv',
      bytesBase64: Buffer.from(text).toString('base64'),
    });
    expect(report.counts).toEqual({ rows: 20, ok: 18, warned: 1, invalid: 1 });
    expect(report.rows.find((row) => row.status === 'invalid')?.problems[0]?.code).toBe('duplicate');
    expect(app.board.list()).toHaveLength(0);

    const queued = await call<{ added: string[]; skipped: number }>(app, 'import:queue', {
      importId: report.importId,
      groupTag: 'OD-FINANCE',
      register: false,
    });
    expect(queued.added).toHaveLength(19);
    const devices = app.app.records.list().map((r) => r.view);
    expect(devices.find((d) => d.serial === 'E2EREADY01')?.groupTag).toBe('OD-FINANCE');
    expect(devices.find((d) => d.serial === 'E2ELAB01')?.groupTag).toBe('OD-LAB');
    await expect(call(app, 'import:queue', { importId: report.importId, register: false })).rejects.toThrow(
      /import-expired/,
    );
  });

  it('registers devices to ready, or to a failure with the reason and next step, and logs each outcome', async () => {
    const { text } = scenarioCsv(TENANT, Date.now() - 3_600_000);
    const report = await call<ImportReport>(app, 'import:read', {
      fileName: 'bench.csv',
      bytesBase64: Buffer.from(text).toString('base64'),
    });
    await call(app, 'import:queue', { importId: report.importId, groupTag: 'OD-FINANCE', register: true });
    expect(app.app.records.list().every((r) => r.view.inProgress === true)).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    const bySerial = new Map(app.app.records.list().map((r) => [r.view.serial, r.view]));
    expect(bySerial.get('E2EREADY05')).toMatchObject({ stage: 'ready', inProgress: false });
    expect(bySerial.get('8CG0FRGN01')).toMatchObject({ stage: 'failed', problem: { code: '808', stage: 'imported' } });
    expect(bySerial.get('8CG0FRGN01')?.problem?.reason).toMatch(/another organisation/);
    expect(bySerial.get('E2ENOMAKE01')?.problem?.code).toBe('802');
    expect(bySerial.get('E2ELAB01')).toMatchObject({
      stage: 'failed',
      problem: { code: 'not-assigned', stage: 'profile-assigned' },
    });
    expect(bySerial.get('E2ELAB01')?.problem?.reason).toMatch(/OD-LAB/);
    const record = app.app.records.findBySerial('PF4SBX0001');
    expect(record?.timeline.map((t) => t.message)).toContain('Ready for OOBE');
    expect(record?.timeline.some((t) => /no 806/.test(t.message))).toBe(true);
    const outcomes = app.app.activity.list().filter((e) => e.action === 'Registration outcome');
    expect(outcomes).toHaveLength(19);
    expect(outcomes.filter((e) => e.outcome === 'ok')).toHaveLength(14);
    expect(outcomes.every((e) => e.actor === 'bench-tech')).toBe(true);
  });

  it('retries only stopped devices, and moves a registered device to a new tag', async () => {
    const captured = await call<{ device: { id: string } }>(app, 'capture:this-device', { groupTag: 'OD-LAB' });
    const id = captured.device.id;
    await call(app, 'devices:register', { ids: [id] });
    await vi.advanceTimersByTimeAsync(1000);
    expect(app.app.records.get(id)?.view.stage).toBe('failed');

    const changed = await call<{ done: string[] }>(app, 'devices:update', { ids: [id], groupTag: 'OD-KIOSK' });
    expect(changed.done).toEqual([id]);
    expect(app.app.records.get(id)?.view).toMatchObject({ stage: 'imported', groupTag: 'OD-KIOSK', problem: null });
    await vi.advanceTimersByTimeAsync(1000);
    expect(app.app.records.get(id)?.view.stage).toBe('ready');

    const retried = await call<{ done: string[]; skipped: { reason: string }[] }>(app, 'devices:retry', { ids: [id] });
    expect(retried.done).toEqual([]);
    expect(retried.skipped[0]?.reason).toMatch(/nothing to retry/);
  });

  it('refuses a tag that would break an Intune CSV', async () => {
    const captured = await call<{ device: { id: string } }>(app, 'capture:this-device', {});
    await expect(call(app, 'devices:register', { ids: [captured.device.id], groupTag: '=cmd' })).rejects.toThrow(
      /bad-input: Group tag "=cmd" starts with "="/,
    );
  });

  it('removes devices from the board and stops following them', async () => {
    const captured = await call<{ device: { id: string } }>(app, 'capture:this-device', { groupTag: 'OD-FINANCE' });
    await call(app, 'devices:register', { ids: [captured.device.id] });
    await call(app, 'devices:remove', { ids: [captured.device.id] });
    await vi.advanceTimersByTimeAsync(1000);
    expect(app.app.records.list()).toHaveLength(0);
    expect(app.board.list()).toHaveLength(0);
  });

  it('switches tenant explicitly: announces it, logs it, and stops showing devices as followed by the old one', async () => {
    const captured = await call<{ device: { id: string } }>(app, 'capture:this-device', { groupTag: 'OD-FINANCE' });
    await call(app, 'devices:register', { ids: [captured.device.id] });
    const announced: string[] = [];
    app.events.subscribe((event, payload) => {
      if (event === 'tenant:changed') announced.push((payload as { label: string }).label);
    });
    await expect(call(app, 'tenant:use', { kind: 'tenant' })).rejects.toThrow(/tenant-not-configured/);
    await call(app, 'tenant:use', { kind: 'sandbox' });
    expect(announced).toEqual(['Practice tenant (simulated in the console)']);
    const record = app.app.records.get(captured.device.id);
    expect(record?.view.inProgress).toBe(false);
    expect(record?.timeline.at(-1)?.message).toMatch(/No longer followed: the console switched/);
    expect(app.app.activity.list().map((e) => e.action)).toContain('Switch tenant');
    await vi.advanceTimersByTimeAsync(1000);
    expect(app.app.records.get(captured.device.id)?.view.stage).toBe('collected');
  });

  it('merges tenant, configured and in-use tags, each with its chain or a warning', async () => {
    await call(app, 'settings:set', {
      tenantId: '',
      clientId: '',
      auth: 'secret',
      cloud: 'global',
      authorityHost: '',
      graphEndpoint: '',
      configTags: ['OD-FINANCE', 'OD-WAREHOUSE'],
    });
    await call(app, 'capture:this-device', { groupTag: 'OD-TEMP' });
    const { tags } = await call<{
      tags: { tag: string; sources: string[]; profiles: unknown[]; warning: string | null }[];
    }>(app, 'tags:list', {});
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
    const captured = await call<{ device: { id: string; serial: string } }>(app, 'capture:this-device', {
      groupTag: 'OD-FINANCE',
    });
    const board = await call<{ content: string }>(app, 'devices:export-csv', { ids: [captured.device.id] });
    expect(board.content.split('\r\n')[0]).toMatch(
      /^Serial,Make,Model,Group tag,Assigned user,Stage,Reason,Next step,Hash collected/,
    );
    expect(board.content).toContain(`${captured.device.serial},`);
    app.app.activity.add({ action: 'Note', serial: '=HYPERLINK("x")', groupTag: '', outcome: 'info', detail: '' });
    const log = await call<{ content: string }>(app, 'activity:export', {});
    expect(log.content).toContain(`"'=HYPERLINK(""x"")"`);
    expect(log.content).not.toMatch(/,=HYPERLINK/);
  });
});
