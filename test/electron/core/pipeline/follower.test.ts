import { describe, expect, it } from 'vitest';
import { followerOn, MINUTE } from './follower-service';

describe('Follower: one device from upload to ready (in-memory tenant, virtual clock)', () => {
  it('goes through every stage, each seen within a poll of the service, uploaded once', async () => {
    const run = followerOn({
      importMs: MINUTE,
      listedMs: 2 * MINUTE,
      memberMs: 4 * MINUTE,
      assignedMs: 6 * MINUTE,
      inSyncMs: 6 * MINUTE,
    });
    run.device();
    await run.follower.run();
    const device = run.journal.get('SER1');
    expect(device).toMatchObject({
      stage: 'ready',
      autopilotDeviceId: 'ap-SER1',
      entraDeviceId: 'e-SER1',
      problem: null,
    });
    expect(run.tenant.count('importOne')).toBe(1);
    expect(run.minuteOf('imported')).toBeGreaterThanOrEqual(2);
    expect(run.minuteOf('imported')).toBeLessThanOrEqual(2.5);
    expect(run.minuteOf('in-group')).toBeGreaterThanOrEqual(4);
    expect(run.minuteOf('in-group')).toBeLessThanOrEqual(5);
    expect(run.minuteOf('ready')).toBeGreaterThanOrEqual(6);
    expect(run.minuteOf('ready')).toBeLessThanOrEqual(7);
    expect(run.callsOf('trySync')).toEqual([]);
    // Import records are read every 15 s until complete, then the finished record is deleted.
    const reads = run.callsOf('importedByIds');
    expect(reads.length).toBeGreaterThanOrEqual(4);
    expect(reads.length).toBeLessThanOrEqual(6);
    expect(run.tenant.calls).toContain('deleteImported imp-1');
    expect(run.journal.get('SER1')?.importRecordDeleted).toBe(true);
  });

  it('stops at the stage the run waits for', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: 2 * MINUTE });
    run.device({ target: 'imported' });
    await run.follower.run();
    expect(run.journal.get('SER1')?.stage).toBe('imported');
    expect(run.tenant.count('groupDeviceIds') + run.tenant.count('deviceGroups')).toBe(0);
  });

  it('takes no more devices once the run has ended', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: 2 * MINUTE });
    run.device({ target: 'imported' });
    await run.follower.run();
    expect(run.follower.add(['SER2'])).toBe(false);
  });

  it('goes straight to the profile when group membership cannot be observed', async () => {
    const run = followerOn(
      { importMs: MINUTE, listedMs: 2 * MINUTE, assignedMs: 3 * MINUTE, inSyncMs: 3 * MINUTE },
      { caps: { deviceRead: false } },
    );
    run.device();
    await run.follower.run();
    expect(run.journal.get('SER1')).toMatchObject({ stage: 'ready', notObservable: ['in-group'] });
  });
});

describe('Follower: a profile assigned but out of sync', () => {
  it('is not ready while out of sync; one sync is asked for after the grace, and the device is read soon after', async () => {
    const run = followerOn({
      importMs: MINUTE,
      listedMs: 2 * MINUTE,
      memberMs: 3 * MINUTE,
      assignedMs: 4 * MINUTE,
      inSyncAfterSyncMs: MINUTE,
    });
    run.device();
    await run.follower.run();
    const syncs = run.callsOf('trySync');
    expect(syncs).toHaveLength(1);
    // Out of sync first seen at ~4-5 min; the sync comes 5 min (syncAfterMs) later.
    expect(syncs[0]).toBeGreaterThanOrEqual(9);
    expect(syncs[0]).toBeLessThanOrEqual(11);
    expect(run.journal.get('SER1')).toMatchObject({ stage: 'ready', outOfSyncSince: null });
    expect(run.minuteOf('ready') - (syncs[0] ?? 0)).toBeLessThanOrEqual(1.6);
  });

  it('never syncs more than once in 10 minutes while it stays out of sync', async () => {
    const run = followerOn({
      importMs: MINUTE,
      listedMs: 2 * MINUTE,
      memberMs: 3 * MINUTE,
      assignedMs: 4 * MINUTE,
      inSyncMs: 40 * MINUTE,
    });
    run.device();
    await run.follower.run();
    const syncs = run.callsOf('trySync');
    expect(syncs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < syncs.length; i += 1) expect((syncs[i] ?? 0) - (syncs[i - 1] ?? 0)).toBeGreaterThanOrEqual(10);
    expect(run.journal.get('SER1')?.stage).toBe('ready');
  });

  it('times out at "profile assigned" saying it was out of sync', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: 2 * MINUTE, memberMs: 3 * MINUTE, assignedMs: 4 * MINUTE });
    run.device();
    await run.follower.run();
    const device = run.journal.get('SER1');
    expect(device).toMatchObject({
      stage: 'timed-out',
      target: null,
      problem: { code: 'out-of-sync', stage: 'profile-assigned' },
    });
    expect(device?.problem?.reason).toMatch(/not in sync with the Autopilot service after 60 min/);
    // The profile stage (60 min) started when the device joined its group (at 3-4 min).
    const ended = (Date.parse(device?.updatedAt ?? '') - Date.parse(device?.stageTimes['in-group'] ?? '')) / MINUTE;
    expect(ended).toBeGreaterThanOrEqual(60);
    expect(ended).toBeLessThan(61);
  });
});

describe('Follower: import outcomes', () => {
  it('times out at "imported" after the documented 15 minutes when the import never completes', async () => {
    const run = followerOn({});
    run.device();
    await run.follower.run();
    const device = run.journal.get('SER1');
    expect(device).toMatchObject({ stage: 'timed-out', problem: { stage: 'imported' } });
    expect(device?.problem?.reason).toMatch(/after 15 min\b/);
  });

  it('fails with the reason Intune gave for an import error', async () => {
    const run = followerOn({ importMs: MINUTE, importError: { code: 808, name: 'ZtdDeviceAssignedToOtherTenant' } });
    run.device();
    await run.follower.run();
    expect(run.journal.get('SER1')).toMatchObject({
      stage: 'failed',
      importStatus: 'error',
      problem: { code: '808', stage: 'imported' },
    });
  });

  it('on 806 deletes the record and follows the device already registered, with no second upload', async () => {
    const run = followerOn({
      importMs: MINUTE,
      importError: { code: 806, name: 'ZtdDeviceAlreadyAssigned' },
      listedMs: MINUTE,
      memberMs: MINUTE,
    });
    run.device({ target: 'in-group' });
    await run.follower.run();
    expect(run.tenant.calls).toContain('deleteImported imp-1');
    expect(run.tenant.count('importOne')).toBe(1);
    expect(run.journal.get('SER1')).toMatchObject({ stage: 'in-group', autopilotDeviceId: 'ap-SER1' });
  });

  it('on 806 with no record listed waits a minute and uploads again', async () => {
    const run = followerOn({ importMs: MINUTE, importError: { code: 806, name: '' } });
    run.device({ target: 'imported' });
    await run.follower.run();
    const uploads = run.callsOf('importOne');
    expect(uploads.length).toBeGreaterThanOrEqual(2);
    expect((uploads[1] ?? 0) - (uploads[0] ?? 0)).toBeGreaterThanOrEqual(2);
    expect(run.journal.get('SER1')?.stage).toBe('timed-out');
  });

  it('settles a device whose import record vanished before it was seen complete', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: MINUTE });
    run.tenant.onCall = ((inner) => (name: string) => {
      inner(name);
      if (name === 'importedByIds' && run.tenant.identities.length > 0) run.tenant.imports = [];
    })(run.tenant.onCall);
    run.device({ target: 'imported' });
    await run.follower.run();
    expect(run.journal.get('SER1')).toMatchObject({ stage: 'imported', autopilotDeviceId: 'ap-SER1' });
    expect(run.tenant.count('importOne')).toBe(1);
    expect(run.tenant.count('importedBySerial')).toBeGreaterThanOrEqual(1);
  });
});
