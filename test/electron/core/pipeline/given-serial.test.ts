import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageLine } from '../../../../electron/cli/commands/register';
import { startHarness, type Harness } from './harness';

describe("the serial the user gave is the one reported; Graph is asked about the hash's (sandbox over HTTP)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => h.close());

  it('reports the row serial with hashSerial when they differ, and registers the hash serial', async () => {
    const device = h.sandbox.control.makeHash();
    const given = ` ${device.serial.toLowerCase()}-X `;
    const result = await h.engine.register([
      { serial: given, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' },
    ]);
    const view = result.devices[0];
    expect(view).toMatchObject({ serial: given.trim(), hashSerial: device.serial, stage: 'ready' });
    const events = h.events.filter((event) => event.hashSerial === device.serial);
    expect(events.map((event) => event.stage)).toEqual([
      'collected',
      'imported',
      'in-group',
      'profile-assigned',
      'ready',
    ]);
    expect(events.every((event) => event.serial === given.trim())).toBe(true);
    expect(stageLine(events.at(-1)!)).toMatchObject({
      serial: given.trim(),
      hashSerial: device.serial,
      stage: 'ready',
    });
    expect(h.sandbox.control.snapshot().devices.some((d) => d.serialNumber === device.serial)).toBe(true);
  });

  it('leaves hashSerial out when the serials agree', async () => {
    const device = h.sandbox.control.makeHash();
    const result = await h.engine.register([
      { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' },
    ]);
    expect(result.devices[0]?.serial).toBe(device.serial);
    expect(result.devices[0]).not.toHaveProperty('hashSerial');
  });
});
