/* eslint-disable @typescript-eslint/no-unsafe-member-access -- Graph bodies are read loosely; each assertion states the shape it expects. */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../../electron/core/sandbox/index';
import {
  closeTestSandboxes,
  createManualClock,
  sandboxFetch,
  sandboxGraph,
  sandboxToken,
  startTestSandbox,
} from '../../../helpers/sandbox';

const LIST = '/beta/deviceManagement/windowsAutopilotDeviceIdentities';

describe('sandbox throttling and fault injection', () => {
  afterEach(closeTestSandboxes);

  it('throttles Intune writes and totals per 20 s per app with 429 + Retry-After, and flags clients that do not wait', async () => {
    const clock = createManualClock();
    const sandbox: RunningSandbox = await startTestSandbox({ clock, throttle: { appTotal: 5, appWrites: 2 } });
    const graph = sandboxGraph(sandbox, await sandboxToken(sandbox));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await graph('GET', LIST)).status);
      clock.advance(1000);
    }
    const throttled = await graph('GET', LIST);
    expect(throttled.status).toBe(200);
    clock.advance(1000);
    const sixth = await graph('GET', LIST);
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(sixth.status).toBe(429);
    expect(sixth.json.error).toMatchObject({ code: 'TooManyRequests', innerError: { code: '429', status: '429' } });
    // The oldest of the last five arrived at t=0, so the window frees up at t=20 s: 15 s from now.
    expect(sixth.headers.get('retry-after')).toBe('15');
    expect(sandbox.control.stats()).toMatchObject({ throttled: 1, retryAfterViolations: 0 });
    clock.advance(1000);
    expect((await graph('GET', LIST)).status).toBe(429);
    expect(sandbox.control.stats().retryAfterViolations).toBe(1);
    clock.advance(30_000);
    expect((await graph('GET', LIST)).status).toBe(200);
    const writes = [];
    for (let i = 0; i < 3; i++)
      writes.push(
        (
          await graph('POST', '/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/import', {
            importedWindowsAutopilotDeviceIdentities: [],
          })
        ).status,
      );
    expect(writes).toEqual([200, 200, 429]);
  });

  it('throttles $batch sub-requests individually inside a 200', async () => {
    const clock = createManualClock();
    const sandbox = await startTestSandbox({ clock, throttle: { appTotal: 3 } });
    const graph = sandboxGraph(sandbox, await sandboxToken(sandbox));
    const batch = await graph('POST', '/v1.0/$batch', {
      requests: Array.from({ length: 5 }, (_, i) => ({
        id: String(i + 1),
        method: 'GET',
        url: '/deviceManagement/windowsAutopilotDeviceIdentities?$top=1',
      })),
    });
    expect(batch.status).toBe(200);
    const statuses = (batch.json.responses as { status: number; headers: Record<string, string> }[]).map(
      (r) => r.status,
    );
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((batch.json.responses as { headers: Record<string, string> }[])[3]?.headers['Retry-After']).toBeDefined();
    expect(sandbox.control.stats()).toMatchObject({ batchSubRequests: 5, graphRequests: 5, throttled: 2 });
  });

  it('injects seeded 503s with Retry-After, dropped connections and slow responses', async () => {
    const sandbox = await startTestSandbox({ throttle: false });
    const graph = sandboxGraph(sandbox, await sandboxToken(sandbox));
    sandbox.control.setFaults({ unavailableRate: 1, unavailableRetryAfterSeconds: 7 });
    const unavailable = await graph('GET', LIST);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('7');
    expect(unavailable.json.error.code).toBe('ServiceUnavailable');
    sandbox.control.setFaults({ dropRate: 1 });
    await expect(graph('GET', LIST)).rejects.toThrow();
    sandbox.control.setFaults({ slowMs: 150 });
    const started = Date.now();
    expect((await graph('GET', LIST)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sandbox.control.setFaults(null);
    expect(sandbox.control.stats().faults).toEqual({ unavailable: 1, dropped: 1, slowed: 1 });
  });

  it('replays the same fault sequence for the same seed', async () => {
    const sandbox = await startTestSandbox({ throttle: false });
    const fetch = sandboxFetch(sandbox);
    const token = await sandboxToken(sandbox);
    const run = async () => {
      sandbox.control.setFaults({ unavailableRate: 0.5, seed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 12; i++)
        out.push(
          (await fetch(`${sandbox.graphEndpoint}${LIST}`, { headers: { authorization: `Bearer ${token}` } })).status,
        );
      return out;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});
