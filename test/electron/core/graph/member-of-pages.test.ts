import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../pipeline/harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('memberOf of a device in more than 100 groups (sandbox over HTTP)', () => {
  it('sees every group, the tag group after the first page of 100 included', async () => {
    h = await startHarness();
    for (let i = 0; i < 110; i += 1)
      h.sandbox.control.addRuleGroup(
        `Every Autopilot device ${i}`,
        '(device.devicePhysicalIds -any (_ -startsWith "[ZTDId]"))',
        { withProfile: false },
      );
    const chain = h.sandbox.control.addTagChain('OD-MANY');
    const device = h.sandbox.control.addRegisteredDevice({ groupTag: 'OD-MANY' });
    await h.clock.sleep(60 * 60_000);
    const groups = (await h.connection.api.deviceGroups([device.azureAdDeviceId])).get(device.azureAdDeviceId);
    expect(groups?.size).toBeGreaterThan(110);
    expect(groups?.has(chain.groupId)).toBe(true);
  });
});
