import { afterEach, describe, expect, it } from 'vitest';
import { sandboxGraph, sandboxToken } from '../../../helpers/sandbox';
import { startHarness, type Harness } from '../pipeline/harness';

const SYNC = '/beta/deviceManagement/windowsAutopilotSettings/sync';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Autopilot sync against the sandbox', () => {
  it('returns "too-soon" at once when another caller synced within 10 minutes: no retry, no gate for other requests', async () => {
    h = await startHarness();
    const other = sandboxGraph(h.sandbox, await sandboxToken(h.sandbox));
    expect((await other('POST', SYNC)).status).toBe(204);
    await h.clock.sleep(60_000);
    h.sandbox.control.resetStats();
    const start = h.clock.now();
    const answer = await h.connection.api.trySync();
    expect(answer.outcome).toBe('too-soon');
    expect(answer.retryAfterMs).toBeGreaterThan(0);
    expect(h.clock.now() - start).toBeLessThan(5_000);
    expect(h.sandbox.control.stats().byEndpoint[`POST ${SYNC}`]).toBe(1);
    expect(h.connection.api.graph.pacer.gateOpensAt()).toBe(0);
    expect(h.journal.metadata().retryAfterUntil ?? null).toBeNull();
    expect(await h.connection.api.sync()).toBe('too-soon');
  });
});
