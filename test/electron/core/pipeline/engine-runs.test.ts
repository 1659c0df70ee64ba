import { describe, expect, it } from 'vitest';
import { startHarness } from './harness';

// Runs across restarts and at the same time: resume, a Retry-After kept by the journal, joined follow loops.
describe('resume', () => {
  it('picks up in-flight devices after the run was stopped, importing none twice', async () => {
    const h = await startHarness({
      sandbox: { latencies: { profile: 5 * 60_000 } },
      poll: { import: 1000, identity: 10_000, group: 10_000, profile: 10_000 },
    });
    try {
      const devices = Array.from({ length: 5 }, () => h.sandbox.control.makeHash());
      const controller = new AbortController();
      const stop = h.engine.onStage((event) => {
        if (event.stage === 'in-group') controller.abort(new Error('stopped'));
      });
      await expect(
        h.engine.register(
          devices.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, groupTag: 'OD-FINANCE' })),
          {},
          controller.signal,
        ),
      ).rejects.toThrow();
      stop();
      expect(h.journal.all().some((device) => device.stage !== 'ready')).toBe(true);
      const resumed = await h.reopen().resume();
      expect(resumed).toMatchObject({ total: 5, ready: 5 });
      expect(
        h.sandbox.control.stats().byEndpoint[
          'POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/import'
        ],
      ).toBe(1);
      expect(h.journal.all().every((device) => device.importCount === 1)).toBe(true);
    } finally {
      await h.close();
    }
  });
});

describe('Retry-After across restarts', () => {
  it('keeps to a window an earlier run was given', async () => {
    const h = await startHarness();
    try {
      const until = h.clock.now() + 45_000;
      h.journal.setMeta({ retryAfterUntil: new Date(until).toISOString() });
      h.journal.commit();
      const device = h.sandbox.control.makeHash();
      h.sandbox.control.resetStats();
      const engine = h.reopen();
      const result = await engine.register([
        { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' },
      ]);
      expect(result.ready).toBe(1);
      expect(Date.parse(result.devices[0]?.stageTimes.imported ?? '')).toBeGreaterThanOrEqual(until);
    } finally {
      await h.close();
    }
  });
});

describe('concurrent registrations', () => {
  it('join one follow loop: both finish, the tenant chain is read once', async () => {
    const h = await startHarness();
    try {
      const first = [h.sandbox.control.makeHash(), h.sandbox.control.makeHash()];
      const second = [h.sandbox.control.makeHash()];
      const later: { run?: Promise<{ ready: number }> } = {};
      const off = h.engine.onStage((event) => {
        if (event.stage === 'imported' && !later.run) {
          later.run = h.engine.register(
            second.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, groupTag: 'OD-KIOSK' })),
          );
        }
      });
      const a = await h.engine.register(
        first.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, groupTag: 'OD-RETAIL' })),
      );
      off();
      const b = await later.run;
      expect(a.ready).toBe(2);
      expect(b?.ready).toBe(1);
      expect(
        h.sandbox.control.stats().byEndpoint['GET /beta/deviceManagement/windowsAutopilotDeploymentProfiles'],
      ).toBe(1);
      expect(h.sandbox.control.snapshot().imports).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});

describe('waiting for an earlier stage', () => {
  it('stops following a device once it reaches the stage asked for', async () => {
    const h = await startHarness({ sandbox: { latencies: { profile: 3_600_000 } } });
    try {
      const device = h.sandbox.control.makeHash();
      const result = await h.engine.register(
        [{ serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' }],
        { waitFor: 'in-group' },
      );
      expect(result).toMatchObject({ total: 1, reached: 1, ready: 0, failed: 0, timedOut: 0 });
      expect(result.devices[0]?.stage).toBe('in-group');
      expect(h.sandbox.control.snapshot().imports).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});
