import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../../electron/core/graph/transport';
import type { DeviceView } from '../../../../shared/domain/device';
import { startSandboxApplication, type SandboxApplication } from '../../../helpers/sandbox-application';

/** The name of the tenant's hosts stops resolving (undici's error: "fetch failed" caused by ENOTFOUND). */
function dnsGoesAway(state: { down: boolean }): (fetch: FetchLike) => FetchLike {
  return (fetch) => async (url, init) => {
    if (!state.down) return fetch(url, init);
    const host = new URL(url).hostname;
    throw new TypeError('fetch failed', {
      cause: Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
        code: 'ENOTFOUND',
        syscall: 'getaddrinfo',
        hostname: host,
      }),
    });
  };
}

describe('a device stopped by the network', () => {
  let running: SandboxApplication;

  afterEach(async () => {
    await running.close();
  });

  it('says DNS failed with the host, and its next step is the network, not the secret', async () => {
    const state = { down: false };
    running = await startSandboxApplication({ wrapNetwork: dnsGoesAway(state) });
    const captured = await running.call<{ device: DeviceView }>('capture:this-device', { groupTag: 'OD-FINANCE' });
    state.down = true;
    await running.call('devices:register', { ids: [captured.device.id] });
    await running.settled(() => running.application.records.get(captured.device.id)?.view.inProgress === false);
    const view = running.application.records.get(captured.device.id)?.view;
    expect(view?.stage).toBe('failed');
    expect(view?.problem?.code).toBe('network');
    expect(view?.problem?.reason).toMatch(/DNS could not find 127\.0\.0\.1|DNS could not find localhost/);
    expect(view?.problem?.reason).toContain('ENOTFOUND');
    expect(view?.problem?.nextStep).toMatch(/network connection/);
    expect(view?.problem?.nextStep).not.toMatch(/tenant id|secret/i);
    const outcome = running.application.activity.list().find((e) => e.action === 'Registration outcome');
    expect(outcome?.detail).toMatch(/\(network\): .*DNS/);
  });
});
