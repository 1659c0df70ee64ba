import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProblem } from '../../../../electron/core/pipeline/problems';
import { startHarness, type Harness } from './harness';

describe('import errors keep the name Graph sent (sandbox over HTTP)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => h.close());

  it("shows memdocs' 808 spelling and an odd-case name as sent, with the plain explanation", async () => {
    const another = h.sandbox.control.makeHash();
    const oddCase = h.sandbox.control.makeHash();
    h.sandbox.control.forceImportError(another.serial, { code: 808, name: 'ZtdDeviceAssignedToAnotherTenant' });
    h.sandbox.control.forceImportError(oddCase.serial, { code: 0, name: 'ztdDeviceDuplicated' });
    const result = await h.engine.register(
      [another, oddCase].map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, groupTag: 'OD-RETAIL' })),
    );
    const byKey = new Map(result.devices.map((d) => [d.serial, d.problem]));
    expect(byKey.get(another.serial)).toMatchObject({ code: '808' });
    expect(byKey.get(another.serial)?.reason).toMatch(
      /^ZtdDeviceAssignedToAnotherTenant \(808\): .*another organisation/,
    );
    expect(byKey.get(oddCase.serial)?.reason).toMatch(/^ztdDeviceDuplicated: The same device appears more than once/);
  });

  it('keeps the portal spelling too', () => {
    expect(importProblem(808, 'ZtdDeviceAssignedToOtherTenant', 'error').reason).toMatch(
      /^ZtdDeviceAssignedToOtherTenant \(808\): /,
    );
  });
});
