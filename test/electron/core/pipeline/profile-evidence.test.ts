import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("profile stage: Graph's own assignment status is the evidence (sandbox over HTTP)", () => {
  it('a device Intune reports assigned through a group the tag chain cannot explain is ready, with a note', async () => {
    h = await startHarness();
    const device = h.sandbox.control.makeHash();
    const { profileId } = h.sandbox.control.addRuleGroup(
      'Static-like group',
      `(device.displayName -eq "${device.serial}")`,
      { profileName: 'Assigned elsewhere' },
    );
    const result = await h.engine.register([
      { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-LAB' },
    ]);
    expect(result.devices[0]?.stage).toBe('ready');
    expect(result.devices[0]?.warnings.join('\n')).toMatch(/chain of tag "OD-LAB" shows none/);
    expect(h.sandbox.control.snapshot().devices.find((d) => d.serialNumber === device.serial)?.assignedProfileId).toBe(
      profileId,
    );
  });

  it('a tag leading to no profile still ends not-assigned once Intune says notAssigned', async () => {
    h = await startHarness();
    const device = h.sandbox.control.makeHash();
    const result = await h.engine.register([
      { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-LAB' },
    ]);
    expect(result.devices[0]).toMatchObject({ stage: 'failed', problem: { code: 'not-assigned' } });
    expect(result.devices[0]?.problem?.reason).toMatch(/Intune reports the device as not assigned/);
  });

  it("warns early when Intune intends another profile than the tag's", async () => {
    h = await startHarness({
      sandbox: { latencies: { profile: 10 * 60_000 } },
      poll: { import: 1_000, identity: 10_000, group: 10_000, profile: 10_000 },
      timeouts: { 'profile-assigned': 5 * 60_000 },
    });
    const device = h.sandbox.control.makeHash();
    h.sandbox.control.addRuleGroup('Older profile by name', `(device.displayName -eq "${device.serial}")`, {
      profileName: 'Older by name',
      profileAgeMs: 3000 * 86_400_000,
    });
    const result = await h.engine.register([
      { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' },
    ]);
    expect(result.devices[0]?.stage).toBe('timed-out');
    expect(result.devices[0]?.warnings.join('\n')).toMatch(
      /Intune intends profile "Older by name", not "OneDeploy Retail \(user-driven\)"/,
    );
  });

  it("with an older All-devices profile, names the reading of Microsoft's rules that confirmed the profile", async () => {
    h = await startHarness();
    h.sandbox.control.addAllDevicesProfile({ profileName: 'Everyone (oldest)', profileAgeMs: 3000 * 86_400_000 });
    const device = h.sandbox.control.makeHash();
    const result = await h.engine.register([
      { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' },
    ]);
    expect(result.devices[0]?.stage).toBe('ready');
    expect(result.devices[0]?.warnings.join('\n')).toMatch(
      /"Everyone \(oldest\)" is the profile if the oldest profile wins/,
    );
  });
});
