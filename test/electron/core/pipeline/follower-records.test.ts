import { describe, expect, it } from 'vitest';
import { identity } from './fake-autopilot';
import { followerOn, groupWithoutProfile, MINUTE } from './follower-service';

describe('Follower: the registered record', () => {
  it('replaces a record: deregisters it, waits until it is gone, imports the new hash and follows the new record', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: 2 * MINUTE });
    run.tenant.identities = [identity({ id: 'ap-old', serialNumber: 'SER1', azureAdDeviceId: 'e-old' })];
    let deletedAt = Infinity;
    run.tenant.onCall = ((inner) => (name: string) => {
      if (name === 'deleteIdentity') deletedAt = run.clock.now();
      // The old record stays listed for 3 minutes after its deletion.
      if (run.clock.now() - deletedAt >= 3 * MINUTE)
        run.tenant.identities = run.tenant.identities.filter((item) => item.id !== 'ap-old');
      inner(name);
    })(run.tenant.onCall);
    run.device({ target: 'imported', replaceExisting: true });
    await run.follower.run();
    expect(run.callsOf('deleteIdentity')).toHaveLength(1);
    const [upload] = run.callsOf('importOne');
    expect(upload).toBeGreaterThanOrEqual(3);
    expect(run.journal.get('SER1')).toMatchObject({
      stage: 'imported',
      autopilotDeviceId: 'ap-SER1',
      entraDeviceId: 'e-SER1',
      replacedRecordId: 'ap-old',
    });
  });

  it('waits for a changed tag and user to read back before "imported"', async () => {
    const run = followerOn({});
    const old = identity({ id: 'ap-1', groupTag: 'OLD', userPrincipalName: 'a@contoso.com', azureAdDeviceId: 'e-1' });
    run.tenant.identities = [old];
    const start = run.clock.now();
    run.tenant.onCall = ((inner) => (name: string) => {
      inner(name);
      const after = run.clock.now() - start;
      run.tenant.identities = [
        {
          ...old,
          groupTag: after >= 3 * MINUTE ? 'od-retail ' : 'OLD',
          userPrincipalName: after >= 6 * MINUTE ? 'B@contoso.com' : 'a@contoso.com',
        },
      ];
    })(run.tenant.onCall);
    run.device({ target: 'imported', assignedUser: 'b@contoso.com' });
    await run.follower.run();
    expect(run.callsOf('updateDeviceProperties')).toHaveLength(1);
    expect(run.minuteOf('imported')).toBeGreaterThanOrEqual(6);
    expect(run.minuteOf('imported')).toBeLessThanOrEqual(8);
    expect(run.tenant.count('importOne')).toBe(0);
  });

  it('takes no empty Entra id, and notes a hardware change Intune reports, once', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: MINUTE, memberMs: MINUTE });
    const start = run.clock.now();
    run.tenant.onCall = ((inner) => (name: string) => {
      inner(name);
      const late = run.clock.now() - start >= 5 * MINUTE;
      run.tenant.identities = run.tenant.identities.map((item) => ({
        ...item,
        azureAdDeviceId: late ? 'e-SER1' : '00000000-0000-0000-0000-000000000000',
        remediationState: 'automaticRemediationRequired',
      }));
    })(run.tenant.onCall);
    run.device({ target: 'in-group' });
    await run.follower.run();
    const device = run.journal.get('SER1');
    expect(device).toMatchObject({ stage: 'in-group', entraDeviceId: 'e-SER1' });
    expect(run.minuteOf('in-group')).toBeGreaterThanOrEqual(5);
    expect(device?.warnings.filter((warning) => warning.startsWith('Intune reports a hardware change'))).toHaveLength(
      1,
    );
  });
});

describe('Follower: a tag that leads to no profile', () => {
  it('is said once per tag before the upload, and its devices end "not assigned"', async () => {
    const run = followerOn({ importMs: MINUTE, listedMs: 2 * MINUTE, memberMs: 3 * MINUTE });
    groupWithoutProfile(run.tenant, 'OD-NONE');
    run.device({ serial: 'SER1', groupTag: 'OD-NONE' });
    run.device({ serial: 'SER2', groupTag: 'OD-NONE' });
    run.device({ serial: 'SER3', groupTag: '' });
    await run.follower.run();
    const warnings = run.logger.lines.filter((line) => line.includes('leads to no deployment profile'));
    expect(warnings).toEqual([
      'warn tag "OD-NONE" leads to no deployment profile: its devices will end "not assigned" {"tag":"OD-NONE"}',
      'warn tag "(none)" leads to no deployment profile: its devices will end "not assigned" {"tag":""}',
    ]);
    expect(run.journal.get('SER1')).toMatchObject({ stage: 'failed', problem: { code: 'not-assigned' } });
    expect(run.journal.get('SER1')?.problem?.reason).toMatch(/"No profile"/);
  });
});

describe('Follower: failures of the run itself', () => {
  it('ends the run with an error that is not an answer of Graph, and takes no more devices', async () => {
    const run = followerOn({});
    run.tenant.fail.set('identitiesBySerial', new TypeError('bug'));
    run.device();
    await expect(run.follower.run()).rejects.toThrow('bug');
    expect(run.follower.add(['SER2'])).toBe(false);
  });

  it('ends the run when it is cancelled', async () => {
    const run = followerOn({});
    run.device();
    const stop = new AbortController();
    const done = run.follower.run(stop.signal);
    await run.clock.sleep(2 * MINUTE);
    stop.abort(new Error('cancelled'));
    await expect(done).rejects.toThrow('cancelled');
  });
});
