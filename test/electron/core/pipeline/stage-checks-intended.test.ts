import { describe, expect, it } from 'vitest';
import type { AutopilotIdentity } from '../../../../electron/core/graph/schemas';
import { observeGroups, observeProfiles } from '../../../../electron/core/pipeline/stage-checks';
import type { JournalDevice } from '../../../../electron/core/store/types';
import { chainSource, FakeAutopilot, graphError, identity, openJournal } from './fake-autopilot';

const MINUTE = 60_000;
const ASSIGNED_AT = '2026-03-02T07:30:00.000Z';

/** A tenant where tag OD-RETAIL leads to grp-1 and (unless `profile` is false) profile prof-1. */
function setUp(options: { profile?: boolean; caps?: Parameters<typeof chainSource>[1] } = {}) {
  const { clock, journal, add } = openJournal();
  const tenant = new FakeAutopilot(clock);
  tenant.chain('OD-RETAIL', 'prof-1', 'grp-1');
  if (options.profile === false) tenant.assignments.clear();
  const source = {
    ...chainSource(tenant, options.caps),
    notAssignedGraceMs: 3 * MINUTE,
    intendedCheckAfterMs: 5 * MINUTE,
  };
  const device = (serial = 'SER1', patch: Partial<JournalDevice> = {}) =>
    add({ serial, stage: 'in-group', autopilotDeviceId: `ap-${serial}`, entraDeviceId: `e-${serial}`, ...patch });
  /** Judges devices as Graph lists them (`seen` per serial, or one for all). */
  const judge = async (
    devices: JournalDevice[],
    seen: Partial<AutopilotIdentity>,
    expanded = false,
  ): Promise<JournalDevice[]> => {
    const entries = devices.map((d) => {
      const listed = identity({ id: `ap-${d.key}`, serialNumber: d.key, ...seen });
      return [d.key, { identity: listed, expanded }] as const;
    });
    const current = devices.map((d) => journal.get(d.key)!);
    await observeProfiles(source, journal, current, new Map(entries));
    return devices.map((d) => journal.get(d.key)!);
  };
  return { clock, journal, tenant, source, device, judge };
}

const NOT_ASSIGNED: Partial<AutopilotIdentity> = { deploymentProfileAssignmentStatus: 'notAssigned' };
const PENDING: Partial<AutopilotIdentity> = { deploymentProfileAssignmentStatus: 'pending' };
const IN_SYNC: Partial<AutopilotIdentity> = {
  deploymentProfileAssignmentStatus: 'assignedInSync',
  deploymentProfileAssignedDateTime: ASSIGNED_AT,
};

describe('"not assigned": a tag whose chain leads to no profile', () => {
  it('fails only after the grace, once Intune says not assigned and intends no profile', async () => {
    const { judge, device, clock, tenant } = setUp({ profile: false });
    const d = device();
    await clock.sleep(3 * MINUTE - 1);
    expect((await judge([d], NOT_ASSIGNED))[0]?.stage).toBe('in-group');
    expect(tenant.count('identity')).toBe(0);
    await clock.sleep(1);
    const [failed] = await judge([d], NOT_ASSIGNED);
    expect(tenant.calls.at(-1)).toBe('identity ap-SER1');
    expect(failed).toMatchObject({
      stage: 'failed',
      target: null,
      problem: { code: 'not-assigned', stage: 'profile-assigned' },
    });
    expect(failed?.problem?.reason).toBe(
      'No deployment profile targets "Group grp-1", the group(s) tag "OD-RETAIL" leads to, and none targets all devices; Intune reports the device as not assigned.',
    );
    expect(failed?.problem?.nextStep).toBe(
      'Assign a deployment profile to "Group grp-1" in Intune (Devices > Windows > Enrollment > Deployment profiles), or register the device with a tag that leads to a profile.',
    );
  });

  it('decides on "unknown" or an empty status too, not on "pending"', async () => {
    for (const [status, stage] of [
      ['unknown', 'failed'],
      ['', 'failed'],
      ['pending', 'in-group'],
    ] as const) {
      const { judge, device } = setUp({ profile: false });
      expect(
        (await judge([device('SER1', { stageStartedAt: null })], { deploymentProfileAssignmentStatus: status }))[0]
          ?.stage,
      ).toBe(stage);
    }
  });

  it('does not fail a device Intune intends a profile for', async () => {
    const { judge, device, tenant } = setUp({ profile: false });
    const d = device('SER1', { stageStartedAt: null });
    tenant.identities = [
      identity({
        id: 'ap-SER1',
        intendedDeploymentProfile: { id: 'prof-9' },
      }),
    ];
    expect((await judge([d], NOT_ASSIGNED))[0]?.stage).toBe('in-group');
    const expanded = setUp({ profile: false });
    const e = expanded.device('SER1', { stageStartedAt: null });
    const intended = { id: 'prof-9' } as AutopilotIdentity['intendedDeploymentProfile'];
    expect((await expanded.judge([e], { ...NOT_ASSIGNED, intendedDeploymentProfile: intended }, true))[0]?.stage).toBe(
      'in-group',
    );
    expect(expanded.tenant.count('identity')).toBe(0);
  });

  it('fails when the record cannot be read (Graph), and throws anything else', async () => {
    const { judge, device, tenant } = setUp({ profile: false });
    tenant.fail.set('identity', graphError(404));
    expect((await judge([device('SER1', { stageStartedAt: null })], NOT_ASSIGNED))[0]?.stage).toBe('failed');
    const bug = setUp({ profile: false });
    bug.tenant.fail.set('identity', new TypeError('bug'));
    await expect(bug.judge([bug.device('SER1', { stageStartedAt: null })], NOT_ASSIGNED)).rejects.toThrow('bug');
  });

  it('names the group by its id when it has no name, and says to create a group when none selects the tag', async () => {
    const { judge, device, tenant } = setUp({ profile: false });
    tenant.groupList[0]!.displayName = '';
    expect((await judge([device('SER1', { stageStartedAt: null })], NOT_ASSIGNED))[0]?.problem?.reason).toMatch(
      /^No deployment profile targets "grp-1", /,
    );
    const none = setUp({ profile: false });
    const [failed] = await none.judge(
      [none.device('SER1', { stageStartedAt: null, groupTag: 'OD-NONE' })],
      NOT_ASSIGNED,
    );
    expect(failed?.problem?.reason).toBe(
      'No dynamic group selects tag "OD-NONE", no deployment profile targets all devices, and Intune reports the device as not assigned.',
    );
    expect(failed?.problem?.nextStep).toBe(
      'Create a dynamic group whose rule selects the tag and assign a profile to it, or use a tag that leads to a profile.',
    );
  });

  it('accepts an assignment the chain cannot explain, saying the profile was not compared', async () => {
    const { judge, device } = setUp({ profile: false });
    const [ready] = await judge([device()], IN_SYNC);
    expect(ready?.stage).toBe('ready');
    expect(ready?.skippedChecks).toEqual([
      'profile assigned: Intune reports a profile assigned, but the tag -> group -> profile chain of tag "OD-RETAIL" shows none (a policy set, a static group or a rule on other attributes can assign it), so the profile was not compared',
    ]);
    const unreadable = setUp({ caps: { groupRead: false } });
    const [accepted] = await unreadable.judge([unreadable.device()], IN_SYNC);
    expect(accepted?.skippedChecks).toEqual([
      "profile assigned: the assigned profile was not compared with the tag's profile, group rules could not be read (GroupMember.Read.All or Group.Read.All is not granted), so the tag -> group -> profile chain was not checked",
    ]);
  });

  it('after a tag change, waits for an assignment dated after the change', async () => {
    for (const profile of [false, true]) {
      const { judge, device, tenant } = setUp({ profile });
      tenant.fail.set('profileAssignedDevices', graphError(500));
      const d = device('SER1', { propertiesChangedAt: '2026-03-02T07:40:00.000Z' });
      expect((await judge([d], IN_SYNC))[0]?.stage).toBe('in-group');
      expect(
        (await judge([d], { ...IN_SYNC, deploymentProfileAssignedDateTime: '2026-03-02T07:40:00.000Z' }))[0]?.stage,
      ).toBe('ready');
    }
  });
});

describe('the intended profile of a device still pending', () => {
  it('is read once a device has waited, and a different one is noted by name', async () => {
    const { judge, device, tenant, clock, journal } = setUp();
    tenant.profiles.push({
      id: 'prof-2',
      displayName: 'Kiosk',
      createdDateTime: '2026-02-01T00:00:00Z',
      '@odata.type': '',
    });
    tenant.identities = [
      identity({
        id: 'ap-SER1',
        intendedDeploymentProfile: { id: 'prof-2' },
      }),
    ];
    const d = device('SER1', { warnings: ['assigned profile is not yet "x"', 'kept'] });
    await clock.sleep(5 * MINUTE - 1);
    await judge([d], PENDING);
    expect(tenant.count('identity')).toBe(0);
    await clock.sleep(1);
    await judge([d], PENDING);
    expect(journal.get('SER1')?.warnings).toEqual([
      'kept',
      'assigned profile: Intune intends profile "Kiosk", not "Profile prof-1" that tag "OD-RETAIL" leads to: check the device\'s group membership and tag',
    ]);
    await judge([d], PENDING);
    expect(tenant.count('identity')).toBe(1);
    await clock.sleep(10 * MINUTE);
    await judge([d], PENDING);
    expect(tenant.count('identity')).toBe(2);
    expect(journal.get('SER1')?.warnings).toHaveLength(2);
  });

  it("names an unknown intended profile by its id, and notes nothing when it is the tag's profile", async () => {
    const { judge, device, tenant, journal } = setUp();
    tenant.identities = [
      identity({
        id: 'ap-SER1',
        intendedDeploymentProfile: { id: 'prof-7' },
      }),
    ];
    await judge([device('SER1', { stageStartedAt: '2026-03-02T07:00:00.000Z' })], PENDING);
    expect(journal.get('SER1')?.warnings[0]).toMatch(/^assigned profile: Intune intends profile prof-7, not/);
    const same = setUp();
    same.tenant.identities = [
      identity({
        id: 'ap-SER1',
        intendedDeploymentProfile: { id: 'prof-1' },
      }),
    ];
    await same.judge([same.device('SER1', { stageStartedAt: '2026-03-02T07:00:00.000Z' })], PENDING);
    expect(same.journal.get('SER1')?.warnings).toEqual([]);
  });

  it('reads one slow device per tag for the rest, every device once one showed another profile or after a tag change', async () => {
    const early = '2026-03-02T07:00:00.000Z';
    const intends = (id: string) => ({
      intendedDeploymentProfile: { id } as AutopilotIdentity['intendedDeploymentProfile'],
    });
    const { judge, device, tenant } = setUp();
    tenant.identities = ['SER1', 'SER2'].map((s) => identity({ id: `ap-${s}`, ...intends('prof-1') }));
    await judge([device('SER1', { stageStartedAt: early }), device('SER2', { stageStartedAt: early })], PENDING);
    expect(tenant.calls.filter((c) => c.startsWith('identity '))).toEqual(['identity ap-SER1']);
    const other = setUp();
    other.tenant.identities = ['SER1', 'SER2'].map((s) => identity({ id: `ap-${s}`, ...intends('prof-2') }));
    await other.judge(
      [other.device('SER1', { stageStartedAt: early }), other.device('SER2', { stageStartedAt: early })],
      PENDING,
    );
    expect(other.tenant.calls.filter((c) => c.startsWith('identity '))).toEqual([
      'identity ap-SER1',
      'identity ap-SER2',
    ]);
    const changed = setUp();
    changed.tenant.identities = ['SER1', 'SER2'].map((s) => identity({ id: `ap-${s}`, ...intends('prof-1') }));
    const patch = { stageStartedAt: early, propertiesChangedAt: early };
    await changed.judge([changed.device('SER1', patch), changed.device('SER2', patch)], PENDING);
    expect(changed.tenant.count('identity')).toBe(2);
  });
});

describe('two readings of the profile rules', () => {
  it('accepts either profile, saying which reading makes it the one', async () => {
    for (const [member, reading] of [
      ['prof-all', 'the oldest profile wins, an "All devices" profile included'],
      ['prof-1', 'an "All devices" profile is only the default, a group profile wins'],
    ] as const) {
      const { judge, device, tenant } = setUp();
      tenant.profiles.push({
        id: 'prof-all',
        displayName: 'Everyone',
        createdDateTime: '2025-01-01T00:00:00Z',
        '@odata.type': '',
      });
      tenant.assignments.set('prof-all', [
        { id: 'a', target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget', groupId: '' } },
      ]);
      tenant.assigned.set(member, new Set(['ap-SER1']));
      const [ready] = await judge([device()], IN_SYNC);
      const name = member === 'prof-all' ? 'Everyone' : 'Profile prof-1';
      expect(ready?.stage).toBe('ready');
      expect(ready?.skippedChecks).toEqual([
        `profile assigned: Microsoft's profile rules read two ways for tag "OD-RETAIL"; "${name}" is the profile if ${reading}`,
      ]);
    }
  });

  it('reads the record itself when only one of the device lists could be read and it is not in it', async () => {
    const { judge, device, tenant } = setUp();
    tenant.profiles.push({
      id: 'prof-all',
      displayName: 'Everyone',
      createdDateTime: '2025-01-01T00:00:00Z',
      '@odata.type': '',
    });
    tenant.assignments.set('prof-all', [
      { id: 'a', target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget', groupId: '' } },
    ]);
    tenant.profileAssignedDevices = (id: string) => {
      tenant.calls.push(`profileAssignedDevices ${id}`);
      return id === 'prof-all' ? Promise.reject(graphError(500)) : Promise.resolve(new Set<string>());
    };
    tenant.identities = [identity({ id: 'ap-SER1', deploymentProfile: { id: 'prof-1' } })];
    expect((await judge([device()], IN_SYNC))[0]?.stage).toBe('ready');
    expect(tenant.calls).toContain('identity ap-SER1');
  });
});

describe('observeGroups: only the groups the profile targets count', () => {
  it('does not take membership of another group selecting the tag for "in dynamic group"', async () => {
    const { tenant, source, journal, device } = setUp();
    tenant.groupList.push({ ...tenant.groupList[0]!, id: 'grp-2', displayName: 'Other' });
    tenant.members.set('grp-2', new Set(['e-SER1']));
    const d = device('SER1', { stage: 'imported' });
    await observeGroups(source, journal, [d]);
    expect(journal.get('SER1')?.stage).toBe('imported');
    tenant.chain('OD-RETAIL', 'prof-1', 'grp-2');
    source.tenant = null;
    await observeGroups(source, journal, [journal.get('SER1')!]);
    expect(journal.get('SER1')?.stage).toBe('in-group');
  });
});
