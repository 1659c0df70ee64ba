import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxGraph, sandboxToken } from '../../../helpers/sandbox';
import { startHarness, type Harness } from './harness';

const IMPORTED = '/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities';

describe('import records left behind by other tools (sandbox over HTTP)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ poll: { import: 5 } });
  }, 30_000);
  afterAll(async () => h.close());

  it('reads its own records by id in $batch instead of listing the whole collection on every poll', async () => {
    h.sandbox.control.setPageSize(10);
    const other = sandboxGraph(h.sandbox, await sandboxToken(h.sandbox));
    for (let i = 0; i < 50; i += 1) {
      const stale = h.sandbox.control.makeHash();
      expect(
        (
          await other('POST', IMPORTED, {
            serialNumber: stale.serial,
            hardwareIdentifier: stale.hardwareHash,
            groupTag: '',
            importId: 'other-tool',
          })
        ).status,
      ).toBe(201);
    }
    h.sandbox.control.resetStats();
    const devices = [h.sandbox.control.makeHash(), h.sandbox.control.makeHash()];
    const result = await h.engine.register(
      devices.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, groupTag: 'OD-RETAIL' })),
      { waitFor: 'imported' },
    );
    expect(result.reached).toBe(2);
    const stats = h.sandbox.control.stats().byEndpoint;
    const listPages = stats[`GET ${IMPORTED}`] ?? 0;
    const byId = stats[`GET ${IMPORTED}/{id}`] ?? 0;
    expect(byId).toBeGreaterThan(0);
    // One walk of the 6 pages to learn the list's size; every later poll reads the two records by id.
    expect(listPages).toBeLessThanOrEqual(7);
  });
});
