/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- Graph bodies are read loosely; each assertion states the shape it expects. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ROLES,
  SANDBOX_M365_GROUP,
  SANDBOX_STATIC_GROUPS,
  type RunningSandbox,
} from '../../../../electron/core/sandbox/index';
import {
  closeTestSandboxes,
  createManualClock,
  sandboxGraph,
  sandboxToken,
  startTestSandbox,
} from '../../../helpers/sandbox';

describe('sandbox static groups (group-post-members, $search)', () => {
  const clock = createManualClock();
  let sandbox: RunningSandbox;
  let graph: ReturnType<typeof sandboxGraph>;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ clock, seed: 5, throttle: false });
    graph = sandboxGraph(sandbox, await sandboxToken(sandbox));
  });
  afterAll(closeTestSandboxes);

  const groupNamed = (name: string) => {
    const group = sandbox.control.snapshot().groups.find((g) => g.displayName === name);
    if (!group) throw new Error(`no group ${name}`);
    return group;
  };
  const ref = (objectId: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${objectId}` });

  it('seeds assigned security groups (one already holding a device) and a Microsoft 365 group', async () => {
    const loaners = groupNamed(SANDBOX_STATIC_GROUPS[0]);
    expect(loaners.kind).toBe('assigned');
    expect(loaners.members).toEqual([sandbox.control.snapshot().devices[0]?.entraObjectId]);
    const view = await graph('GET', `/v1.0/groups/${loaners.id}`);
    expect(view.json).toMatchObject({
      groupTypes: [],
      securityEnabled: true,
      mailEnabled: false,
      membershipRule: null,
    });
    const m365 = await graph('GET', `/v1.0/groups/${groupNamed(SANDBOX_M365_GROUP).id}`);
    expect(m365.json).toMatchObject({ groupTypes: ['Unified'], securityEnabled: false, mailEnabled: true });
  });

  it('adds a device by its Entra object id (204), answers the documented 400 for an existing member, and lists it', async () => {
    const device = sandbox.control.snapshot().devices[1];
    const group = groupNamed(SANDBOX_STATIC_GROUPS[1]);
    const first = await graph('POST', `/v1.0/groups/${group.id}/members/$ref`, ref(device?.entraObjectId ?? ''));
    expect(first.status).toBe(204);
    const again = await graph('POST', `/v1.0/groups/${group.id}/members/$ref`, ref(device?.entraObjectId ?? ''));
    expect(again.status).toBe(400);
    expect(again.json.error).toMatchObject({
      code: 'Request_BadRequest',
      message: "One or more added object references already exist for the following modified properties: 'members'.",
    });
    const members = await graph('GET', `/v1.0/groups/${group.id}/members`);
    expect(members.json.value.map((m: { deviceId: string }) => m.deviceId)).toEqual([device?.azureAdDeviceId]);
    const memberOf = await graph('GET', `/v1.0/devices(deviceId='${device?.azureAdDeviceId ?? ''}')/memberOf`);
    expect(memberOf.json.value.map((g: { id: string }) => g.id)).toContain(group.id);
  });

  it('refuses the Autopilot deviceId in place of the object id, a dynamic group and a Microsoft 365 group', async () => {
    const device = sandbox.control.snapshot().devices[2];
    const group = groupNamed(SANDBOX_STATIC_GROUPS[2]);
    const wrongId = await graph('POST', `/v1.0/groups/${group.id}/members/$ref`, ref(device?.azureAdDeviceId ?? ''));
    expect(wrongId.status).toBe(404);
    expect(wrongId.json.error.code).toBe('Request_ResourceNotFound');
    const dynamic = sandbox.control.snapshot().groups.find((g) => g.kind === 'dynamic');
    expect(
      (await graph('POST', `/v1.0/groups/${dynamic?.id ?? ''}/members/$ref`, ref(device?.entraObjectId ?? ''))).status,
    ).toBe(400);
    const m365 = groupNamed(SANDBOX_M365_GROUP);
    expect((await graph('POST', `/v1.0/groups/${m365.id}/members/$ref`, ref(device?.entraObjectId ?? ''))).status).toBe(
      400,
    );
    expect(groupNamed(SANDBOX_STATIC_GROUPS[2]).members).toEqual([]);
  });

  it('answers 403 without a group write permission, and without Device.ReadWrite.All for an application', async () => {
    const device = sandbox.control.snapshot().devices[3];
    const group = groupNamed(SANDBOX_STATIC_GROUPS[2]);
    const as = async (roles: string[]) => {
      const before = sandbox.control.grantedRoles();
      sandbox.control.setGrantedRoles(roles);
      const token = await sandboxToken(sandbox);
      sandbox.control.setGrantedRoles(before);
      return sandboxGraph(sandbox, token)(
        'POST',
        `/v1.0/groups/${group.id}/members/$ref`,
        ref(device?.entraObjectId ?? ''),
      );
    };
    const noWrite = await as(DEFAULT_ROLES.filter((r) => r !== 'GroupMember.ReadWrite.All'));
    expect(noWrite.status).toBe(403);
    expect(noWrite.json.error.code).toBe('Authorization_RequestDenied');
    expect(JSON.stringify(noWrite.json.error.details)).toContain('GroupMember.ReadWrite.All');
    const noDevice = await as(DEFAULT_ROLES.filter((r) => r !== 'Device.ReadWrite.All'));
    expect(noDevice.status).toBe(403);
    expect(JSON.stringify(noDevice.json.error.details)).toContain('Device.ReadWrite.All');
    expect((await as(['Group.ReadWrite.All', 'Device.ReadWrite.All'])).status).toBe(204);
  });

  it('searches groups by display name words only with ConsistencyLevel: eventual', async () => {
    const search = encodeURIComponent('"displayName:bench lo"');
    const refused = await graph('GET', `/v1.0/groups?$search=${search}`);
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toContain('ConsistencyLevel');
    const found = await graph('GET', `/v1.0/groups?$search=${search}&$count=true`, undefined, {
      ConsistencyLevel: 'eventual',
    });
    expect(found.json.value.map((g: { displayName: string }) => g.displayName)).toEqual([SANDBOX_STATIC_GROUPS[0]]);
    const prefix = await graph('GET', `/v1.0/groups?$filter=${encodeURIComponent("startswith(displayName,'Kiosk')")}`);
    expect(prefix.json.value.map((g: { displayName: string }) => g.displayName)).toEqual([SANDBOX_STATIC_GROUPS[2]]);
  });
});
