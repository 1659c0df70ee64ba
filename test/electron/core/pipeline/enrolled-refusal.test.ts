import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

const DELETE_IDENTITY = 'DELETE /beta/deviceManagement/windowsAutopilotDeviceIdentities/{id}';

describe('a device enrolled in Intune is never deregistered (sandbox over HTTP)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => h.close());

  it('deregister refuses, says to delete it in Intune first, and sends no DELETE', async () => {
    const device = h.sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL', enrolled: true });
    h.sandbox.control.resetStats();
    const result = await h.engine.deregister(device.serialNumber);
    expect(result.outcome).toBe('refused');
    expect(result.nextStep).toMatch(/Intune/);
    expect(h.sandbox.control.stats().byEndpoint[DELETE_IDENTITY] ?? 0).toBe(0);
    expect(h.sandbox.control.snapshot().devices.some((d) => d.id === device.id)).toBe(true);
  });

  it('register --replace-existing fails the device as enrolled-in-intune and imports nothing', async () => {
    const device = h.sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL', enrolled: true });
    const hash = h.sandbox.control.makeHash({
      serial: device.serialNumber,
      manufacturer: device.manufacturer,
      model: device.model,
    });
    h.sandbox.control.resetStats();
    const result = await h.engine.register(
      [{ serial: hash.serial, hardwareHash: hash.hardwareHash, groupTag: 'OD-RETAIL' }],
      { replaceExisting: true },
    );
    expect(result.devices[0]).toMatchObject({ stage: 'failed', problem: { code: 'enrolled-in-intune' } });
    const stats = h.sandbox.control.stats().byEndpoint;
    expect(stats[DELETE_IDENTITY] ?? 0).toBe(0);
    expect(stats['POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/import'] ?? 0).toBe(0);
  });

  it('a managed device id alone (enrollmentState still notContacted) is enough to refuse both', async () => {
    const device = h.sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL', enrolled: 'managed-id-only' });
    h.sandbox.control.resetStats();
    const refused = await h.engine.deregister(device.serialNumber);
    expect(refused.outcome).toBe('refused');
    const hash = h.sandbox.control.makeHash({
      serial: device.serialNumber,
      manufacturer: device.manufacturer,
      model: device.model,
    });
    const result = await h.engine.register(
      [{ serial: hash.serial, hardwareHash: hash.hardwareHash, groupTag: 'OD-RETAIL' }],
      { replaceExisting: true },
    );
    expect(result.devices[0]).toMatchObject({ stage: 'failed', problem: { code: 'enrolled-in-intune' } });
    const stats = h.sandbox.control.stats().byEndpoint;
    expect(stats[DELETE_IDENTITY] ?? 0).toBe(0);
    expect(stats['POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/import'] ?? 0).toBe(0);
    expect(h.sandbox.control.snapshot().devices.some((d) => d.id === device.id)).toBe(true);
  });
});
