import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../../electron/core/graph/transport';
import { startHarness, type Harness } from './harness';

const IMPORTED = 'POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities';

/** Import POSTs of either shape: one record per device (the proven call) or the bulk action. */
function importPosts(harness: Harness): number {
  const byEndpoint = harness.sandbox.control.stats().byEndpoint;
  return (byEndpoint[IMPORTED] ?? 0) + (byEndpoint[`${IMPORTED}/import`] ?? 0);
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/**
 * A network that loses the response of the first import POST (the sandbox did create the records) and, once the
 * import has been processed, sees the import records deleted by someone else (another console's cleaner).
 */
function losingFirstImport(
  deleteLater: (fetch: FetchLike, url: string, auth: string, ids: string[]) => void,
): (fetch: FetchLike) => FetchLike {
  let lost = false;
  return (fetch) => async (url, init) => {
    const response = await fetch(url, init);
    if (!lost && init.method === 'POST' && /\/importedWindowsAutopilotDeviceIdentities(\/import)?$/.test(url)) {
      lost = true;
      const body = JSON.parse(await response.text()) as { value?: { id: string }[]; id?: string };
      deleteLater(
        fetch,
        url.replace(/\/import$/, ''),
        init.headers.authorization ?? '',
        body.value ? body.value.map((r) => r.id) : [body.id ?? ''],
      );
      throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
    }
    return response;
  };
}

describe('an upload whose response was lost (sandbox over HTTP)', () => {
  it('adopts the registered device when its import record is gone, with no second upload', async () => {
    const started: { harness?: Harness } = {};
    h = await startHarness({
      network: losingFirstImport((fetch, base, auth, ids) => {
        // After the sandbox has processed the import (40 ms), well before the engine settles the doubt (1 s).
        void started.harness?.clock.sleep(300).then(() =>
          started.harness?.clock.hold(async () => {
            for (const id of ids) await fetch(`${base}/${id}`, { method: 'DELETE', headers: { authorization: auth } });
          }),
        );
      }),
    });
    started.harness = h;
    const device = h.sandbox.control.makeHash();
    const result = await h.engine.register([
      { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' },
    ]);
    expect(h.warnings.some((warning) => /upload outcome unknown/.test(warning))).toBe(true);
    expect(importPosts(h)).toBe(1);
    expect(h.sandbox.control.snapshot().devices.filter((d) => d.serialNumber === device.serial)).toHaveLength(1);
    expect(result.devices[0]?.stage).toBe('ready');
  });

  it('adopts the import record when it is still there, with no second upload', async () => {
    h = await startHarness({ network: losingFirstImport(() => undefined) });
    const device = h.sandbox.control.makeHash();
    const result = await h.engine.register([
      { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' },
    ]);
    expect(h.warnings.some((warning) => /upload outcome unknown/.test(warning))).toBe(true);
    expect(importPosts(h)).toBe(1);
    expect(result.devices[0]?.stage).toBe('ready');
    // The adopted record is cleaned up like any other.
    expect(h.sandbox.control.snapshot().imports).toEqual([]);
  });
});
