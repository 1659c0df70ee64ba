import { describe, expect, it } from 'vitest';
import type { AutopilotIdentity } from '../../../../electron/core/graph/schemas';
import { observeProfiles } from '../../../../electron/core/pipeline/stage-checks';
import type { JournalDevice } from '../../../../electron/core/store/types';
import { chainSource, FakeAutopilot, graphError, identity, openJournal } from './fake-autopilot';

const MINUTE = 60_000;
const ASSIGNED_AT = '2026-03-02T07:30:00.000Z';

function setUp(caps: Parameters<typeof chainSource>[1] = {}) {
  const { clock, journal, add } = openJournal();
  const tenant = new FakeAutopilot(clock);
  tenant.chain('OD-RETAIL', 'prof-1', 'grp-1');
  const source = chainSource(tenant, caps);
  const now = (): string => new Date(clock.now()).toISOString();
  /** A device in its group, waiting for the profile. */
  const device = (patch: Partial<JournalDevice> = {}) =>
    add({ stage: 'in-group', autopilotDeviceId: 'ap-1', entraDeviceId: 'e-1', ...patch });
  /** Judges one device as Graph lists it. */
  const judge = async (seen: Partial<AutopilotIdentity>, expanded = false): Promise<JournalDevice> => {
    const current = journal.get('SER1') ?? device();
    const listed = identity(seen);
    tenant.identities = [listed];
    await observeProfiles(source, journal, [current], new Map([['SER1', { identity: listed, expanded }]]));
    return journal.get('SER1')!;
  };
  return { clock, journal, tenant, source, device, judge, now };
}

/** The tag's profile assigned and in sync, with a date. */
const IN_SYNC: Partial<AutopilotIdentity> = {
  deploymentProfileAssignmentStatus: 'assignedInSync',
  deploymentProfileAssignedDateTime: ASSIGNED_AT,
};

describe("observeProfiles: ready only on the tag's profile, assigned and in sync", () => {
  it("is ready when Intune lists the device under the tag's profile, in sync, with a date", async () => {
    const { tenant, judge, now, device } = setUp();
    tenant.assigned.set('prof-1', new Set(['ap-1']));
    device({ warnings: ['assigned profile is not yet "x"', 'other'], outOfSyncSince: '2026-03-02T07:00:00.000Z' });
    const ready = await judge(IN_SYNC);
    expect(ready).toMatchObject({ stage: 'ready', warnings: ['other'], outOfSyncSince: null, skippedChecks: [] });
    expect(ready.stageTimes).toMatchObject({ 'profile-assigned': now(), ready: now() });
    expect(tenant.calls).toContain('profileAssignedDevices prof-1');
  });

  it('is not ready without a date of assignment', async () => {
    const { tenant, judge } = setUp();
    tenant.assigned.set('prof-1', new Set(['ap-1']));
    expect((await judge({ ...IN_SYNC, deploymentProfileAssignedDateTime: null })).stage).toBe('in-group');
  });

  it('is not ready while the assignment is out of sync, and remembers since when', async () => {
    const { tenant, judge, clock, now } = setUp();
    tenant.assigned.set('prof-1', new Set(['ap-1']));
    const first = now();
    const waiting = await judge({ ...IN_SYNC, deploymentProfileAssignmentStatus: 'assignedOutOfSync' });
    expect(waiting).toMatchObject({
      stage: 'in-group',
      outOfSyncSince: first,
      statusNote: 'assigned, syncing with the Autopilot service (not ready yet)',
    });
    await clock.sleep(5 * MINUTE);
    expect((await judge({ ...IN_SYNC, deploymentProfileAssignmentStatus: 'AssignedOutOfSync' })).outOfSyncSince).toBe(
      first,
    );
    expect(tenant.count('profileAssignedDevices')).toBe(0);
    expect(await judge(IN_SYNC)).toMatchObject({ stage: 'ready', outOfSyncSince: null });
  });

  it('clears the out-of-sync time when Intune no longer says so, even before ready', async () => {
    const { judge, device } = setUp();
    device({ outOfSyncSince: '2026-03-02T07:00:00.000Z' });
    expect((await judge({ deploymentProfileAssignmentStatus: 'pending' })).outOfSyncSince).toBeNull();
  });

  it('accepts an unknown sync state, saying what to do if OOBE shows no profile', async () => {
    for (const status of ['assignedUnkownSyncState', 'assignedUnknownSyncState']) {
      const { tenant, judge } = setUp();
      tenant.assigned.set('prof-1', new Set(['ap-1']));
      const ready = await judge({ ...IN_SYNC, deploymentProfileAssignmentStatus: status });
      expect(ready.stage).toBe('ready');
      expect(ready.skippedChecks).toEqual([
        'profile assigned: Intune reports the sync state with the Autopilot service as unknown (assignedUnkownSyncState); if OOBE does not show the profile, sync in Intune and restart the device',
      ]);
    }
  });

  it('fails when Intune reports the assignment failed, with its detail', async () => {
    const { judge } = setUp();
    const failed = await judge({
      deploymentProfileAssignmentStatus: 'failed',
      deploymentProfileAssignmentDetailedStatus: 'hardwareRequirementsNotMet',
    });
    expect(failed).toMatchObject({
      stage: 'failed',
      target: null,
      problem: { code: 'assignment-failed', stage: 'profile-assigned' },
    });
    expect(failed.problem?.reason).toBe(
      'Intune reports that assigning the deployment profile failed (hardwareRequirementsNotMet).',
    );
    expect(failed.problem?.nextStep).toMatch(/TPM 2\.0/);
    const plain = setUp();
    expect((await plain.judge({ deploymentProfileAssignmentStatus: 'Failed' })).problem?.reason).toBe(
      'Intune reports that assigning the deployment profile failed.',
    );
  });

  it('waits, with a note, while another profile is still assigned (a lingering assignment)', async () => {
    const { tenant, judge } = setUp();
    tenant.assigned.set('prof-1', new Set(['ap-9']));
    const waiting = await judge(IN_SYNC);
    expect(waiting.stage).toBe('in-group');
    expect(waiting.warnings).toEqual([
      'assigned profile is not yet "Profile prof-1", the profile tag "OD-RETAIL" leads to: waiting (an earlier assignment can linger after a tag change)',
    ]);
    await judge(IN_SYNC);
    expect(tenant.count('profileAssignedDevices')).toBe(2);
    expect((await judge(IN_SYNC)).warnings).toHaveLength(1);
  });

  it("reads the assigned profile from an expanded record instead of the profile's device list", async () => {
    const { tenant, judge } = setUp();
    const profile = { id: 'prof-1' } as AutopilotIdentity['deploymentProfile'];
    expect((await judge({ ...IN_SYNC, deploymentProfile: profile }, true)).stage).toBe('ready');
    expect(tenant.count('profileAssignedDevices')).toBe(0);
    const other = setUp();
    const another = { id: 'prof-2' } as AutopilotIdentity['deploymentProfile'];
    expect((await other.judge({ ...IN_SYNC, deploymentProfile: another }, true)).stage).toBe('in-group');
  });

  it("asks for the device's own record when the profile's device list cannot be read", async () => {
    const { tenant, judge } = setUp();
    tenant.fail.set('profileAssignedDevices', graphError(500));
    const profile = { id: 'prof-1' } as AutopilotIdentity['deploymentProfile'];
    tenant.identities = [identity({ ...IN_SYNC, deploymentProfile: profile })];
    const ready = await judge({ ...IN_SYNC, deploymentProfile: profile });
    expect(ready).toMatchObject({ stage: 'ready', skippedChecks: [] });
    expect(tenant.calls).toContain('identity ap-1');
  });

  it('accepts, saying so, when neither the device list nor the record show the profile', async () => {
    const { tenant, judge } = setUp();
    tenant.fail.set('profileAssignedDevices', graphError(500));
    const ready = await judge(IN_SYNC);
    expect(ready.stage).toBe('ready');
    expect(ready.skippedChecks).toEqual([
      'profile assigned: could not confirm that the assigned profile is "Profile prof-1" (the profile\'s device list could not be read)',
    ]);
  });

  it('throws what is not a Graph answer', async () => {
    const { tenant, judge } = setUp();
    tenant.fail.set('profileAssignedDevices', new TypeError('bug'));
    await expect(judge(IN_SYNC)).rejects.toThrow('bug');
  });

  it('skips a device with no fresh read', async () => {
    const { source, journal, device, tenant } = setUp();
    await observeProfiles(source, journal, [device()], new Map());
    expect(journal.get('SER1')?.stage).toBe('in-group');
    expect(tenant.calls).toEqual([]);
  });
});
