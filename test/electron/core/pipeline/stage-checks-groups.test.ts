import { describe, expect, it } from 'vitest';
import { chainOf, observeGroups } from '../../../../electron/core/pipeline/stage-checks';
import { chainSource, FakeAutopilot, graphError, openJournal } from './fake-autopilot';

const MINUTE = 60_000;

function setUp(caps: Parameters<typeof chainSource>[1] = {}) {
  const { clock, journal, add } = openJournal();
  const tenant = new FakeAutopilot(clock);
  tenant.chain('OD-RETAIL', 'prof-1', 'grp-1');
  const source = chainSource(tenant, caps);
  /** A device imported, with its Entra id, waiting for its dynamic group. */
  const imported = (serial = 'SER1', entra: string | null = `e-${serial}`) =>
    add({ serial, stage: 'imported', autopilotDeviceId: `ap-${serial}`, entraDeviceId: entra });
  return { clock, journal, tenant, source, imported, add };
}

describe('chainOf: the tag -> group -> profile chain', () => {
  it('is read once and again only after half an hour', async () => {
    const { tenant, source, clock } = setUp();
    const chain = await chainOf(source, 'OD-RETAIL');
    expect(chain?.profile?.id).toBe('prof-1');
    expect(chain?.profileGroupIds).toEqual(['grp-1']);
    expect(source.readAt).toBe(clock.now());
    await clock.sleep(30 * MINUTE);
    expect((await chainOf(source, 'od-retail'))?.profile?.id).toBe('prof-1');
    expect(tenant.count('listProfiles')).toBe(1);
    await clock.sleep(1);
    await chainOf(source, 'OD-RETAIL');
    expect(tenant.count('listProfiles')).toBe(2);
    expect(source.readAt).toBe(clock.now());
  });

  it('is unknown (null) when group rules cannot be read', async () => {
    const { source } = setUp({ groupRead: false });
    expect(await chainOf(source, 'OD-RETAIL')).toBeNull();
  });
});

describe('observeGroups: the "in dynamic group" stage', () => {
  it("moves a device on once it is a member of the group leading to its tag's profile", async () => {
    const { tenant, source, journal, imported, clock } = setUp();
    const [member, outsider] = [imported('SER1'), imported('SER2')];
    tenant.members.set('grp-1', new Set(['e-SER1']));
    await observeGroups(source, journal, [member, outsider]);
    expect(journal.get('SER1')).toMatchObject({
      stage: 'in-group',
      stageStartedAt: new Date(clock.now()).toISOString(),
    });
    expect(journal.get('SER2')).toMatchObject({ stage: 'imported', notObservable: [], skippedChecks: [] });
  });

  it('does not look for a device whose Entra id is not known yet', async () => {
    const { tenant, source, journal, imported } = setUp();
    await observeGroups(source, journal, [imported('SER1', null)]);
    expect(tenant.calls.filter((call) => /group/i.test(call) && call !== 'groups')).toEqual(['listTagGroups']);
    expect(journal.get('SER1')).toMatchObject({ stage: 'imported', notObservable: [] });
  });

  it('uses the groups that select the tag when the profile comes from an "All devices" assignment', async () => {
    const { tenant, source, journal, imported } = setUp();
    tenant.profiles.push({ id: 'all', displayName: 'All', createdDateTime: '2025-01-01T00:00:00Z', '@odata.type': '' });
    tenant.assignments.set('all', [
      { id: 'a', target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget', groupId: '' } },
    ]);
    tenant.members.set('grp-1', new Set(['e-SER1']));
    await observeGroups(source, journal, [imported('SER1')]);
    expect(journal.get('SER1')?.stage).toBe('in-group');
  });

  it('records the stage as not observable without Device.Read.All, once', async () => {
    const { tenant, source, journal, imported } = setUp({ deviceRead: false });
    await observeGroups(source, journal, [imported()]);
    await observeGroups(source, journal, [journal.get('SER1')!]);
    expect(tenant.calls).toEqual([]);
    expect(journal.get('SER1')).toMatchObject({
      stage: 'imported',
      notObservable: ['in-group'],
      skippedChecks: ['in dynamic group: not observable, Device.Read.All is not granted'],
    });
  });

  it('says why when the chain cannot be read', async () => {
    const { source, journal, imported } = setUp({ groupRead: false });
    await observeGroups(source, journal, [imported()]);
    expect(journal.get('SER1')).toMatchObject({
      notObservable: ['in-group'],
      skippedChecks: [
        'in dynamic group: not observable, group rules could not be read (GroupMember.Read.All or Group.Read.All is not granted), so the tag -> group -> profile chain was not checked',
      ],
    });
  });

  it('skips the stage for a tag no dynamic group selects', async () => {
    const { tenant, source, journal, add } = setUp();
    await observeGroups(source, journal, [add({ groupTag: 'OD-NONE', stage: 'imported', entraDeviceId: 'e-1' })]);
    expect(journal.get('SER1')).toMatchObject({
      stage: 'imported',
      notObservable: ['in-group'],
      skippedChecks: [`in dynamic group: skipped, no dynamic group's rule selects tag "OD-NONE"`],
    });
    expect(tenant.count('groupDeviceIds') + tenant.count('deviceGroups')).toBe(0);
  });

  it('records the stage as not observable when Graph refuses to show membership (403)', async () => {
    const { tenant, source, journal, imported } = setUp();
    tenant.fail.set('groupDeviceIds', graphError(403));
    tenant.fail.set('deviceGroups', graphError(403));
    await observeGroups(source, journal, [imported()]);
    expect(journal.get('SER1')).toMatchObject({
      stage: 'imported',
      notObservable: ['in-group'],
      skippedChecks: ['in dynamic group: not observable, Graph refused to show group membership (403)'],
    });
  });
});
