import { describe, expect, it } from 'vitest';
import { count, startHarness, uploads, type Harness } from './harness';

function record(h: Harness, serial: string) {
  return h.sandbox.control.snapshot().devices.find((d) => d.serialNumber === serial && !d.deleted);
}

describe('the Autopilot device name', () => {
  it('is set after the import and read back before the device counts as imported', async () => {
    const h = await startHarness({ sandbox: { latencies: { propertyLag: 4 * 60_000 } } });
    try {
      const device = h.sandbox.control.makeHash();
      const started = h.clock.now();
      const result = await h.engine.register([{ serial: device.serial, hardwareHash: device.hardwareHash }], {
        groupTag: 'OD-FINANCE',
        deviceName: 'FIN-LAPTOP-01',
      });
      expect(result.devices[0]).toMatchObject({ stage: 'ready', deviceName: 'FIN-LAPTOP-01' });
      expect(record(h, device.serial)).toMatchObject({ displayName: 'FIN-LAPTOP-01', groupTag: 'OD-FINANCE' });
      // Imported only once the name read back: after the property lag, never before.
      const imported = h.events.find((event) => event.stage === 'imported');
      expect(Date.parse(imported?.at ?? '') - started).toBeGreaterThanOrEqual(4 * 60_000);
      expect(uploads(h)).toBe(1);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('expands a template per device from the serial in the hash and random digits', async () => {
    const h = await startHarness();
    try {
      const c = h.sandbox.control;
      const devices = [c.makeHash({ serial: 'PF4SBX01' }), c.makeHash({ serial: 'PF4SBX02' })];
      const digits = [4, 2, 7];
      let next = 0;
      const result = await h.engine.register(
        devices.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash })),
        { deviceName: 'F%RAND:1%-%SERIAL%', randomDigit: () => digits[next++ % digits.length] ?? 0 },
      );
      expect(result.devices.map((d) => d.deviceName)).toEqual(['F4-PF4SBX01', 'F2-PF4SBX02']);
      expect(record(h, 'PF4SBX01')?.displayName).toBe('F4-PF4SBX01');
      expect(record(h, 'PF4SBX02')?.displayName).toBe('F2-PF4SBX02');
    } finally {
      await h.close();
    }
  }, 60_000);

  it('refuses a name Windows would not take before anything is sent', async () => {
    const h = await startHarness();
    try {
      const device = h.sandbox.control.makeHash({ serial: 'PF4SBX0000001' });
      const result = await h.engine.register([{ serial: device.serial, hardwareHash: device.hardwareHash }], {
        deviceName: 'FIN-%SERIAL%',
      });
      expect(result.devices[0]?.stage).toBe('failed');
      expect(result.devices[0]?.problem?.code).toBe('device-name');
      expect(result.devices[0]?.problem?.reason).toContain(
        '"FIN-PF4SBX0000001" (from "FIN-%SERIAL%") is 17 characters long (at most 15)',
      );
      expect(uploads(h)).toBe(0);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('asks for one Autopilot sync when a changed name is late to read back', async () => {
    const h = await startHarness({ sandbox: { latencies: { propertyLag: 5 * 60_000 } } });
    try {
      const c = h.sandbox.control;
      const old = c.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
      const hash = c.makeHash({ serial: old.serialNumber, manufacturer: old.manufacturer, model: old.model });
      const result = await h.engine.register([{ serial: hash.serial, hardwareHash: hash.hardwareHash }], {
        groupTag: 'OD-RETAIL',
        deviceName: 'RET-0043',
      });
      expect(result.devices[0]?.stage).toBe('ready');
      expect(count(h, 'POST /beta/deviceManagement/windowsAutopilotSettings/sync')).toBe(1);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('renames an existing record without importing it again', async () => {
    const h = await startHarness();
    try {
      const c = h.sandbox.control;
      const old = c.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
      const hash = c.makeHash({ serial: old.serialNumber, manufacturer: old.manufacturer, model: old.model });
      const result = await h.engine.register([{ serial: hash.serial, hardwareHash: hash.hardwareHash }], {
        groupTag: 'OD-RETAIL',
        deviceName: 'RET-0042',
      });
      expect(result.devices[0]?.stage).toBe('ready');
      expect(record(h, old.serialNumber)).toMatchObject({ id: old.id, displayName: 'RET-0042', groupTag: 'OD-RETAIL' });
      expect(uploads(h)).toBe(0);
    } finally {
      await h.close();
    }
  }, 60_000);
});
