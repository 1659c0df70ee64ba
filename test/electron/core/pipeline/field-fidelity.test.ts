import { describe, expect, it } from 'vitest';
import type { RegistrationInput } from '../../../../electron/core/pipeline/types';
import { newJournalDevice } from '../../../../electron/core/store/records';
import { SANDBOX_FOREIGN_SERIALS, type SandboxFidelity } from '../../../../electron/core/sandbox/index';
import { count, IMPORTED, startHarness, uploads, type Harness } from './harness';

const IDENTITIES = '/beta/deviceManagement/windowsAutopilotDeviceIdentities';

/** Devices of a serial that the tenant keeps (a deleted record is still listed for a while, then gone). */
function liveDevices(h: Harness, serial: string) {
  return h.sandbox.control.snapshot().devices.filter((d) => d.serialNumber === serial && !d.deleted);
}

function stageTimes(h: Harness, serial: string): Record<string, number> {
  return Object.fromEntries(
    h.events.filter((event) => event.serial === serial).map((event) => [event.stage, Date.parse(event.at)]),
  );
}

/**
 * The 23-device run of a real bench: 20 new devices, 2 already registered under another tag (updated, read back
 * after minutes), and one owned by another organisation. Run against a tenant that answers as the field reports
 * ($select 500, out-of-sync phase, tag read-back lag, deletion lag) with the documented throttling, in both
 * fidelity settings.
 */
describe.each<SandboxFidelity>(['field', 'proven-only'])('a 23-device registration, fidelity "%s"', (fidelity) => {
  it('ends 22 ready and the 808 failed, nothing imported twice, nothing sent inside a Retry-After', async () => {
    const h = await startHarness({ sandbox: { fidelity, throttle: true } });
    try {
      const c = h.sandbox.control;
      const fresh = Array.from({ length: 20 }, () => c.makeHash());
      const registered = [c.addRegisteredDevice({ groupTag: 'OD-RETAIL' }), c.addRegisteredDevice({})];
      const foreign = c.makeHash({ serial: SANDBOX_FOREIGN_SERIALS[0] });
      const inputs: RegistrationInput[] = [
        ...fresh.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash })),
        ...registered.map((d) => {
          const hash = c.makeHash({ serial: d.serialNumber, manufacturer: d.manufacturer, model: d.model });
          return { serial: hash.serial, hardwareHash: hash.hardwareHash };
        }),
        { serial: foreign.serial, hardwareHash: foreign.hardwareHash },
      ];
      const result = await h.engine.register(inputs, { groupTag: 'OD-FINANCE' });

      expect(result).toMatchObject({ total: 23, ready: 22, failed: 1, timedOut: 0 });
      expect(result.devices.find((d) => d.serial === foreign.serial)?.problem?.code).toBe('808');
      const stats = c.stats();
      expect(stats.retryAfterViolations).toBe(0);
      // Every device is registered exactly once; the two existing ones were updated, never imported.
      for (const device of fresh) expect(liveDevices(h, device.serial)).toHaveLength(1);
      for (const device of registered) {
        expect(liveDevices(h, device.serialNumber)).toEqual([
          expect.objectContaining({ id: device.id, groupTag: 'OD-FINANCE' }),
        ]);
      }
      const singlePosts = count(h, `POST ${IMPORTED}`);
      const bulkPosts = count(h, `POST ${IMPORTED}/import`);
      // No $select was sent (the tenant answers it with 500): in the field setting no request failed at all.
      if (fidelity === 'field') {
        expect(stats.byStatus['500'] ?? 0).toBe(0);
        expect(singlePosts).toBe(0);
        expect(bulkPosts).toBe(1);
      } else {
        // The bulk action was refused once (500), then each of the 21 devices was posted once, as the peers do.
        expect(bulkPosts).toBe(1);
        expect(singlePosts).toBe(21);
        const verdicts = h.journal.metadata().optimisations;
        expect(verdicts).toMatchObject({ 'bulk-import': { state: 'refused' }, batch: { state: 'refused' } });
        // Said once each, in plain words.
        expect(h.warnings.filter((w) => w.includes('bulk import action'))).toHaveLength(1);
        expect(h.warnings.filter((w) => w.includes('JSON batching'))).toHaveLength(1);
      }
      // Updated records became "imported" only once their new tag read back, never before.
      for (const device of registered) {
        const times = stageTimes(h, device.serialNumber);
        expect(times.imported).toBeGreaterThanOrEqual(Date.parse(result.devices[0]!.stageTimes.collected!) + 20);
      }
      // The out-of-sync phase is waited out: ready comes after the assignment plus the out-of-sync time.
      for (const device of fresh.slice(0, 3)) {
        const snapshot = liveDevices(h, device.serial)[0]!;
        expect(stageTimes(h, device.serial).ready).toBeGreaterThanOrEqual(
          Date.parse(snapshot.assignedAt!) + c.latencies().outOfSync,
        );
      }
    } finally {
      await h.close();
    }
  }, 120_000);
});

describe('remembered optimisations', () => {
  it('does not try a refused optimisation again in the next run, and doctor-facing verdicts say so', async () => {
    const h = await startHarness({ sandbox: { fidelity: 'proven-only' } });
    try {
      const c = h.sandbox.control;
      const first = [c.makeHash(), c.makeHash()];
      await h.engine.register(
        first.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, groupTag: 'OD-RETAIL' })),
      );
      const bulk = count(h, `POST ${IMPORTED}/import`);
      const failures = c.stats().byStatus['500'] ?? 0;
      const again = [c.makeHash(), c.makeHash(), c.makeHash()];
      const result = await h
        .reopen()
        .register(again.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, groupTag: 'OD-RETAIL' })));
      expect(result.ready).toBe(3);
      expect(count(h, `POST ${IMPORTED}/import`)).toBe(bulk);
      expect(c.stats().byStatus['500'] ?? 0).toBe(failures);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('falls back to one read per device when the device list answers 500, and remembers it', async () => {
    const h = await startHarness({ sandbox: { refuse: ['identity-list'] } });
    try {
      const devices = Array.from({ length: 30 }, () => h.sandbox.control.makeHash());
      const result = await h.engine.register(
        devices.map((d) => ({ serial: d.serial, hardwareHash: d.hardwareHash, groupTag: 'OD-KIOSK' })),
      );
      expect(result.ready).toBe(30);
      expect(h.journal.metadata().optimisations?.['identity-list']).toMatchObject({ state: 'refused' });
    } finally {
      await h.close();
    }
  }, 60_000);

  it('never walks a list for a small run: one device costs no more than the per-device reads', async () => {
    const h = await startHarness();
    try {
      const device = h.sandbox.control.makeHash();
      await h.engine.register([{ serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' }]);
      // GET of a collection without $filter would be a walk; each read here was a filtered or by-id read.
      expect(count(h, `GET ${IDENTITIES}`)).toBeGreaterThan(0);
      expect(h.journal.metadata().optimisations?.['identity-list']).toBeUndefined();
      expect(count(h, `POST ${IMPORTED}`)).toBe(1);
      expect(count(h, `POST ${IMPORTED}/import`)).toBe(0);
    } finally {
      await h.close();
    }
  });
});

describe('profile status (field notes B2)', () => {
  it('waits while the profile is assigned but out of sync, asks for one sync, then reports ready', async () => {
    const h = await startHarness({ poll: { import: 15_000, identity: 30_000, group: 30_000, profile: 30_000 } });
    const notes: string[] = [];
    h.engine.onStage((event) => event.device.note && notes.push(event.device.note), { notes: true });
    try {
      const c = h.sandbox.control;
      const device = c.addRegisteredDevice({ groupTag: 'OD-RETAIL', outOfSyncUntilSync: true });
      const hash = c.makeHash({ serial: device.serialNumber, manufacturer: device.manufacturer, model: device.model });
      const result = await h.engine.register([
        { serial: hash.serial, hardwareHash: hash.hardwareHash, groupTag: 'OD-RETAIL' },
      ]);
      expect(result.ready).toBe(1);
      expect(count(h, 'POST /beta/deviceManagement/windowsAutopilotSettings/sync')).toBe(1);
      expect(notes).toContain('assigned, syncing with the Autopilot service (not ready yet)');
      // Ready only after the sync was asked for (at least syncAfterMs of out-of-sync).
      const times = stageTimes(h, hash.serial);
      expect(times.ready! - times['in-group']!).toBeGreaterThanOrEqual(60_000);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('reads the status from list answers, so a by-id read that always says "unknown" does not stall it', async () => {
    const h = await startHarness({ sandbox: { quirks: { byIdStatusUnknown: true } } });
    try {
      const device = h.sandbox.control.makeHash();
      const result = await h.engine.register([
        { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' },
      ]);
      expect(result.devices[0]?.stage).toBe('ready');
    } finally {
      await h.close();
    }
  });

  it('ends "out of sync" at the stage timeout with a plain reason and next step', async () => {
    const h = await startHarness({
      timeouts: { 'profile-assigned': 5 * 60_000 },
      poll: { import: 15_000, identity: 30_000, group: 30_000, profile: 30_000 },
    });
    try {
      const c = h.sandbox.control;
      const device = c.addRegisteredDevice({ groupTag: 'OD-RETAIL', profileStatus: 'assignedOutOfSync' });
      const hash = c.makeHash({ serial: device.serialNumber, manufacturer: device.manufacturer, model: device.model });
      const result = await h.engine.register([
        { serial: hash.serial, hardwareHash: hash.hardwareHash, groupTag: 'OD-RETAIL' },
      ]);
      expect(result.devices[0]).toMatchObject({ stage: 'timed-out', problem: { code: 'out-of-sync' } });
      expect(result.devices[0]?.problem?.nextStep).toMatch(/Sync/);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('accepts assignedUnkownSyncState with a note, and ends "failed" as terminal with its detail', async () => {
    const h = await startHarness();
    try {
      const c = h.sandbox.control;
      const unknown = c.addRegisteredDevice({ groupTag: 'OD-RETAIL', profileStatus: 'assignedUnkownSyncState' });
      const failed = c.addRegisteredDevice({ groupTag: 'OD-RETAIL', profileStatus: 'failed' });
      const inputs = [unknown, failed].map((d) => {
        const hash = c.makeHash({ serial: d.serialNumber, manufacturer: d.manufacturer, model: d.model });
        return { serial: hash.serial, hardwareHash: hash.hardwareHash, groupTag: 'OD-RETAIL' };
      });
      const result = await h.engine.register(inputs);
      const byId = (serial: string) => result.devices.find((d) => d.serial === serial);
      expect(byId(unknown.serialNumber)?.stage).toBe('ready');
      expect(byId(unknown.serialNumber)?.warnings.join(' ')).toMatch(/sync state .* unknown/);
      expect(byId(failed.serialNumber)).toMatchObject({ stage: 'failed', problem: { code: 'assignment-failed' } });
    } finally {
      await h.close();
    }
  });
});

describe('replacement and existing records (field notes B6, B7, B10)', () => {
  it('replaces a record while its deletion is slow: 806 means "wait", and one record with the new hash remains', async () => {
    const h = await startHarness({
      sandbox: { latencies: { deleteListed: 10, deleteGone: 3 * 60_000 } },
      poll: { import: 15_000, identity: 30_000, group: 30_000, profile: 30_000 },
    });
    const notes: string[] = [];
    h.engine.onStage((event) => event.device.note && notes.push(event.device.note), { notes: true });
    try {
      const c = h.sandbox.control;
      const old = c.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
      const fresh = c.makeHash({ serial: old.serialNumber, manufacturer: old.manufacturer, model: old.model });
      const result = await h.engine.register(
        [{ serial: fresh.serial, hardwareHash: fresh.hardwareHash, groupTag: 'OD-RETAIL' }],
        { replaceExisting: true },
      );
      expect(result.devices[0]?.stage).toBe('ready');
      const now = liveDevices(h, old.serialNumber);
      expect(now).toHaveLength(1);
      expect(now[0]?.id).not.toBe(old.id);
      expect(count(h, `DELETE ${IDENTITIES}/{id}`)).toBe(1);
      // At least one upload met 806 while the deletion was pending, and was sent again later.
      expect(count(h, `POST ${IMPORTED}`)).toBeGreaterThanOrEqual(2);
      expect(notes.some((note) => note.includes('still being deleted'))).toBe(true);
      expect(result.devices[0]?.warnings.join(' ')).not.toMatch(/existing Autopilot record of this serial was kept/);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('keeps the name and user it did not change, and waits for the new tag to read back', async () => {
    const h = await startHarness({
      sandbox: { latencies: { propertyLag: 4 * 60_000 } },
      poll: { import: 15_000, identity: 30_000, group: 30_000, profile: 30_000 },
    });
    try {
      const c = h.sandbox.control;
      const old = c.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
      // Give the record a name and a user as another tool would have.
      const api = h.connection.api;
      await api.updateDeviceProperties(old.id, {
        groupTag: 'OD-RETAIL',
        userPrincipalName: 'ana@contoso.com',
        addressableUserName: 'Ana',
        displayName: 'KIOSK-7',
      });
      await h.clock.sleep(4 * 60_000);
      const hash = c.makeHash({ serial: old.serialNumber, manufacturer: old.manufacturer, model: old.model });
      const started = h.clock.now();
      const result = await h.engine.register([
        { serial: hash.serial, hardwareHash: hash.hardwareHash, groupTag: 'OD-FINANCE' },
      ]);
      expect(result.devices[0]?.stage).toBe('ready');
      expect(stageTimes(h, hash.serial).imported! - started).toBeGreaterThanOrEqual(4 * 60_000);
      const record = await api.identity(old.id);
      expect(record).toMatchObject({
        groupTag: 'OD-FINANCE',
        displayName: 'KIOSK-7',
        userPrincipalName: 'ana@contoso.com',
      });
      expect(uploads(h)).toBe(0);
      expect(result.devices[0]?.warnings.join(' ')).toMatch(/existing Autopilot record of this serial was kept/);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('says plainly that an existing record needs its hash replaced after a hardware change', async () => {
    const h = await startHarness();
    try {
      const c = h.sandbox.control;
      const old = c.addRegisteredDevice({ groupTag: 'OD-RETAIL', remediationState: 'manualRemediationRequired' });
      const hash = c.makeHash({ serial: old.serialNumber, manufacturer: old.manufacturer, model: old.model });
      const result = await h.engine.register([
        { serial: hash.serial, hardwareHash: hash.hardwareHash, groupTag: 'OD-RETAIL' },
      ]);
      expect(result.devices[0]).toMatchObject({ stage: 'failed', problem: { code: 'hardware-changed' } });
      expect(result.devices[0]?.problem?.reason).toMatch(/Attention required/);
      expect(result.devices[0]?.problem?.nextStep).toMatch(/replace-existing/);
      const replaced = await h
        .reopen()
        .register([{ serial: hash.serial, hardwareHash: hash.hardwareHash, groupTag: 'OD-RETAIL' }], {
          replaceExisting: true,
        });
      expect(replaced.devices[0]?.stage).toBe('ready');
    } finally {
      await h.close();
    }
  }, 60_000);
});

describe('uploads (field notes B8, B14)', () => {
  it('settles an upload in doubt by serial and hash, although importId does not read back', async () => {
    const h = await startHarness();
    try {
      const c = h.sandbox.control;
      const device = c.makeHash();
      // A POST that reached the service and whose answer was lost: the record exists, the journal only knows it
      // meant to upload (the intent is written before the request).
      await h.connection.api.importOne(
        {
          serialNumber: device.serial,
          hardwareIdentifier: device.hardwareHash,
          groupTag: 'OD-RETAIL',
          productKey: '',
          assignedUserPrincipalName: '',
        },
        'batch-7',
      );
      const at = new Date(h.clock.now()).toISOString();
      h.journal.put({
        ...newJournalDevice({ serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-RETAIL' }, at),
        target: 'ready',
        stageStartedAt: at,
        timeouts: { imported: 15 * 60_000, 'in-group': 30 * 60_000, 'profile-assigned': 60 * 60_000 },
        lookedUpAt: at,
        importBatchId: 'batch-7',
        importIntentAt: at,
        importCount: 1,
      });
      h.journal.commit();
      // The tenant does not read importId back: matching must use serial and hash.
      expect((await h.connection.api.listImported())[0]?.importId).toBe('');
      const posts = count(h, `POST ${IMPORTED}`);
      const result = await h.reopen().resume();
      expect(result.devices[0]?.stage).toBe('ready');
      expect(count(h, `POST ${IMPORTED}`)).toBe(posts);
      expect(liveDevices(h, device.serial)).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('refuses a hash that is not 4,000 characters before upload, unless allowed; Intune answers HashNot4k', async () => {
    const h = await startHarness();
    try {
      const device = h.sandbox.control.makeHash();
      const cut = device.hardwareHash.slice(0, 1200);
      const refused = await h.engine.register([{ serial: device.serial, hardwareHash: cut, groupTag: 'OD-RETAIL' }]);
      expect(refused.devices[0]).toMatchObject({ stage: 'failed', problem: { code: 'HashNot4k' } });
      expect(refused.devices[0]?.problem?.reason).toMatch(/1200 characters, not 4000/);
      expect(count(h, `POST ${IMPORTED}`)).toBe(0);
      const forced = await h
        .reopen()
        .register([{ serial: device.serial, hardwareHash: cut, groupTag: 'OD-RETAIL' }], { allowOddHashSize: true });
      expect(count(h, `POST ${IMPORTED}`)).toBe(1);
      expect(forced.devices[0]).toMatchObject({ stage: 'failed' });
      expect(forced.devices[0]?.problem).toMatchObject({ graphError: 'HashNot4k' });
      expect(forced.devices[0]?.problem?.reason).toMatch(/not a complete 4K hardware hash/);
    } finally {
      await h.close();
    }
  });
});
