import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../../electron/core/graph/transport';
import type { DeviceView } from '../../../../shared/domain/device';
import { startHarness, type Harness } from './harness';

/** Graph answers 503 to the deployment profile list while `state.failing` holds (a service hiccup). */
function profilesHiccup(state: { failing: boolean }): (fetch: FetchLike) => FetchLike {
  return (fetch) => async (url, init) => {
    if (!state.failing || init.method !== 'GET' || !url.includes('/windowsAutopilotDeploymentProfiles'))
      return fetch(url, init);
    const headers = new Map<string, string>([['content-type', 'application/json']]);
    return {
      status: 503,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null, forEach: (cb) => headers.forEach(cb) },
      text: () =>
        Promise.resolve('{"error":{"code":"ServiceUnavailable","message":"Service is temporarily unavailable."}}'),
    };
  };
}

const outcome = (device: DeviceView | undefined) => ({
  stage: device?.stage,
  code: device?.problem?.code,
  at: device?.problem?.stage,
  reason: device?.problem?.reason,
});

describe('devices of one unknown tag end the same way', () => {
  let h: Harness;

  afterEach(async () => {
    await h.close();
  });

  it('a run whose tag-chain read hit a passing 503 ends like the run before it: not assigned, same stage, same reason', async () => {
    const state = { failing: false };
    // Twenty minutes to get a profile: far more than a passing hiccup, far less than a cached chain's half hour.
    h = await startHarness({
      network: profilesHiccup(state),
      poll: { profile: 1000 },
      timeouts: { 'profile-assigned': 20 * 60_000 },
    });
    const tag = 'OD-NOSUCHTAG';
    const make = () => {
      const device = h.sandbox.control.makeHash();
      return { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: tag };
    };
    const first = await h.engine.register([make(), make(), make()]);
    state.failing = true;
    // The hiccup passes ten minutes later; the devices of the second run are still being followed then.
    void h.clock.sleep(10 * 60_000).then(() => (state.failing = false));
    const second = await h.engine.register([make(), make(), make()]);
    const all = [...first.devices, ...second.devices].map(outcome);
    expect(all[0]).toMatchObject({ stage: 'failed', code: 'not-assigned', at: 'profile-assigned' });
    expect(all[0]?.reason).toContain(`No dynamic group selects tag "${tag}"`);
    for (const each of all) expect(each).toEqual(all[0]);
  });
});
