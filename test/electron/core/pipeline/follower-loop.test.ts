import { describe, expect, it } from 'vitest';
import type { JournalDevice } from '../../../../electron/core/store/types';
import { identity, importRecord } from './fake-autopilot';
import { followerOn, groupWithoutProfile, MINUTE } from './follower-service';

const SECOND = 1_000;

/** Seconds from the start of the run at which `name` was called. */
function secondsOf(run: ReturnType<typeof followerOn>, name: string): number[] {
  return run.callsOf(name).map((minute) => Math.round(minute * 60 * 1000) / 1000);
}

/** A device already registered and listed, waiting for its dynamic group (it never joins it here). */
function waitingInGroup(run: ReturnType<typeof followerOn>, serial: string): JournalDevice {
  const at = new Date(run.clock.now()).toISOString();
  run.tenant.identities.push(identity({ id: `ap-${serial}`, serialNumber: serial, azureAdDeviceId: `e-${serial}` }));
  return run.device({
    serial,
    stage: 'imported',
    stageTimes: { collected: at, imported: at },
    autopilotDeviceId: `ap-${serial}`,
    entraDeviceId: `e-${serial}`,
    target: 'in-group',
  });
}

describe('Follower: each kind of read at its own interval', () => {
  it('reads an import record every 15 s and a group every minute, to the millisecond, whatever else waits', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: MINUTE });
    waitingInGroup(run, 'SER2');
    run.device({ target: 'imported' });
    await run.follower.run();
    // The upload at 0 s, its record complete at 60 s: read at every 15 s, not on the group's minute.
    expect(secondsOf(run, 'importOne')).toEqual([0]);
    expect(secondsOf(run, 'importedByIds')).toEqual([15, 30, 45, 60]);
    // The record of a finished import is deleted by the cleaner within its 15 s idle time.
    expect(secondsOf(run, 'deleteImported')).toEqual([75]);
    // The group of the other device: once a minute, never on the import record's ticks.
    const groupReads = secondsOf(run, 'groupDeviceIds');
    expect(groupReads.slice(0, 4)).toEqual([0, 60, 120, 180]);
    for (let i = 1; i < groupReads.length; i++) expect((groupReads[i] ?? 0) - (groupReads[i - 1] ?? 0)).toBe(60);
    // A device in its group phase with a known Entra id is not read again: its membership is what is looked up.
    expect(run.tenant.calls.filter((call) => call.startsWith('identitiesBySerial') && call.includes('SER2'))).toEqual(
      [],
    );
    expect(run.journal.get('SER1')?.stage).toBe('imported');
    expect(run.journal.get('SER2')).toMatchObject({ stage: 'timed-out', problem: { stage: 'in-group' } });
  });

  it('uploads a device told to wait at the very moment its wait ends', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: MINUTE });
    const start = run.clock.now();
    run.device({
      target: 'imported',
      lookedUpAt: new Date(start).toISOString(),
      uploadAfter: new Date(start + 7 * MINUTE + 7 * SECOND).toISOString(),
    });
    await run.follower.run();
    expect(secondsOf(run, 'importOne')).toEqual([427]);
    expect(run.journal.get('SER1')?.stage).toBe('imported');
  });

  it('settles an upload in doubt after its 30 s grace, not before and not a poll later', async () => {
    const run = followerOn({});
    const start = run.clock.now();
    run.device({ target: 'imported', importIntentAt: new Date(start).toISOString() });
    await run.follower.run();
    expect(secondsOf(run, 'importedBySerial')[0]).toBe(30);
  });

  it('looks for a replaced record every 30 s until it is gone, and uploads then', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: MINUTE });
    run.tenant.identities = [identity({ id: 'ap-old', serialNumber: 'SER1', azureAdDeviceId: 'e-old' })];
    const start = run.clock.now();
    run.tenant.onCall = ((inner) => (name: string) => {
      if (run.clock.now() - start >= 2 * MINUTE)
        run.tenant.identities = run.tenant.identities.filter((item) => item.id !== 'ap-old');
      inner(name);
    })(run.tenant.onCall);
    waitingInGroup(run, 'SER2');
    run.device({ target: 'imported', replaceExisting: true, replacedRecordId: 'ap-old' });
    await run.follower.run();
    const polls = secondsOf(run, 'identitiesBySerial').filter((s) => s <= 120);
    expect(polls).toEqual([0, 30, 60, 90, 120]);
    expect(secondsOf(run, 'importOne')).toEqual([120]);
  });

  it('reads a registered record again at a fifth of its wait, timed from when it was imported, however busy the loop', async () => {
    const run = followerOn({ importMs: 20 * MINUTE, listedMs: 20 * MINUTE });
    const start = run.clock.now();
    // SER2: imported at the start and waiting to be listed (it never is), its stage begun 5 min before;
    // SER1 keeps the loop ticking every 15 s with its import reads.
    run.device({
      serial: 'SER2',
      importStatus: 'complete',
      importRecordId: 'imp-x',
      importRecordDeleted: true,
      stageStartedAt: new Date(start - 5 * MINUTE).toISOString(),
      awaitingIdentitySince: new Date(start).toISOString(),
      target: 'imported',
    });
    run.device({ target: 'imported' });
    await run.follower.run();
    const reads = run.timeline
      .filter(([name], i) => name === 'identitiesBySerial' && (run.tenant.calls[i] ?? '').includes('SER2'))
      .map(([, minute]) => minute * MINUTE);
    expect(reads.slice(0, 6)).toEqual([0, 30, 60, 90, 120, 150].map((s) => s * SECOND));
    // After that, each read comes a fifth of the time waited so far after the one before (at least 30 s, at most 5 min).
    for (let i = 6; i < reads.length - 1; i++) {
      const at = reads[i] ?? 0;
      const gap = at - (reads[i - 1] ?? 0);
      expect(Math.abs(gap - Math.max(30 * SECOND, Math.min(5 * MINUTE, at / 5))), `read ${i} at ${at} ms`).toBeLessThan(
        5,
      );
    }
    // The last read falls on the stage's limit (15 min from its start), where it times out.
    expect(reads.at(-1)).toBe(10 * MINUTE);
    expect(reads.length).toBeGreaterThanOrEqual(12);
    expect(run.journal.get('SER2')).toMatchObject({ stage: 'timed-out', problem: { stage: 'imported' } });
  });
});

describe('Follower: runs picked up where they stopped', () => {
  it('reads a resumed upload on its first tick and takes the registered id from the record', async () => {
    const run = followerOn({});
    run.tenant.imports = [
      importRecord({
        id: 'imp-9',
        state: { deviceImportStatus: 'complete', deviceRegistrationId: 'ap-from-record' },
      }),
    ];
    run.device({
      target: 'imported',
      importRecordId: 'imp-9',
      importStatus: 'pending',
      importIntentAt: new Date(run.clock.now()).toISOString(),
    });
    await run.follower.run();
    expect(secondsOf(run, 'importedByIds')[0]).toBe(0);
    // Never listed: it times out at "imported", keeping the id the import record gave.
    expect(run.journal.get('SER1')).toMatchObject({ stage: 'timed-out', autopilotDeviceId: 'ap-from-record' });
  });

  it('keeps the id it knew when the completed record gives none', async () => {
    const run = followerOn({});
    run.tenant.imports = [
      importRecord({ id: 'imp-9', state: { deviceImportStatus: 'complete', deviceRegistrationId: '' } }),
    ];
    run.device({
      target: 'imported',
      importRecordId: 'imp-9',
      importStatus: 'pending',
      autopilotDeviceId: 'ap-known',
    });
    await run.follower.run();
    expect(run.journal.get('SER1')).toMatchObject({ stage: 'timed-out', autopilotDeviceId: 'ap-known' });
  });

  it('fails a record Intune reports partial, and treats the 806 name in any case as "already registered"', async () => {
    const run = followerOn({});
    run.tenant.imports = [
      importRecord({
        id: 'imp-1',
        serialNumber: 'SER1',
        state: { deviceImportStatus: 'Partial', deviceErrorCode: 810, deviceErrorName: 'ZtdDeviceOther' },
      }),
      importRecord({
        id: 'imp-2',
        serialNumber: 'SER2',
        state: { deviceImportStatus: 'error', deviceErrorCode: 0, deviceErrorName: 'ZTDDEVICEALREADYASSIGNED' },
      }),
    ];
    run.tenant.identities = [identity({ id: 'ap-SER2', serialNumber: 'SER2', azureAdDeviceId: 'e-SER2' })];
    run.device({ target: 'imported', importRecordId: 'imp-1', importStatus: 'pending' });
    run.device({ serial: 'SER2', target: 'imported', importRecordId: 'imp-2', importStatus: 'pending' });
    await run.follower.run();
    expect(run.journal.get('SER1')).toMatchObject({ stage: 'failed', importStatus: 'error', problem: { code: '810' } });
    expect(run.tenant.calls).toContain('deleteImported imp-2');
    expect(run.journal.get('SER2')).toMatchObject({ stage: 'imported', autopilotDeviceId: 'ap-SER2' });
    expect(run.tenant.count('importOne')).toBe(0);
  });
});

describe('Follower: which listed record is the device', () => {
  it.each([
    ['takes the record it already knows when the serial is listed twice', { autopilotDeviceId: 'ap-b' }, 'b'],
    ['never takes the record it replaced, even while it is still listed first', { replacedRecordId: 'ap-a' }, 'b'],
  ] as const)('%s', async (_name, known, taken) => {
    const run = followerOn({});
    run.tenant.identities = [
      identity({ id: 'ap-a', serialNumber: 'SER1', azureAdDeviceId: 'e-a' }),
      identity({ id: 'ap-b', serialNumber: 'SER1', azureAdDeviceId: 'e-b' }),
    ];
    run.device({ target: 'imported', importStatus: 'complete', ...known });
    await run.follower.run();
    expect(run.journal.get('SER1')).toMatchObject({
      stage: 'imported',
      autopilotDeviceId: `ap-${taken}`,
      entraDeviceId: `e-${taken}`,
    });
  });

  it('takes the listed id when the import gave none, and an Entra id only when there is a real one', async () => {
    const run = followerOn({});
    run.tenant.identities = [
      identity({ id: 'ap-1', serialNumber: 'SER1', azureAdDeviceId: '00000000-0001-4000-8000-000000000001' }),
      identity({ id: 'ap-2', serialNumber: 'SER2' }),
    ];
    run.device({ target: 'imported', importStatus: 'complete' });
    run.device({ serial: 'SER2', target: 'imported', importStatus: 'complete' });
    await run.follower.run();
    expect(run.journal.get('SER1')).toMatchObject({
      stage: 'imported',
      autopilotDeviceId: 'ap-1',
      entraDeviceId: '00000000-0001-4000-8000-000000000001',
    });
    expect(run.journal.get('SER2')).toMatchObject({
      stage: 'imported',
      autopilotDeviceId: 'ap-2',
      entraDeviceId: null,
    });
  });

  it('compares the tag as the rules do, and waits while the record shows another', async () => {
    const run = followerOn({});
    const start = run.clock.now();
    run.tenant.identities = [
      identity({ id: 'ap-1', serialNumber: 'SER1', groupTag: 'OD-RETAIL' }),
      identity({ id: 'ap-2', serialNumber: 'SER2', groupTag: 'OLD' }),
    ];
    run.tenant.onCall = ((inner) => (name: string) => {
      inner(name);
      if (run.clock.now() - start >= 3 * MINUTE)
        run.tenant.identities = run.tenant.identities.map((item) =>
          item.id === 'ap-2' ? { ...item, groupTag: 'OD-RETAIL' } : item,
        );
    })(run.tenant.onCall);
    run.device({ target: 'imported', importStatus: 'complete', groupTag: ' od-retail' });
    run.device({ serial: 'SER2', target: 'imported', importStatus: 'complete' });
    await run.follower.run();
    expect(run.minuteOf('imported', 'SER1')).toBe(0);
    expect(run.minuteOf('imported', 'SER2')).toBeGreaterThanOrEqual(3);
    expect(run.minuteOf('imported', 'SER2')).toBeLessThanOrEqual(3.5);
  });

  it('takes a fresh import with a user as imported once listed, whatever the user reads', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: 2 * MINUTE });
    run.device({ target: 'imported', assignedUser: 'u@contoso.com' });
    await run.follower.run();
    expect(run.journal.get('SER1')?.stage).toBe('imported');
    expect(run.minuteOf('imported')).toBeLessThanOrEqual(2.5);
  });

  it('names a device once it is listed, and calls it imported when the name reads back', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: 2 * MINUTE });
    run.tenant.onCall = ((inner) => (name: string) => {
      inner(name);
      const named = run.tenant.calls.some((call) => call.startsWith('updateDeviceProperties'));
      if (named) run.tenant.identities = run.tenant.identities.map((item) => ({ ...item, displayName: 'KIOSK-01' }));
    })(run.tenant.onCall);
    run.device({ target: 'imported', deviceName: 'KIOSK-01' });
    await run.follower.run();
    const updates = run.tenant.calls.filter((call) => call.startsWith('updateDeviceProperties'));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toContain('"displayName":"KIOSK-01"');
    // Sent once the device was listed (at 2 min), and imported when the name read back.
    expect(run.callsOf('updateDeviceProperties')).toEqual([2]);
    expect(run.journal.get('SER1')?.stage).toBe('imported');
  });
});

describe('Follower: the profile stage', () => {
  it('judges a device as soon as it joins its group, on the record already read', async () => {
    const run = followerOn({
      importMs: MINUTE,
      listedMs: 2 * MINUTE,
      assignedMs: 2 * MINUTE,
      inSyncMs: 2 * MINUTE,
      memberMs: 9 * MINUTE,
    });
    run.device();
    await run.follower.run();
    expect(run.journal.get('SER1')?.stage).toBe('ready');
    expect(run.minuteOf('ready')).toBe(run.minuteOf('in-group'));
  });

  it('gives a tag without a profile three profile polls before "not assigned"', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: 2 * MINUTE, memberMs: 3 * MINUTE });
    groupWithoutProfile(run.tenant, 'OD-NONE');
    run.device({ groupTag: 'OD-NONE' });
    await run.follower.run();
    const device = run.journal.get('SER1');
    expect(device).toMatchObject({ stage: 'failed', problem: { code: 'not-assigned' } });
    const waited = (Date.parse(device?.updatedAt ?? '') - Date.parse(device?.stageTimes['in-group'] ?? '')) / MINUTE;
    expect(waited).toBeGreaterThanOrEqual(3);
    expect(waited).toBeLessThanOrEqual(5);
  });

  it('reads the intended profile of a device pending for five profile polls, not sooner', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: 2 * MINUTE, memberMs: 3 * MINUTE });
    run.tenant.onCall = ((inner) => (name: string) => {
      inner(name);
      run.tenant.identities = run.tenant.identities.map((item) => ({
        ...item,
        deploymentProfileAssignmentStatus: 'pending',
      }));
    })(run.tenant.onCall);
    run.device();
    await run.follower.run();
    const inGroup = run.minuteOf('in-group');
    const expanded = run.callsOf('identity');
    expect(expanded.length).toBeGreaterThan(0);
    expect((expanded[0] ?? 0) - inGroup).toBeGreaterThanOrEqual(5);
    expect((expanded[0] ?? 0) - inGroup).toBeLessThanOrEqual(7);
  });

  it('asks for a sync only on a tick that read the record, while other devices keep the loop going', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: 2 * MINUTE, memberMs: 3 * MINUTE, assignedMs: 4 * MINUTE });
    waitingInGroup(run, 'SER2');
    run.device();
    await run.follower.run();
    const reads = new Set(
      run.timeline
        .filter(([name], i) => name === 'identitiesBySerial' && (run.tenant.calls[i] ?? '').includes('SER1'))
        .map(([, minute]) => minute),
    );
    const syncs = run.callsOf('trySync');
    expect(syncs.length).toBeGreaterThan(0);
    for (const sync of syncs) expect(reads.has(sync), `sync at minute ${sync}`).toBe(true);
  });
});

describe('Follower: tags without a profile', () => {
  it('warns once per tag however many uploads carry it, and never for a tag that has a profile', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: 2 * MINUTE });
    groupWithoutProfile(run.tenant, 'OD-NONE');
    run.device({ groupTag: 'OD-NONE', target: 'imported' });
    run.device({ serial: 'SER3', target: 'imported' });
    let added = false;
    run.tenant.onCall = ((inner) => (name: string) => {
      inner(name);
      if (!added && name === 'importedByIds') {
        added = true;
        run.device({ serial: 'SER2', groupTag: 'OD-NONE', target: 'imported' });
      }
    })(run.tenant.onCall);
    await run.follower.run();
    expect(run.tenant.count('importOne') + run.tenant.count('importDevices')).toBeGreaterThanOrEqual(2);
    expect(run.tenant.calls.filter((call) => call.startsWith('import') && call.includes('SER2'))).toHaveLength(1);
    expect(run.logger.lines.filter((line) => line.includes('leads to no deployment profile'))).toEqual([
      'warn tag "OD-NONE" leads to no deployment profile: its devices will end "not assigned" {"tag":"OD-NONE"}',
    ]);
  });
});

describe('Follower: the run', () => {
  it('takes devices while it runs, at once: a pause ends when one is added', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: MINUTE });
    run.device({ target: 'imported' });
    const done = run.follower.run();
    await run.clock.sleep(20 * SECOND);
    expect(run.follower.add([])).toBe(true);
    run.device({ serial: 'SER2', target: 'imported' });
    await done;
    // SER2 was added at 20 s, in the middle of a 15 s pause: looked up and uploaded at 20 s, not at 30 s.
    expect(run.tenant.calls.filter((call) => call.startsWith('importOne'))).toEqual([
      'importOne SER1',
      'importOne SER2',
    ]);
    expect(secondsOf(run, 'importOne')).toEqual([0, 20]);
    expect(run.journal.get('SER2')?.stage).toBe('imported');
  });

  it('leaves out devices it has nothing to do for, and keys it does not know', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: MINUTE });
    run.device({ serial: 'SER2', target: null });
    run.follower.add(['NOT-IN-JOURNAL']);
    run.device({ target: 'imported' });
    await run.follower.run();
    expect(run.journal.get('SER1')?.stage).toBe('imported');
    expect(run.tenant.calls.some((call) => call.includes('SER2'))).toBe(false);
    expect(run.journal.get('SER2')).toMatchObject({ stage: 'collected', target: null });
  });

  it('ends with "follow loop failed" when something that is not an Error is thrown', async () => {
    const run = followerOn({});
    run.tenant.fail.set('identitiesBySerial', 'not an error' as unknown as Error);
    run.device();
    await expect(run.follower.run()).rejects.toThrow('follow loop failed');
  });

  it("keeps what it learnt of the tenant's lists in the journal", async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: MINUTE });
    for (let i = 0; i < 30; i++) run.device({ serial: `S${String(i).padStart(3, '0')}`, target: 'imported' });
    await run.follower.run();
    expect(run.journal.metadata().listPages).toMatchObject({ identities: 1 });
  });

  it('deletes finished import records only when no upload is waiting, within 15 s of it', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: MINUTE });
    // SER1: its import finished before the run (record still there); SER2: looked up, waiting to upload.
    run.tenant.imports = [
      importRecord({ id: 'imp-done', state: { deviceImportStatus: 'complete', deviceRegistrationId: 'ap-SER1' } }),
    ];
    run.tenant.identities = [identity({ id: 'ap-SER1', serialNumber: 'SER1' })];
    run.device({ target: 'imported', importRecordId: 'imp-done', importStatus: 'complete' });
    run.device({ serial: 'SER2', target: 'imported', lookedUpAt: new Date(run.clock.now()).toISOString() });
    await run.follower.run();
    const calls = run.tenant.calls;
    expect(calls).toContain('importOne SER2');
    expect(calls.indexOf('deleteImported imp-done')).toBeGreaterThan(calls.indexOf('importOne SER2'));
    expect(secondsOf(run, 'deleteImported')[0]).toBe(15);
  });
});
