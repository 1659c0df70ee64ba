import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../pipeline/harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('$batch against the sandbox', () => {
  it('answers 404 per id without failing the others (no dependsOn chain)', async () => {
    h = await startHarness();
    const known = h.sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
    const missing = Array.from({ length: 19 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const found = await h.connection.api.identities([...missing.slice(0, 10), known.id, ...missing.slice(10)]);
    expect(found.get(known.id)?.serialNumber).toBe(known.serialNumber);
    expect(missing.every((id) => found.get(id) === null)).toBe(true);
    expect(h.sandbox.control.stats().byStatus['424'] ?? 0).toBe(0);
  });

  it('retries a throttled item after its Retry-After and sends nothing inside the window', async () => {
    h = await startHarness({
      sandbox: {
        throttle: {
          windowMs: 20_000,
          appTotal: 12,
          tenantTotal: 2000,
          appWrites: 100,
          tenantWrites: 200,
          directoryUnits: 100000,
          directoryWindowMs: 10_000,
        },
      },
    });
    const devices = Array.from({ length: 20 }, () => h!.sandbox.control.addRegisteredDevice({ groupTag: 'OD-KIOSK' }));
    const found = await h.connection.api.identities(devices.map((d) => d.id));
    expect(devices.every((d) => found.get(d.id)?.serialNumber === d.serialNumber)).toBe(true);
    expect(h.sandbox.control.stats().retryAfterViolations).toBe(0);
  });
});

describe('$batch as an optimisation', () => {
  it('falls back to one request at a time when $batch answers 500, for every version, and remembers it', async () => {
    h = await startHarness({ sandbox: { fidelity: 'proven-only' } });
    const known = h.sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
    const graph = h.connection.api.graph;
    const requests = [
      { method: 'GET' as const, path: '/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities' },
      { method: 'GET' as const, path: `/beta/deviceManagement/windowsAutopilotDeviceIdentities/${known.id}` },
      { method: 'GET' as const, path: '/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities' },
      { method: 'GET' as const, path: '/beta/deviceManagement/windowsAutopilotSettings' },
    ];
    const answers = await graph.batch(requests);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(graph.optimisations.snapshot().batch).toMatchObject({ state: 'refused' });
    const batches = h.sandbox.control.stats().batches;
    expect(await graph.batch(requests)).toHaveLength(4);
    // Refused once: the next call does not try $batch again.
    expect(h.sandbox.control.stats().batches).toBe(batches);
  });

  it('sends a sub-request the service failed (500) again on its own', async () => {
    h = await startHarness({ sandbox: { quirks: { select500: true } } });
    const known = h.sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
    const answers = await h.connection.api.graph.batch([
      { method: 'GET', path: `/beta/deviceManagement/windowsAutopilotDeviceIdentities/${known.id}` },
      { method: 'GET', path: `/beta/deviceManagement/windowsAutopilotDeviceIdentities/${known.id}?$select=id` },
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 500]);
    expect(h.sandbox.control.stats().batches).toBe(1);
    // The failed one was asked again outside the batch (and failed again: $select is refused for good).
    expect(h.sandbox.control.stats().byStatus['500']).toBeGreaterThan(1);
    expect(h.connection.api.graph.optimisations.snapshot().batch).toMatchObject({ state: 'accepted' });
  });
});
