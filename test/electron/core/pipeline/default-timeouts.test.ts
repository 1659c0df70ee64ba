import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Latencies } from '../../../../electron/core/sandbox/types';
import { startHarness, type Harness } from './harness';

const HOURS = 3_600_000;
const POLL = 60_000;

describe('default stage time limits (no timeouts given)', () => {
  describe('end a device as timed out at the stage it waits for (sandbox over HTTP)', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ poll: { import: POLL, identity: POLL, group: POLL, profile: POLL } });
    }, 30_000);
    afterAll(async () => h.close());

    async function stuck(slow: Partial<Latencies>): Promise<{ minutes: number; reason: string; stage: string }> {
      h.sandbox.control.setLatencies({ import: 40, group: 30, profile: 30, ...slow });
      const device = h.sandbox.control.makeHash();
      const result = await h.engine.register([
        { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-FINANCE' },
      ]);
      const events = h.events.filter((event) => event.serial === device.serial);
      const end = events.at(-1);
      const waited = Date.parse(end?.at ?? '') - Date.parse(events.at(-2)?.at ?? '');
      expect(result.devices[0]?.stage).toBe('timed-out');
      return { minutes: waited / 60_000, reason: end?.reason ?? '', stage: end?.failedStage ?? '' };
    }

    it('15 min for the import', async () => {
      const { minutes, reason, stage } = await stuck({ import: 5 * HOURS });
      expect(stage).toBe('imported');
      expect(reason).toMatch(/after 15 min\b/);
      expect(minutes).toBeGreaterThanOrEqual(15);
      expect(minutes).toBeLessThan(17);
    });

    it('30 min for the dynamic group', async () => {
      const { minutes, reason, stage } = await stuck({ group: 5 * HOURS });
      expect(stage).toBe('in-group');
      expect(reason).toMatch(/after 30 min\b/);
      expect(minutes).toBeGreaterThanOrEqual(30);
      expect(minutes).toBeLessThan(32);
    });

    it('60 min for the profile', async () => {
      const { minutes, reason, stage } = await stuck({ profile: 5 * HOURS });
      expect(stage).toBe('profile-assigned');
      expect(reason).toMatch(/after 60 min\b/);
      expect(minutes).toBeGreaterThanOrEqual(60);
      expect(minutes).toBeLessThan(62);
    });
  });
});
