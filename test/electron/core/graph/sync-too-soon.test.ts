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

describe('engine sync when another admin synced minutes ago', () => {
  it('takes the 429 as "too soon", remembers when the next sync is allowed, and keeps following without waiting', async () => {
    h = await startHarness({
      sandbox: { latencies: { identity: 30 * 60_000 } },
      poll: { import: 15_000, identity: 30_000, group: 60_000, profile: 60_000 },
    });
    const other = sandboxGraph(h.sandbox, await sandboxToken(h.sandbox));
    expect((await other('POST', SYNC)).status).toBe(204);
    h.sandbox.control.resetStats();
    const device = h.sandbox.control.makeHash();
    const result = await h.engine.register([
      { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-KIOSK' },
    ]);
    expect(result.ready).toBe(1);
    // The first try answers 429; the next one waits for the time Graph named (and the 10-minute rule), then starts.
    expect(h.sandbox.control.stats().byEndpoint[`POST ${SYNC}`]).toBe(2);
    expect(h.sandbox.control.stats().byStatus['429']).toBe(1);
    expect(h.sandbox.control.stats().retryAfterViolations).toBe(0);
    const meta = h.journal.metadata();
    expect(Date.parse(meta.lastSyncAt ?? '')).toBeGreaterThanOrEqual(Date.parse(meta.nextSyncAllowedAt ?? 'x'));
    expect(meta.retryAfterUntil ?? null).toBeNull();
  }, 60_000);
});
