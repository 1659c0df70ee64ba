import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProblem } from '../../../../electron/core/pipeline/problems';
import { startHarness, type Harness } from './harness';

describe('import errors: one code, a plain reason, and the name Graph sent beside them (sandbox over HTTP)', () => {
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
    expect(byKey.get(another.serial)).toMatchObject({ code: '808', graphError: 'ZtdDeviceAssignedToAnotherTenant' });
    expect(byKey.get(another.serial)?.reason).toBe("The device is registered to another organisation's tenant.");
    expect(byKey.get(oddCase.serial)).toMatchObject({ code: 'ztdDeviceDuplicated' });
    expect(byKey.get(oddCase.serial)?.graphError).toBeUndefined();
    expect(byKey.get(oddCase.serial)?.reason).toMatch(/^The same device appears more than once/);
  });

  it('keeps the portal spelling too, and never repeats the code in the reason', () => {
    const portal = importProblem(808, 'ZtdDeviceAssignedToOtherTenant', 'error');
    expect(portal).toMatchObject({ code: '808', graphError: 'ZtdDeviceAssignedToOtherTenant' });
    expect(portal.reason).not.toMatch(/808|Ztd/);
    const unknown = importProblem(999, 'ZtdSomethingNew', 'error');
    expect(unknown).toMatchObject({ code: '999', graphError: 'ZtdSomethingNew' });
    expect(unknown.reason).not.toMatch(/999|ZtdSomethingNew/);
  });
});
