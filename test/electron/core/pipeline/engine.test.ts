import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../electron/core/errors';
import { DEFAULT_ROLES, SANDBOX_FOREIGN_SERIALS } from '../../../../electron/core/sandbox/index';
import { startHarness, type Harness } from './harness';

const FULL_ORDER = ['collected', 'imported', 'in-group', 'profile-assigned', 'ready'];

function stagesOf(h: Harness, serial: string): string[] {
  return h.events.filter((event) => event.serial === serial).map((event) => event.stage);
}

function profileIdOf(h: Harness, tag: string): string {
  const group = h.sandbox.control.snapshot().groups.find((g) => g.membershipRule.includes(`[OrderID]:${tag}"`));
  const profile = h.sandbox.control.snapshot().profiles.find((p) => p.groupIds.includes(group?.id ?? '-'));
  return profile?.id ?? '';
}

describe('registration engine against the sandbox: every path in one batch', () => {
  let h: Harness;
  const serials: Record<string, string> = {};
  let result: Awaited<ReturnType<Harness['engine']['register']>>;
  /** Every import record the sandbox held at any stage change (the cleaner deletes them all by the end). */
  const importsSeen = new Map<string, string>();
  const importedSerials = (serial: string | undefined): string[] =>
    [...importsSeen].filter(([, s]) => s === serial).map(([id]) => id);

  beforeAll(async () => {
    h = await startHarness();
    const c = h.sandbox.control;
    h.engine.onStage(() => {
      for (const record of c.snapshot().imports) importsSeen.set(record.id, record.serialNumber);
    });
    const fresh = [c.makeHash(), c.makeHash()];
    const existing = c.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
    const existingHash = c.makeHash({
      serial: existing.serialNumber,
      manufacturer: existing.manufacturer,
      model: existing.model,
    });
    const foreign = c.makeHash({ serial: SANDBOX_FOREIGN_SERIALS[0] });
    const broken = c.makeHash({ manufacturer: '' });
    const lab = c.makeHash();
    const twin = c.makeHash();
    Object.assign(serials, {
      fresh0: fresh[0]?.serial,
      fresh1: fresh[1]?.serial,
      existing: existing.serialNumber,
      foreign: foreign.serial,
      broken: broken.serial,
      lab: lab.serial,
      twin: twin.serial,
    });
    result = await h.engine.register(
      [
        ...fresh.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, origin: `fresh ${d.serial}` })),
        { serial: existingHash.serial, hardwareHash: existingHash.hardwareHash, groupTag: 'OD-FINANCE' },
        { serial: foreign.serial, hardwareHash: foreign.hardwareHash },
        { serial: broken.serial, hardwareHash: broken.hardwareHash },
        { serial: lab.serial, hardwareHash: lab.hardwareHash, groupTag: 'OD-LAB' },
        { serial: twin.serial, hardwareHash: twin.hardwareHash, origin: 'rows.csv:8' },
        { serial: twin.serial, hardwareHash: twin.hardwareHash, origin: 'rows.csv:9' },
      ].map((input) => ({ groupTag: 'OD-FINANCE', ...input })),
    );
  }, 60_000);
  afterAll(async () => h.close());

  it('takes fresh devices through every stage to ready, in order', () => {
    expect(stagesOf(h, serials.fresh0 as string)).toEqual(FULL_ORDER);
    const device = result.devices.find((d) => d.serial === serials.fresh0);
    expect(device?.stageTimes.ready).toBeDefined();
    const snapshot = h.sandbox.control.snapshot().devices.find((d) => d.serialNumber === serials.fresh0);
    expect(snapshot?.assignedProfileId).toBe(profileIdOf(h, 'OD-FINANCE'));
  });

  it('updates an existing record with another tag instead of importing it (no 806), and waits for the new profile', () => {
    expect(importedSerials(serials.fresh0)).toHaveLength(1);
    expect(importedSerials(serials.existing)).toEqual([]);
    expect(
      h.sandbox.control.stats().byEndpoint[
        'POST /beta/deviceManagement/windowsAutopilotDeviceIdentities/{id}/updateDeviceProperties'
      ],
    ).toBe(1);
    expect(stagesOf(h, serials.existing as string).at(-1)).toBe('ready');
    const snapshot = h.sandbox.control.snapshot().devices.find((d) => d.serialNumber === serials.existing);
    expect(snapshot?.groupTag).toBe('OD-FINANCE');
    expect(snapshot?.assignedProfileId).toBe(profileIdOf(h, 'OD-FINANCE'));
  });

  it('explains 808 and 802 as terminal failures with a next step', () => {
    const foreign = result.devices.find((d) => d.serial === serials.foreign);
    expect(foreign?.stage).toBe('failed');
    expect(foreign?.problem).toMatchObject({ code: '808', stage: 'imported' });
    expect(foreign?.problem?.reason).toMatch(/another organisation/);
    const broken = result.devices.find((d) => d.serial === serials.broken);
    expect(broken?.problem?.code).toBe('802');
    expect(broken?.problem?.nextStep).toMatch(/Capture the hash again/);
  });

  it('sends a duplicated row once', () => {
    expect(importedSerials(serials.twin)).toHaveLength(1);
    expect(h.sandbox.control.snapshot().devices.filter((d) => d.serialNumber === serials.twin)).toHaveLength(1);
    expect(result.duplicates).toEqual([
      expect.objectContaining({ serial: serials.twin, duplicateOf: 'rows.csv:8', by: 'serial' }),
    ]);
    expect(result.devices.find((d) => d.serial === serials.twin)?.stage).toBe('ready');
  });

  it('ends a tag with no profile as not-assigned, naming the group', () => {
    const lab = result.devices.find((d) => d.serial === serials.lab);
    expect(lab?.stage).toBe('failed');
    expect(lab?.problem).toMatchObject({ code: 'not-assigned', stage: 'profile-assigned' });
    expect(lab?.problem?.reason).toMatch(/OD-LAB/);
    expect(stagesOf(h, serials.lab as string)).toContain('in-group');
    expect(h.warnings.some((warning) => warning.includes('OD-LAB'))).toBe(true);
  });

  it('deletes every import record once terminal and counts the run', () => {
    expect(h.sandbox.control.snapshot().imports).toHaveLength(0);
    expect(result).toMatchObject({ total: 7, ready: 4, failed: 3, timedOut: 0 });
    expect(h.sandbox.control.stats().retryAfterViolations).toBe(0);
  });

  it('resumes nothing twice: a second run of the same devices imports nothing new', async () => {
    const before =
      h.sandbox.control.stats().byEndpoint[
        'POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/import'
      ];
    const again = await h.reopen().register(
      [h.sandbox.control.makeHash({ serial: serials.fresh0 })].map((d) => ({
        serial: d.serial,
        hardwareHash: d.hardwareHash,
        groupTag: 'OD-FINANCE',
      })),
    );
    expect(again.ready).toBe(1);
    expect(
      h.sandbox.control.stats().byEndpoint[
        'POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/import'
      ],
    ).toBe(before);
  });
});

describe('permissions', () => {
  it('skips the group stage as not observable without Device.Read.All and still reaches ready', async () => {
    const h = await startHarness({
      sandbox: { grantedRoles: DEFAULT_ROLES.filter((role) => !role.startsWith('Device.')) },
    });
    try {
      const device = h.sandbox.control.makeHash();
      const result = await h.engine.register([
        { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-KIOSK' },
      ]);
      expect(result.devices[0]).toMatchObject({ stage: 'ready', notObservable: ['in-group'] });
      expect(result.devices[0]?.warnings.join(' ')).toMatch(/Device\.Read\.All/);
      expect(stagesOf(h, device.serial)).toEqual(['collected', 'imported', 'profile-assigned', 'ready']);
    } finally {
      await h.close();
    }
  });

  it('refuses to start without DeviceManagementServiceConfig.ReadWrite.All, naming it', async () => {
    const h = await startHarness({ sandbox: { grantedRoles: ['Device.Read.All', 'GroupMember.Read.All'] } });
    try {
      const device = h.sandbox.control.makeHash();
      const attempt = h.engine.register([{ serial: device.serial, hardwareHash: device.hardwareHash }]);
      await expect(attempt).rejects.toThrow(AppError);
      await expect(attempt).rejects.toThrow(/DeviceManagementServiceConfig\.ReadWrite\.All/);
      expect(h.sandbox.control.snapshot().imports).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});

describe('resilience', () => {
  it('completes through 429 storms and 503s without a request inside a Retry-After window', async () => {
    const h = await startHarness({
      sandbox: {
        throttle: { appTotal: 12, appWrites: 4, windowMs: 20_000 },
        faults: { unavailableRate: 0.25, unavailableRetryAfterSeconds: 2, seed: 5 },
      },
    });
    try {
      const devices = Array.from({ length: 30 }, () => h.sandbox.control.makeHash());
      const result = await h.engine.register(
        devices.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, groupTag: 'OD-RETAIL' })),
      );
      const stats = h.sandbox.control.stats();
      expect(result.ready).toBe(30);
      expect(stats.throttled + stats.faults.unavailable).toBeGreaterThan(0);
      expect(stats.retryAfterViolations).toBe(0);
      const imports =
        stats.byEndpoint['POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/import'] ?? 0;
      expect(imports).toBeGreaterThanOrEqual(1);
      expect(
        h.sandbox.control.snapshot().devices.filter((d) => devices.some((x) => x.serial === d.serialNumber)),
      ).toHaveLength(30);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('refreshes a token that expires mid-run', async () => {
    const h = await startHarness({
      sandbox: { tokenLifetimeSeconds: 120, latencies: { profile: 10 * 60_000 } },
      poll: { identity: 30_000, profile: 30_000, group: 30_000 },
    });
    try {
      const device = h.sandbox.control.makeHash();
      const result = await h.engine.register([
        { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-FINANCE' },
      ]);
      expect(result.ready).toBe(1);
      expect(h.sandbox.control.stats().tokensIssued).toBeGreaterThan(1);
    } finally {
      await h.close();
    }
  });

  it('times out at the named stage', async () => {
    const h = await startHarness({
      sandbox: { latencies: { profile: 3 * 3_600_000 } },
      poll: { identity: 60_000, group: 60_000, profile: 60_000 },
    });
    try {
      const device = h.sandbox.control.makeHash();
      const result = await h.engine.register(
        [{ serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-FINANCE' }],
        { timeouts: { 'profile-assigned': 20 * 60_000 } },
      );
      expect(result.devices[0]).toMatchObject({
        stage: 'timed-out',
        problem: { code: 'timeout', stage: 'profile-assigned' },
      });
      expect(result.timedOut).toBe(1);
    } finally {
      await h.close();
    }
  });
});

describe('re-registration and sync', () => {
  it('replaces an existing record (new motherboard): deregisters it, then imports the new hash', async () => {
    const h = await startHarness();
    try {
      const old = h.sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
      const fresh = h.sandbox.control.makeHash({
        serial: old.serialNumber,
        manufacturer: old.manufacturer,
        model: old.model,
      });
      const result = await h.engine.register(
        [{ serial: fresh.serial, hardwareHash: fresh.hardwareHash, groupTag: 'OD-RETAIL' }],
        { replaceExisting: true },
      );
      expect(result.devices[0]?.stage).toBe('ready');
      const now = h.sandbox.control.snapshot().devices.filter((d) => d.serialNumber === old.serialNumber);
      expect(now).toHaveLength(1);
      expect(now[0]?.id).not.toBe(old.id);
      expect(
        h.sandbox.control.stats().byEndpoint['DELETE /beta/deviceManagement/windowsAutopilotDeviceIdentities/{id}'],
      ).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('asks for a sync once when imported devices are late to appear, never twice within 10 minutes', async () => {
    const h = await startHarness({
      sandbox: { latencies: { identity: 30 * 60_000 } },
      poll: { import: 15_000, identity: 30_000, group: 60_000, profile: 60_000 },
    });
    try {
      const devices = [h.sandbox.control.makeHash(), h.sandbox.control.makeHash()];
      const result = await h.engine.register(
        devices.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, groupTag: 'OD-KIOSK' })),
      );
      expect(result.ready).toBe(2);
      expect(h.sandbox.control.stats().byEndpoint['POST /beta/deviceManagement/windowsAutopilotSettings/sync']).toBe(1);
      expect(h.journal.metadata().lastSyncAt).not.toBeNull();
      const again = h.sandbox.control.makeHash();
      await h.reopen().register([{ serial: again.serial, hardwareHash: again.hardwareHash, groupTag: 'OD-KIOSK' }], {
        waitFor: 'imported',
        timeouts: { imported: 4 * 60_000 },
      });
      expect(h.sandbox.control.stats().byEndpoint['POST /beta/deviceManagement/windowsAutopilotSettings/sync']).toBe(1);
    } finally {
      await h.close();
    }
  });
});

describe('partial permissions', () => {
  it('without group read permissions: the group stage is not observable and the profile check says what it skipped', async () => {
    const h = await startHarness({
      sandbox: { grantedRoles: ['DeviceManagementServiceConfig.ReadWrite.All', 'Device.Read.All'] },
    });
    try {
      const device = h.sandbox.control.makeHash();
      const result = await h.engine.register([
        { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' },
      ]);
      expect(result.devices[0]).toMatchObject({ stage: 'ready', notObservable: ['in-group'] });
      const notes = result.devices[0]?.warnings.join('\n') ?? '';
      expect(notes).toMatch(/in dynamic group: not observable/);
      expect(notes).toMatch(/profile assigned: the assigned profile was not compared/);
    } finally {
      await h.close();
    }
  });
});
