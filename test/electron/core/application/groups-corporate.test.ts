import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceView } from '../../../../shared/domain/device';
import type { BulkOutcome, GroupChoice } from '../../../../shared/ipc/device-schemas';
import { startSandboxApplication, type SandboxApplication } from '../../../helpers/sandbox-application';

describe('static groups and corporate identifiers through the contract (sandbox tenant, virtual clock)', () => {
  let running: SandboxApplication;
  const call = <T>(channel: string, request: unknown): Promise<T> => running.call<T>(channel, request);
  const view = (id: string): DeviceView | undefined => running.application.records.get(id)?.view;

  beforeEach(async () => {
    running = await startSandboxApplication({ actor: 'bench-tech' });
  });

  afterEach(async () => {
    await running.close();
  });

  it('finds groups by name, saying which cannot take devices, and registers into the chosen ones', async () => {
    const { groups } = await call<{ groups: GroupChoice[] }>('groups:search', { query: 'bench' });
    expect(groups.map((g) => [g.displayName, g.assignable])).toEqual([
      ['Bench - Finance laptops', true],
      ['Bench - Loaner pool', true],
    ]);
    const m365 = await call<{ groups: GroupChoice[] }>('groups:search', { query: 'service desk' });
    expect(m365.groups[0]).toMatchObject({
      assignable: false,
      reason: expect.stringMatching(/Microsoft 365/) as unknown,
    });
    const dynamic = await call<{ groups: GroupChoice[] }>('groups:search', { query: 'autopilot od-retail' });
    expect(dynamic.groups[0]?.reason).toMatch(/dynamic membership rule/);
    await expect(call('groups:search', { query: ' ' })).rejects.toThrow(/invalid-request|bad-request|query/i);

    const { device } = await call<{ device: DeviceView }>('capture:this-device', {});
    const chosen = groups.map((g) => ({ id: g.id, name: g.displayName }));
    await call<BulkOutcome>('devices:register', { ids: [device.id], groupTag: 'OD-RETAIL', staticGroups: chosen });
    expect(view(device.id)?.inProgress).toBe(true);
    await running.settled(() => view(device.id)?.stage === 'ready');
    expect(view(device.id)?.staticGroups).toEqual(chosen.map((g) => ({ ...g, added: true })));
    const log = await call<{ entries: { action: string; detail: string }[] }>('activity:list', {});
    expect(log.entries.find((e) => e.action === 'Register')?.detail).toContain(
      'static groups Bench - Finance laptops, Bench - Loaner pool',
    );
  });

  it('adds a captured device as a corporate identifier: its own kind, two steps, logged, nothing imported', async () => {
    const { device } = await call<{ device: DeviceView }>('capture:this-device', {});
    const outcome = await call<BulkOutcome>('devices:register-corporate', { ids: [device.id] });
    expect(outcome.done).toEqual([device.id]);
    await running.settled(() => view(device.id)?.inProgress === false);
    expect(view(device.id)).toMatchObject({ kind: 'corporate-identifier', stage: 'imported', problem: null });
    const detail = await call<{ timeline: { message: string }[]; graph: { autopilotDeviceId: string | null } }>(
      'devices:detail',
      { id: device.id },
    );
    expect(detail.timeline.map((t) => t.message)).toContain('Added as corporate identifier');
    expect(detail.graph.autopilotDeviceId).toBeNull();
    const log = await call<{ entries: { action: string; outcome: string; detail: string }[] }>('activity:list', {});
    expect(log.entries.find((e) => e.action === 'Registration outcome')).toMatchObject({
      outcome: 'ok',
      detail: expect.stringMatching(/^Added as corporate identifier/) as unknown,
    });
    // A device being worked on is left alone, with the reason.
    const second = await call<{ device: DeviceView }>('capture:this-device', {});
    await call('devices:register', { ids: [second.device.id], groupTag: 'OD-RETAIL' });
    const busy = await call<BulkOutcome>('devices:register-corporate', { ids: [second.device.id] });
    expect(busy.skipped[0]?.reason).toMatch(/^Busy/);
    await running.settled(() => view(second.device.id)?.stage === 'ready');
  });
});
