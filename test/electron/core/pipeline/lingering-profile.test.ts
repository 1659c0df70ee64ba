import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROLES } from '../../../../electron/core/sandbox/index';
import type { JournalDevice } from '../../../../electron/core/store/types';
import { startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function profileIdOf(harness: Harness, tag: string): string {
  const snapshot = harness.sandbox.control.snapshot();
  const group = snapshot.groups.find((g) => g.membershipRule.includes(`[OrderID]:${tag}"`));
  return snapshot.profiles.find((p) => p.groupIds.includes(group?.id ?? '-'))?.id ?? '';
}

describe("profile stage: Intune's 'assigned' counts only for the tag's profile (sandbox over HTTP)", () => {
  it('after a tag change the old profile lingers as assigned: the device waits with a note, ready only after the switch', async () => {
    // Without Device.Read.All the group stage cannot hold the device back: the profile check alone must.
    h = await startHarness({
      sandbox: {
        grantedRoles: DEFAULT_ROLES.filter((role) => !role.startsWith('Device.')),
        latencies: { group: 60_000, profile: 30_000 },
      },
      poll: { import: 10_000, identity: 10_000, group: 10_000, profile: 10_000 },
    });
    const harness = h;
    const old = harness.sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
    const before = harness.sandbox.control.snapshot().devices.find((d) => d.id === old.id);
    expect(before?.assignedProfileId).toBe(profileIdOf(harness, 'OD-RETAIL'));
    const hash = harness.sandbox.control.makeHash({
      serial: old.serialNumber,
      manufacturer: old.manufacturer,
      model: old.model,
    });
    const seen: JournalDevice[] = [];
    harness.journal.subscribe((device) => {
      if (device.serial === old.serialNumber) seen.push(device);
    });

    const result = await harness.engine.register([
      { serial: hash.serial, hardwareHash: hash.hardwareHash, groupTag: 'OD-FINANCE' },
    ]);

    expect(result.devices[0]?.stage).toBe('ready');
    const after = harness.sandbox.control.snapshot().devices.find((d) => d.id === old.id);
    const finance = profileIdOf(harness, 'OD-FINANCE');
    expect(after?.assignedProfileId).toBe(finance);
    const switchedAt = Date.parse(after?.assignedAt ?? '');
    const events = harness.events.filter((event) => event.serial === old.serialNumber);
    const readyAt = Date.parse(events.find((event) => event.stage === 'ready')?.at ?? '');
    const assignedStage = events.find((event) => event.stage === 'profile-assigned');
    expect(readyAt).toBeGreaterThanOrEqual(switchedAt);
    expect(Date.parse(assignedStage?.at ?? '')).toBeGreaterThanOrEqual(switchedAt);
    // While the old profile was still reported assigned, the device stayed where it was, saying why.
    const waiting = seen.filter((device) =>
      device.warnings.some((warning) => /assigned profile is not yet "OneDeploy Finance/.test(warning)),
    );
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((device) => device.stage === 'imported')).toBe(true);
    expect(Date.parse(waiting[0]?.updatedAt ?? '')).toBeLessThan(switchedAt);
    // Ready clears the note.
    expect(result.devices[0]?.warnings.join('\n')).not.toMatch(/assigned profile/);
  });
});
