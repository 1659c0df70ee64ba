import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialSearchToken } from '../../../../electron/core/graph/autopilot-api';
import { startHarness, type Harness } from './harness';

const ODD = 'ODDSERIAL77';
const IMPORTED = 'POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities';

/** Import POSTs of either shape: one record per device (the proven call) or the bulk action. */
function importPosts(harness: Harness): number {
  const byEndpoint = harness.sandbox.control.stats().byEndpoint;
  return (byEndpoint[IMPORTED] ?? 0) + (byEndpoint[`${IMPORTED}/import`] ?? 0);
}
const IDENTITIES = 'GET /beta/deviceManagement/windowsAutopilotDeviceIdentities';

describe('lookup by serial when contains() answers 400 for one serial (sandbox over HTTP)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { quirks: { contains400Values: [ODD] } } });
  }, 30_000);
  afterAll(async () => h.close());

  it('finds that serial by walking the device list, and the other serials still register', async () => {
    const existing = h.sandbox.control.addRegisteredDevice({ serial: ODD, groupTag: 'OD-RETAIL' });
    const again = h.sandbox.control.makeHash({
      serial: ODD,
      manufacturer: existing.manufacturer,
      model: existing.model,
    });
    const fresh = h.sandbox.control.makeHash();
    const found = await h.connection.api.identitiesBySerial([ODD, fresh.serial]);
    expect(found.get(ODD)?.map((identity) => identity.id)).toEqual([existing.id]);
    expect(found.get(fresh.serial)).toEqual([]);
    h.sandbox.control.resetStats();
    const first = await h.engine.register([
      { serial: again.serial, hardwareHash: again.hardwareHash, groupTag: 'OD-RETAIL' },
    ]);
    expect(first.ready).toBe(1);
    // Found by the walk: followed, not uploaded again.
    expect(importPosts(h)).toBe(0);
    expect(
      h.sandbox.control
        .snapshot()
        .devices.filter((d) => d.serialNumber === ODD)
        .map((d) => d.id),
    ).toEqual([existing.id]);
    const second = await h.engine.register([
      { serial: fresh.serial, hardwareHash: fresh.hardwareHash, groupTag: 'OD-RETAIL' },
    ]);
    expect(second.ready).toBe(1);
    expect(importPosts(h)).toBe(1);
  });
});

describe('lookup of serials with hyphens (sandbox over HTTP, where contains() with a hyphen answers 400)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => h.close());

  it('searches the longest run without hyphens or spaces', () => {
    expect(serialSearchToken('AB-1234567-C')).toBe('1234567');
    expect(serialSearchToken('PF 4SBX-0001X')).toBe('0001X');
    expect(serialSearchToken("R9'X#Y%Z&12+34/56\\78?9")).toBe('R9');
    expect(serialSearchToken('PLAIN123')).toBe('PLAIN123');
    expect(serialSearchToken('--')).toBe('--');
  });

  it('finds a hyphenated serial with one contains() query, without a 400 or a walk of the device list', async () => {
    const existing = h.sandbox.control.addRegisteredDevice({ serial: 'CZC-4271-XK', groupTag: 'OD-RETAIL' });
    // A device whose serial also contains the token, which the exact match must leave out.
    h.sandbox.control.addRegisteredDevice({ serial: 'CZC-4271-XKB', groupTag: 'OD-RETAIL' });
    h.sandbox.control.setPageSize(1);
    h.sandbox.control.resetStats();
    const found = await h.connection.api.identitiesBySerial(['czc-4271-xk']);
    expect(found.get('czc-4271-xk')?.map((identity) => identity.id)).toEqual([existing.id]);
    const stats = h.sandbox.control.stats();
    expect(stats.byStatus['400'] ?? 0).toBe(0);
    // One query and the one page after it (two devices contain the token, one per page): no list walk.
    expect(stats.byEndpoint[IDENTITIES]).toBe(2);
  });
});
