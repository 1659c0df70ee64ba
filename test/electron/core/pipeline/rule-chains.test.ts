import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

describe('tag chains from two-clause rules ([ZTDId] AND [OrderID]) against the sandbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => h.close());

  it('the OD-FINANCE group leads only OD-FINANCE to the Finance profile', async () => {
    const rule =
      h.sandbox.control.snapshot().groups.find((group) => group.displayName === 'Autopilot OD-FINANCE')
        ?.membershipRule ?? '';
    expect(rule).toMatch(/\[ZTDid\].*\) and \(.*\[OrderID\]:OD-FINANCE/);
    const { chains } = await h.engine.tags();
    const finance = chains.find((chain) => chain.tag === 'OD-FINANCE');
    expect(finance?.profile?.displayName).toContain('Finance');
    for (const tag of ['OD-RETAIL', 'OD-LAB']) {
      const chain = chains.find((item) => item.tag === tag);
      expect(chain?.groups.map((group) => group.displayName)).not.toContain('Autopilot OD-FINANCE');
      expect(chain?.profile?.displayName ?? '').not.toContain('Finance');
    }
  });

  it('a device tagged OD-LAB ends not-assigned, a device tagged OD-FINANCE ready with the Finance profile', async () => {
    const lab = h.sandbox.control.makeHash();
    const finance = h.sandbox.control.makeHash();
    const result = await h.engine.register([
      { serial: lab.serial, hardwareHash: lab.hardwareHash, groupTag: 'OD-LAB' },
      { serial: finance.serial, hardwareHash: finance.hardwareHash, groupTag: 'OD-FINANCE' },
    ]);
    expect(result.devices.find((d) => d.serial === lab.serial)).toMatchObject({
      stage: 'failed',
      problem: { code: 'not-assigned' },
    });
    expect(result.devices.find((d) => d.serial === finance.serial)?.stage).toBe('ready');
  }, 30_000);
});
