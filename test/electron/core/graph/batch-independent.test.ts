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
