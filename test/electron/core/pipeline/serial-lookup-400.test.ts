import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

const ODD = 'ODDSERIAL77';

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
    const result = await h.engine.register(
      [again, fresh].map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, groupTag: 'OD-RETAIL' })),
    );
    expect(result.ready).toBe(2);
    const imports = h.sandbox.control.snapshot().imports.filter((record) => record.serialNumber === ODD);
    expect(imports).toHaveLength(0);
  });
});
