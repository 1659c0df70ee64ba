/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any -- Graph bodies are read loosely; each assertion states the shape it expects. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../../electron/core/sandbox/index';
import {
  closeTestSandboxes,
  createManualClock,
  sandboxGraph,
  sandboxToken,
  startTestSandbox,
} from '../../../helpers/sandbox';

const DM = '/deviceManagement';

describe('sandbox Graph contract', () => {
  const clock = createManualClock();
  let sandbox: RunningSandbox;
  let graph: ReturnType<typeof sandboxGraph>;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ clock, seed: 9, throttle: false });
    graph = sandboxGraph(sandbox, await sandboxToken(sandbox));
  });
  afterAll(closeTestSandboxes);

  const withRoles = async (roles: string[]) => {
    const before = sandbox.control.grantedRoles();
    sandbox.control.setGrantedRoles(roles);
    const token = await sandboxToken(sandbox);
    sandbox.control.setGrantedRoles(before);
    return sandboxGraph(sandbox, token);
  };

  it('echoes client-request-id, sets request-id and uses the Graph error envelope', async () => {
    const ok = await graph('GET', `/v1.0${DM}/windowsAutopilotDeviceIdentities`, undefined, {
      'client-request-id': 'abc-123',
    });
    expect(ok.headers.get('client-request-id')).toBe('abc-123');
    expect(ok.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers.get('content-type')).toContain('application/json');
    expect(ok.json['@odata.context']).toBe(
      `${sandbox.graphEndpoint}/v1.0/$metadata#deviceManagement/windowsAutopilotDeviceIdentities`,
    );
    const missing = await graph(
      'GET',
      `/v1.0${DM}/windowsAutopilotDeviceIdentities/00000000-0000-0000-0000-000000000001`,
      undefined,
      { 'client-request-id': 'c-1' },
    );
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({
      code: 'ResourceNotFound',
      innerError: { 'request-id': missing.headers.get('request-id'), 'client-request-id': 'c-1' },
    });
    expect(missing.json.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(JSON.parse(missing.json.error.message as string)).toMatchObject({ _version: 3 });
  });

  it('answers 401 InvalidAuthenticationToken for a missing, malformed or expired token', async () => {
    const none = await sandboxGraph(sandbox, '')('GET', `/v1.0${DM}/windowsAutopilotDeviceIdentities`, undefined, {
      authorization: '',
    });
    expect(none.status).toBe(401);
    expect(none.json.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await sandboxGraph(sandbox, 'abc')('GET', `/v1.0${DM}/windowsAutopilotDeviceIdentities`)).status).toBe(401);
    const forged = (await sandboxToken(sandbox)).replace(/\.[^.]+$/, '.AAAA');
    expect(
      (await sandboxGraph(sandbox, forged)('GET', `/v1.0${DM}/windowsAutopilotDeviceIdentities`)).json.error.message,
    ).toBe('Access token validation failure.');
    const soon = sandboxGraph(sandbox, await sandboxToken(sandbox));
    clock.advance(3599_000);
    const expired = await soon('GET', `/v1.0${DM}/windowsAutopilotDeviceIdentities`);
    expect(expired.status).toBe(401);
    expect(expired.json.error.message).toBe('Lifetime validation failed, the token is expired.');
    graph = sandboxGraph(sandbox, await sandboxToken(sandbox));
  });

  it('answers 403 naming the missing permission, and the reduced memberOf with only Device.Read.All', async () => {
    const deviceOnly = await withRoles(['Device.Read.All']);
    const intune = await deviceOnly('GET', `/beta${DM}/windowsAutopilotDeviceIdentities`);
    expect(intune.status).toBe(403);
    expect(intune.json.error.code).toBe('Forbidden');
    expect(intune.json.error.message).toContain(
      'Application must have one of the following scopes: DeviceManagementServiceConfig.Read.All, DeviceManagementServiceConfig.ReadWrite.All',
    );
    const device = sandbox.control.snapshot().devices[0];
    const memberOf = await deviceOnly('GET', `/v1.0/devices/${device?.entraObjectId ?? ''}/memberOf`);
    expect(memberOf.status).toBe(200);
    expect(memberOf.json.value[0]).toMatchObject({
      '@odata.type': '#microsoft.graph.group',
      displayName: null,
      membershipRule: null,
    });
    expect((await deviceOnly('GET', `/v1.0/groups/${memberOf.json.value[0].id as string}`)).json.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    const readOnly = await withRoles(['DeviceManagementServiceConfig.Read.All']);
    const write = await readOnly('POST', `/beta${DM}/windowsAutopilotSettings/sync`);
    expect(write.json.error.message).toContain('DeviceManagementServiceConfig.ReadWrite.All');
    const full = await graph('GET', `/v1.0/devices/${device?.entraObjectId ?? ''}/memberOf`);
    expect(full.json.value[0].membershipRule).toMatch(/devicePhysicalI[dD]s/);
  });

  it('keeps beta-only parts out of v1.0', async () => {
    for (const path of [`${DM}/windowsAutopilotDeploymentProfiles`, `${DM}/windowsAutopilotSettings`]) {
      const response = await graph('GET', `/v1.0${path}`);
      expect(response.status).toBe(400);
      expect(response.json.error.message).toBe(`Resource not found for the segment '${path.split('/').pop() ?? ''}'.`);
    }
    const id = sandbox.control.snapshot().devices[0]?.id ?? '';
    const expand = await graph('GET', `/v1.0${DM}/windowsAutopilotDeviceIdentities/${id}?$expand=deploymentProfile`);
    expect(expand.json.error.message).toBe(
      "Could not find a property named 'deploymentProfile' on type 'microsoft.graph.windowsAutopilotDeviceIdentity'.",
    );
    // Field notes B1: any $select on the Autopilot collections answers 500, on v1.0 and beta alike.
    for (const version of ['v1.0', 'beta']) {
      for (const path of [
        `windowsAutopilotDeviceIdentities/${id}?$select=id`,
        'windowsAutopilotDeviceIdentities?$select=serialNumber',
      ]) {
        const select = await graph('GET', `/${version}${DM}/${path}`);
        expect(select.status).toBe(500);
        expect(select.json.error.code).toBe('InternalServerError');
      }
    }
    const param = await graph('POST', `/v1.0${DM}/windowsAutopilotDeviceIdentities/${id}/updateDeviceProperties`, {
      deviceFriendlyName: 'x',
    });
    expect(param.status).toBe(400);
    expect((await graph('GET', '/v2.0/devices')).status).toBe(400);
    expect((await graph('PUT', `/v1.0${DM}/windowsAutopilotDeviceIdentities/${id}`, {})).status).toBe(405);
  });

  it('creates, lists, filters, counts and deletes import records', async () => {
    const { serial, hardwareHash } = sandbox.control.makeHash();
    const created = await graph('POST', `/v1.0${DM}/importedWindowsAutopilotDeviceIdentities`, {
      '@odata.type': '#microsoft.graph.importedWindowsAutopilotDeviceIdentity',
      serialNumber: serial,
      productKey: '',
      groupTag: 'OD-KIOSK',
      hardwareIdentifier: hardwareHash,
      assignedUserPrincipalName: '',
      importId: 'batch-1',
      state: { deviceImportStatus: 'pending', deviceRegistrationId: '', deviceErrorCode: 0, deviceErrorName: '' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toContain(created.json.id as string);
    const filtered = await graph(
      'GET',
      `/v1.0${DM}/importedWindowsAutopilotDeviceIdentities?$filter=contains(serialNumber,'${serial.slice(2, 8)}')`,
    );
    expect((filtered.json.value as { id: string }[]).map((r) => r.id)).toEqual([created.json.id]);
    const count = await graph('GET', `/v1.0${DM}/importedWindowsAutopilotDeviceIdentities/$count`);
    expect(Number(count.json)).toBeGreaterThan(0);
    expect(
      (await graph('POST', `/v1.0${DM}/importedWindowsAutopilotDeviceIdentities`, { serialNumber: 'x', color: 'red' }))
        .json.error.message,
    ).toMatch(/property 'color' does not exist/);
    expect((await graph('POST', `/v1.0${DM}/importedWindowsAutopilotDeviceIdentities`, '{not json')).status).toBe(400);
    expect(
      (await graph('DELETE', `/v1.0${DM}/importedWindowsAutopilotDeviceIdentities/${created.json.id as string}`))
        .status,
    ).toBe(204);
    expect(
      (await graph('GET', `/v1.0${DM}/importedWindowsAutopilotDeviceIdentities/${created.json.id as string}`)).status,
    ).toBe(404);
  });

  it('pages identities with @odata.nextLink and filters by serial as documented (with the reported quirks)', async () => {
    sandbox.control.setPageSize(2);
    const seen: string[] = [];
    let next: string | undefined = `/beta${DM}/windowsAutopilotDeviceIdentities`;
    while (next) {
      const pageResponse = await graph('GET', next.replace(sandbox.graphEndpoint, ''));
      seen.push(...(pageResponse.json.value as { serialNumber: string }[]).map((d) => d.serialNumber));
      next = pageResponse.json['@odata.nextLink'] as string | undefined;
    }
    sandbox.control.setPageSize(1000);
    expect(seen.length).toBe(sandbox.control.snapshot().devices.filter((d) => d.visible).length);
    expect(new Set(seen).size).toBe(seen.length);
    const top = await graph('GET', `/beta${DM}/windowsAutopilotDeviceIdentities?$top=1`);
    expect(top.json.value).toHaveLength(1);
    expect(top.json['@odata.nextLink']).toContain('$skiptoken=');
    const contains = await graph(
      'GET',
      `/beta${DM}/windowsAutopilotDeviceIdentities?$filter=contains(serialNumber,'sbx0004')`,
    );
    expect((contains.json.value as { serialNumber: string }[]).map((d) => d.serialNumber)).toEqual(['JH9SBX0004']);
    expect(
      (await graph('GET', `/beta${DM}/windowsAutopilotDeviceIdentities?$filter=contains(serialNumber,'ab-cd')`)).status,
    ).toBe(400);
    expect(
      (await graph('GET', `/beta${DM}/windowsAutopilotDeviceIdentities?$filter=serialNumber eq 'JH9SBX0004'`)).status,
    ).toBe(400);
    const byTag = await graph('GET', `/beta${DM}/windowsAutopilotDeviceIdentities?$filter=groupTag eq 'OD-LAB'`);
    expect((byTag.json.value as { groupTag: string }[]).every((d) => d.groupTag === 'OD-LAB')).toBe(true);
    expect(
      (await graph('GET', `/beta${DM}/windowsAutopilotDeviceIdentities?$filter=contains(serialNumber,`)).status,
    ).toBe(400);
  });

  it('runs the identity actions: assign/unassign user, delete, and refuses direct creation', async () => {
    const device = sandbox.control.addRegisteredDevice({ groupTag: 'OD-LAB' });
    const path = `/v1.0${DM}/windowsAutopilotDeviceIdentities/${device.id}`;
    expect(
      (
        await graph('POST', `${path}/assignUserToDevice`, {
          userPrincipalName: 'ana@autopilot-sandbox.onmicrosoft.com',
          addressableUserName: 'Ana',
        })
      ).status,
    ).toBe(204);
    expect((await graph('GET', path)).json).toMatchObject({
      userPrincipalName: 'ana@autopilot-sandbox.onmicrosoft.com',
      addressableUserName: 'Ana',
    });
    expect((await graph('POST', `${path}/unassignUserFromDevice`)).status).toBe(204);
    expect((await graph('GET', path)).json.userPrincipalName).toBe('');
    expect((await graph('POST', `/v1.0${DM}/windowsAutopilotDeviceIdentities`, { serialNumber: 'x' })).status).toBe(
      400,
    );
    expect((await graph('DELETE', path)).status).toBe(204);
    // Field notes B7: a deleted record is still listed for a while, then gone.
    expect((await graph('GET', path)).status).toBe(200);
    clock.advance(sandbox.control.latencies().deleteListed);
    expect((await graph('GET', path)).status).toBe(404);
    const entra = await graph('GET', `/v1.0/devices?$filter=deviceId eq '${device.azureAdDeviceId}'`);
    expect(entra.json.value).toEqual([]);
  });

  it('lists profiles, their assignments and assigned devices (beta)', async () => {
    const profiles = (await graph('GET', `/beta${DM}/windowsAutopilotDeploymentProfiles`)).json.value as Record<
      string,
      any
    >[];
    expect(profiles.length).toBeGreaterThanOrEqual(4);
    expect(profiles[0]?.['@odata.type']).toBe('#microsoft.graph.azureADWindowsAutopilotDeploymentProfile');
    const finance = profiles.find((p) => (p.displayName as string).includes('Finance')) as Record<string, string>;
    const assignments = (await graph('GET', `/beta${DM}/windowsAutopilotDeploymentProfiles/${finance.id}/assignments`))
      .json.value as Record<string, any>[];
    expect(assignments[0]?.target).toMatchObject({
      '@odata.type': '#microsoft.graph.groupAssignmentTarget',
      deviceAndAppManagementAssignmentFilterType: 'none',
    });
    const group = (await graph('GET', `/v1.0/groups/${assignments[0]?.target.groupId as string}`)).json;
    expect(group).toMatchObject({
      groupTypes: ['DynamicMembership'],
      membershipRuleProcessingState: 'On',
      membershipRule:
        '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]")) and (device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-FINANCE"))',
    });
    const assigned = (await graph('GET', `/beta${DM}/windowsAutopilotDeploymentProfiles/${finance.id}/assignedDevices`))
      .json.value as { groupTag: string }[];
    expect(assigned.length).toBeGreaterThan(0);
    expect(assigned.every((d) => d.groupTag === 'OD-FINANCE')).toBe(true);
    const chain = sandbox.control.addTagChain('OD-NEW', { withProfile: false });
    const created = await graph('POST', `/beta${DM}/windowsAutopilotDeploymentProfiles/${finance.id}/assignments`, {
      target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: chain.groupId },
    });
    expect(created.status).toBe(201);
    expect(created.json.id).toBe(`${finance.id}_${chain.groupId}_0`);
    expect((await graph('GET', `/beta${DM}/windowsAutopilotDeploymentProfiles/${finance.id}`)).json.displayName).toBe(
      finance.displayName,
    );
  });

  it('reads devices by alternate key and physicalIds (advanced query), and groups with their rule status', async () => {
    const device = sandbox.control.snapshot().devices.find((d) => d.groupTag === 'OD-RETAIL');
    const alt = await graph('GET', `/v1.0/devices(deviceId='${device?.azureAdDeviceId ?? ''}')`);
    expect(alt.json.id).toBe(device?.entraObjectId);
    const filter = `physicalIds/any(p:startswith(p,'[OrderId]:OD-RETAIL'))`;
    const plain = await graph('GET', `/v1.0/devices?$filter=${encodeURIComponent(filter)}`);
    expect(plain.json.error.code).toBe('Request_UnsupportedQuery');
    const advanced = await graph('GET', `/v1.0/devices?$filter=${encodeURIComponent(filter)}&$count=true`, undefined, {
      ConsistencyLevel: 'eventual',
    });
    expect((advanced.json.value as { id: string }[]).map((d) => d.id)).toContain(device?.entraObjectId);
    expect(advanced.json['@odata.count']).toBe(advanced.json.value.length);
    expect((await graph('GET', '/v1.0/devices/00000000-0000-0000-0000-000000000000')).json.error.code).toBe(
      'Request_ResourceNotFound',
    );
    const groupId = device?.groupIds[0] ?? '';
    const status = await graph(
      'GET',
      `/beta/groups/${groupId}?$select=id,membershipRule,membershipRuleProcessingStatus`,
    );
    expect(status.json.membershipRuleProcessingStatus).toMatchObject({ status: 'Succeeded' });
    expect((await graph('GET', `/v1.0/groups/${groupId}`)).json).not.toHaveProperty('membershipRuleProcessingStatus');
    const members = (await graph('GET', `/v1.0/groups/${groupId}/members`)).json.value as { id: string }[];
    expect(members.map((m) => m.id)).toContain(device?.entraObjectId);
    const dynamic = await graph(
      'GET',
      `/v1.0/groups?$filter=${encodeURIComponent("groupTypes/any(c:c eq 'DynamicMembership')")}`,
    );
    expect(dynamic.json.value.length).toBe(
      sandbox.control.snapshot().groups.filter((group) => group.kind === 'dynamic').length,
    );
  });

  it('answers $batch with per-request status, headers and body, counts sub-requests, enforces 20 and dependsOn', async () => {
    sandbox.control.resetStats();
    const device = sandbox.control.snapshot().devices[0];
    const batch = await graph('POST', '/beta/$batch', {
      requests: [
        { id: '1', method: 'GET', url: `${DM}/windowsAutopilotDeviceIdentities/${device?.id ?? ''}` },
        { id: '2', method: 'GET', url: `${DM}/windowsAutopilotDeviceIdentities/nope` },
        { id: '3', method: 'GET', url: '/groups', dependsOn: ['2'] },
        {
          id: '4',
          method: 'POST',
          url: `${DM}/windowsAutopilotDeviceIdentities/${device?.id ?? ''}/updateDeviceProperties`,
          body: { displayName: 'PC-1' },
          headers: { 'Content-Type': 'application/json' },
        },
      ],
    });
    expect(batch.status).toBe(200);
    const byId = Object.fromEntries((batch.json.responses as { id: string }[]).map((r) => [r.id, r])) as Record<
      string,
      any
    >;
    expect(byId['1']).toMatchObject({ status: 200, body: { id: device?.id } });
    expect(byId['1'].headers['Content-Type']).toContain('application/json');
    expect(byId['2'].status).toBe(404);
    expect(byId['3'].status).toBe(424);
    expect(byId['4'].status).toBe(204);
    expect(sandbox.control.stats()).toMatchObject({ batches: 1, batchSubRequests: 3 });
    const tooMany = await graph('POST', '/v1.0/$batch', {
      requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/groups' })),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.message).toBe('Number of requests inside batch exceeds the limit.');
  });
});
