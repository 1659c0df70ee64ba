import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceView } from '../../../../shared/domain/device';
import type { BulkOutcome } from '../../../../shared/ipc/device-schemas';
import type { DoctorReport } from '../../../../shared/ipc/settings-schemas';
import { startSandboxApplication, type SandboxApplication } from '../../../helpers/sandbox-application';
import { unreachableOrigin } from '../../../helpers/closed-port';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

function tenantSettings(origin: string, tenantId = TENANT) {
  return {
    tenantId,
    clientId: CLIENT,
    auth: 'secret' as const,
    secret: 'typed-secret-value',
    cloud: 'custom' as const,
    authorityHost: origin,
    graphEndpoint: origin,
    configTags: [],
  };
}

describe('each tenant its own devices', () => {
  let running: SandboxApplication;

  afterEach(async () => {
    await running.close();
  });

  it('another tenant shows none of the sandbox devices, acts on none, and switching back shows them as they are', async () => {
    running = await startSandboxApplication();
    const registered = (await running.call<{ device: DeviceView }>('capture:this-device', { groupTag: 'OD-FINANCE' }))
      .device.id;
    const failing = (await running.call<{ device: DeviceView }>('capture:this-device', { groupTag: 'OD-LAB' })).device
      .id;
    const unregistered = (await running.call<{ device: DeviceView }>('capture:this-device', {})).device.id;
    await running.call('devices:register', { ids: [registered, failing] });
    await running.settled(() => running.application.board.every((d) => !d.inProgress));
    const stages = () => Object.fromEntries(running.application.board.map((d) => [d.id, d.stage]));
    expect(stages()).toEqual({ [registered]: 'ready', [failing]: 'failed', [unregistered]: 'collected' });

    await running.call('settings:set', tenantSettings(await unreachableOrigin()));
    const mode = await running.call<{ kind: string; label: string }>('tenant:use', { kind: 'tenant' });
    expect(mode).toEqual({ kind: 'tenant', label: TENANT });
    await running.settled(() => running.application.board.length === 1);
    // Only the device registered nowhere yet is on this tenant's board.
    const listed = await running.call<{ devices: DeviceView[] }>('devices:list', {});
    expect(listed.devices.map((d) => d.id)).toEqual([unregistered]);
    expect((await running.call<{ tenant: { kind: string } }>('app:info', {})).tenant.kind).toBe('tenant');

    const retried = await running.call<BulkOutcome>('devices:retry', { ids: [failing] });
    expect(retried.done).toEqual([]);
    expect(retried.skipped[0]?.reason).toMatch(/Registered in the sandbox tenant, not the tenant in use/);
    const moved = await running.call<BulkOutcome>('devices:update', { ids: [registered], groupTag: 'OD-RETAIL' });
    expect(moved.done).toEqual([]);
    const again = await running.call<BulkOutcome>('devices:register', { ids: [failing, registered] });
    expect(again.done).toEqual([]);
    expect(again.skipped).toHaveLength(2);

    await running.call('tenant:use', { kind: 'sandbox' });
    await running.settled(() => running.application.board.length === 3);
    expect(stages()).toEqual({ [registered]: 'ready', [failing]: 'failed', [unregistered]: 'collected' });
    const failed = running.application.records.get(failing)?.view;
    expect(failed?.problem?.code).toBe('not-assigned');
    expect(running.application.records.get(registered)?.view.groupTag).toBe('OD-FINANCE');
  });

  it('Test connection tests the values in the form, saved or not, and says which', async () => {
    running = await startSandboxApplication();
    const saved = await unreachableOrigin();
    await running.call('settings:set', tenantSettings(saved));
    const typed = await unreachableOrigin();
    const form = { ...tenantSettings(typed, 'fabrikam.onmicrosoft.com') };
    const report = await running.call<DoctorReport>('tenant:test', { settings: form });
    expect(report.tested).toEqual({
      values: `tenant fabrikam.onmicrosoft.com, client ${CLIENT}, sign-in ${typed}, Graph ${typed}, with the client secret typed in the form`,
      saved: false,
    });
    expect(report.signIn.ok).toBe(false);
    expect(report.signIn.message).toContain(`${typed.slice('https://'.length)} cannot be reached`);
    expect(JSON.stringify(report)).not.toContain('typed-secret-value');

    // Another tenant without a typed secret: the stored one belongs to the saved tenant and is not sent.
    const { secret: _secret, ...withoutSecret } = form;
    await expect(running.call('tenant:test', { settings: withoutSecret })).rejects.toThrow(
      /bad-input: Type the client secret to test these values: the stored one was entered for another tenant/,
    );
    // The saved values, unchanged: the stored secret is used.
    const { secret: _saved, ...savedForm } = tenantSettings(saved);
    const again = await running.call<DoctorReport>('tenant:test', { settings: savedForm });
    expect(again.tested).toEqual({
      values: `tenant ${TENANT}, client ${CLIENT}, sign-in ${saved}, Graph ${saved}, with the stored client secret`,
      saved: true,
    });
    // An empty form tests the tenant in use.
    const inUse = await running.call<DoctorReport>('tenant:test', {});
    expect(inUse.tested?.values).toBe('the tenant in use: Sandbox tenant (test speed)');
    expect(inUse.signIn.ok).toBe(true);
  });
});
