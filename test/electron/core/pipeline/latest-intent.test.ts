import { afterEach, describe, expect, it } from 'vitest';
import type { StageEvent } from '../../../../electron/core/pipeline/types';
import { startHarness, uploads, type Harness } from './harness';

const IMPORT = 'POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities';
const UPDATE = 'POST /beta/deviceManagement/windowsAutopilotDeviceIdentities/{id}/updateDeviceProperties';

/** Resolves at the first stage event of `serial` that `check` accepts. */
function when(h: Harness, serial: string, check: (event: StageEvent) => boolean): Promise<StageEvent> {
  return new Promise((resolve) => {
    const off = h.engine.onStage((event) => {
      if (event.serial !== serial || !check(event)) return;
      off();
      resolve(event);
    });
  });
}

describe('the latest intent wins for a device still being followed', () => {
  let h: Harness;

  afterEach(async () => {
    await h.close();
  });

  it('registered again with the corrected tag after its import: the record is updated and followed to the new profile', async () => {
    // A long grace before "not assigned": the mistyped tag would otherwise fail before the correction arrives.
    h = await startHarness({ poll: { profile: 60_000 } });
    const device = h.sandbox.control.makeHash();
    const input = { serial: device.serial, hardwareHash: device.hardwareHash };
    const first = h.engine.register([{ ...input, groupTag: 'OD-FINANC' }]);
    await when(h, device.serial, (event) => event.stage === 'imported');
    const second = await h.engine.register([{ ...input, groupTag: 'OD-FINANCE' }]);
    await first;
    const view = second.devices[0];
    expect(view?.stage, JSON.stringify(view?.problem)).toBe('ready');
    expect(view?.groupTag).toBe('OD-FINANCE');
    const record = h.sandbox.control.snapshot().devices.find((d) => d.serialNumber === device.serial);
    expect(record?.groupTag).toBe('OD-FINANCE');
    expect(h.sandbox.control.stats().byEndpoint[UPDATE]).toBe(1);
    // The stage checks used the new tag: the device went through the group of OD-FINANCE again.
    const after = h.events.filter((event) => event.serial === device.serial).map((event) => event.stage);
    expect([...new Set(after.slice(after.indexOf('imported') + 1))], after.join()).toEqual([
      'collected',
      'imported',
      'in-group',
      'profile-assigned',
      'ready',
    ]);
    // The hardware hash went up once: the correction updated the record rather than uploading again.
    expect(uploads(h)).toBe(1);
  });

  it('registered again before its upload: the upload carries the new tag, nothing to update', async () => {
    h = await startHarness();
    const device = h.sandbox.control.makeHash();
    const input = { serial: device.serial, hardwareHash: device.hardwareHash };
    const first = h.engine.register([{ ...input, groupTag: 'OD-FINANC', assignedUser: '' }]);
    await when(h, device.serial, (event) => event.stage === 'collected');
    const second = await h.engine.register([{ ...input, groupTag: 'OD-FINANCE' }]);
    await first;
    expect(second.devices[0]).toMatchObject({ stage: 'ready', groupTag: 'OD-FINANCE' });
    expect(h.sandbox.control.stats().byEndpoint[UPDATE] ?? 0).toBe(0);
  });

  it('registered again with the same tag: nothing changes', async () => {
    h = await startHarness();
    const device = h.sandbox.control.makeHash();
    const input = { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-FINANCE' };
    const first = h.engine.register([input]);
    await when(h, device.serial, (event) => event.stage === 'imported');
    const second = await h.engine.register([input]);
    await first;
    expect(second.devices[0]?.stage).toBe('ready');
    const stages = h.events.filter((event) => event.serial === device.serial).map((event) => event.stage);
    expect(stages.filter((stage) => stage === 'collected').length).toBeLessThanOrEqual(2);
    expect(h.sandbox.control.stats().byEndpoint[UPDATE] ?? 0).toBe(0);
  });

  it('registered again with another device name after its import: the record is renamed and read back', async () => {
    h = await startHarness({ poll: { profile: 60_000 } });
    const device = h.sandbox.control.makeHash();
    const input = { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-FINANCE' };
    // Followed to "imported" only: the device stays in flight, its name read back, when it is registered again.
    const first = await h.engine.register([input], { deviceName: 'FIN-LAPTOP-01', waitFor: 'imported' });
    expect(first.devices[0]).toMatchObject({ stage: 'imported', deviceName: 'FIN-LAPTOP-01' });
    const second = await h.engine.register([input], { deviceName: 'FIN-LAPTOP-02' });
    expect(second.devices[0]).toMatchObject({ stage: 'ready', deviceName: 'FIN-LAPTOP-02' });
    const record = h.sandbox.control.snapshot().devices.find((d) => d.serialNumber === device.serial && !d.deleted);
    expect(record?.displayName).toBe('FIN-LAPTOP-02');
    // Renamed in place: uploaded once, the name set, then changed once.
    const byEndpoint = h.sandbox.control.stats().byEndpoint;
    expect((byEndpoint[IMPORT] ?? 0) + (byEndpoint[`${IMPORT}/import`] ?? 0)).toBe(1);
    expect(byEndpoint[UPDATE]).toBe(2);
  });

  it('registered again before its upload with another device name: the new name is the one set', async () => {
    h = await startHarness();
    const device = h.sandbox.control.makeHash();
    const input = { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-FINANCE' };
    const first = h.engine.register([input], { deviceName: 'FIN-LAPTOP-01' });
    await when(h, device.serial, (event) => event.stage === 'collected');
    const second = await h.engine.register([input], { deviceName: 'FIN-LAPTOP-02' });
    await first;
    expect(second.devices[0]).toMatchObject({ stage: 'ready', deviceName: 'FIN-LAPTOP-02' });
    const record = h.sandbox.control.snapshot().devices.find((d) => d.serialNumber === device.serial && !d.deleted);
    expect(record?.displayName).toBe('FIN-LAPTOP-02');
  });

  it('registered again with another device name while a check of its run awaits Graph: the new name still wins', async () => {
    h = await startHarness({ poll: { profile: 60_000 } });
    const device = h.sandbox.control.makeHash();
    const input = { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-FINANCE' };
    const first = h.engine.register([input], { deviceName: 'FIN-LAPTOP-01' });
    await when(h, device.serial, (event) => event.stage === 'imported');
    const second = await h.engine.register([input], { deviceName: 'FIN-LAPTOP-02' });
    await first;
    expect(second.devices[0]).toMatchObject({ stage: 'ready', deviceName: 'FIN-LAPTOP-02' });
    const record = h.sandbox.control.snapshot().devices.find((d) => d.serialNumber === device.serial && !d.deleted);
    expect(record?.displayName).toBe('FIN-LAPTOP-02');
  });
});
