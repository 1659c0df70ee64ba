/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- Graph bodies are read loosely; each assertion states the shape it expects. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHash } from '../../../../shared/domain/hash/build';
import { SANDBOX_FOREIGN_SERIALS, type RunningSandbox } from '../../../../electron/core/sandbox/index';
import {
  closeTestSandboxes,
  createManualClock,
  sandboxGraph,
  sandboxToken,
  startTestSandbox,
} from '../../../helpers/sandbox';

const IMPORTS = '/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities';
const DEVICES = '/beta/deviceManagement/windowsAutopilotDeviceIdentities';

describe('sandbox Autopilot lifecycle (test speed, manual clock)', () => {
  const clock = createManualClock();
  let sandbox: RunningSandbox;
  let graph: ReturnType<typeof sandboxGraph>;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ clock, seed: 3, throttle: false });
    graph = sandboxGraph(sandbox, await sandboxToken(sandbox));
  });
  afterAll(closeTestSandboxes);

  const profileId = (name: string): string =>
    sandbox.control.snapshot().profiles.find((p) => p.displayName.includes(name))?.id ?? '';
  const groupId = (name: string): string =>
    sandbox.control.snapshot().groups.find((g) => g.displayName === name)?.id ?? '';
  const importOne = async (record: Record<string, unknown>) => {
    const response = await graph('POST', `${IMPORTS}/import`, { importedWindowsAutopilotDeviceIdentities: [record] });
    expect(response.status).toBe(200);
    return response.json.value[0] as { id: string; state: Record<string, unknown> };
  };
  const memberOf = async (azureAdDeviceId: string) => {
    const found = await graph('GET', `/v1.0/devices?$filter=deviceId eq '${azureAdDeviceId}'`);
    const objectId = found.json.value[0].id as string;
    return ((await graph('GET', `/v1.0/devices/${objectId}/memberOf`)).json.value as { id: string }[]).map((g) => g.id);
  };

  it('moves an import from unknown/pending to complete, then identity, group and profile follow', async () => {
    const { serial, hardwareHash } = sandbox.control.makeHash({ manufacturer: 'HP', model: 'HP EliteBook 840 G10' });
    const created = await importOne({
      serialNumber: serial,
      hardwareIdentifier: hardwareHash,
      groupTag: 'OD-RETAIL',
      productKey: '',
    });
    expect(created.state).toMatchObject({ deviceImportStatus: 'unknown', deviceErrorCode: 0 });
    clock.advance(20);
    expect((await graph('GET', `${IMPORTS}/${created.id}`)).json.state.deviceImportStatus).toBe('pending');
    clock.advance(20);
    const done = (await graph('GET', `${IMPORTS}/${created.id}`)).json.state;
    expect(done).toMatchObject({ deviceImportStatus: 'complete', deviceErrorCode: 0, deviceErrorName: '' });
    const id = done.deviceRegistrationId as string;
    expect((await graph('GET', `${DEVICES}/${id}`)).status).toBe(404);
    clock.advance(5);
    const device = (await graph('GET', `${DEVICES}/${id}`)).json;
    expect(device).toMatchObject({
      id,
      serialNumber: serial,
      manufacturer: 'HP',
      model: 'HP EliteBook 840 G10',
      groupTag: 'OD-RETAIL',
      deploymentProfileAssignmentStatus: 'notAssigned',
      deploymentProfileAssignedDateTime: '0001-01-01T00:00:00Z',
    });
    expect(
      (await graph('GET', `/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/${id}`)).json,
    ).not.toHaveProperty('deploymentProfileAssignmentStatus');
    const entra = (
      await graph('GET', `/v1.0/devices?$filter=deviceId eq '${device.azureActiveDirectoryDeviceId as string}'`)
    ).json.value[0];
    expect(entra.physicalIds).toEqual(expect.arrayContaining([`[ZTDID]:${id}`, '[OrderId]:OD-RETAIL']));
    expect(await memberOf(device.azureActiveDirectoryDeviceId as string)).not.toContain(groupId('Autopilot OD-RETAIL'));
    clock.advance(25);
    expect(await memberOf(device.azureActiveDirectoryDeviceId as string)).toContain(groupId('Autopilot OD-RETAIL'));
    const pending = (await graph('GET', `${DEVICES}/${id}?$expand=deploymentProfile,intendedDeploymentProfile`)).json;
    expect(pending.deploymentProfileAssignmentStatus).toBe('pending');
    expect(pending.intendedDeploymentProfile.id).toBe(profileId('Retail'));
    expect(pending).not.toHaveProperty('deploymentProfile');
    clock.advance(30);
    const assigned = (await graph('GET', `${DEVICES}/${id}?$expand=deploymentProfile`)).json;
    // Assigned in Intune, not yet in sync with the Autopilot service (field notes B2), then in sync.
    expect(assigned.deploymentProfileAssignmentStatus).toBe('assignedOutOfSync');
    expect(assigned.deploymentProfile.id).toBe(profileId('Retail'));
    // registered at +40 ms, group member at +70, profile assigned at +100: exactly now.
    expect(Date.parse(assigned.deploymentProfileAssignedDateTime as string)).toBe(clock.now());
    clock.advance(sandbox.control.latencies().outOfSync);
    expect((await graph('GET', `${DEVICES}/${id}`)).json.deploymentProfileAssignmentStatus).toBe('assignedInSync');
    const assignedDevices = (
      await graph(
        'GET',
        `/beta/deviceManagement/windowsAutopilotDeploymentProfiles/${profileId('Retail')}/assignedDevices`,
      )
    ).json.value as { id: string }[];
    expect(assignedDevices.map((d) => d.id)).toContain(id);
  });

  it('fails imports with 806, 808, 802 and ZtdDeviceDuplicated as DDS does', async () => {
    const hash = (serial: string, manufacturer = 'LENOVO') =>
      buildHash({
        serial,
        manufacturer,
        model: '21G2',
        uuid: '4C4C4544-0000-1000-8000-000000000001',
        capturedAtMs: clock.now(),
      });
    const fresh = sandbox.control.makeHash();
    const good = hash('NOSERIALX').replace(/^(.{100})(.)/, (_m, a: string, b: string) => a + (b === 'A' ? 'B' : 'A'));
    const response = await graph('POST', `${IMPORTS}/import`, {
      importedWindowsAutopilotDeviceIdentities: [
        { serialNumber: 'PF4SBX0001', hardwareIdentifier: hash('PF4SBX0001'), groupTag: 'OD-FINANCE' },
        { serialNumber: SANDBOX_FOREIGN_SERIALS[0], hardwareIdentifier: hash(SANDBOX_FOREIGN_SERIALS[0]) },
        { serialNumber: 'X', hardwareIdentifier: hash('') },
        { serialNumber: 'NOSERIALX', hardwareIdentifier: good },
        { serialNumber: fresh.serial, hardwareIdentifier: fresh.hardwareHash },
        { serialNumber: fresh.serial, hardwareIdentifier: fresh.hardwareHash },
      ],
    });
    const ids = (response.json.value as { id: string }[]).map((r) => r.id);
    clock.advance(40);
    const states = await Promise.all(ids.map(async (id) => (await graph('GET', `${IMPORTS}/${id}`)).json.state));
    expect(states.map((s) => [s.deviceImportStatus, s.deviceErrorCode, s.deviceErrorName])).toEqual([
      ['error', 806, 'ZtdDeviceAlreadyAssigned'],
      ['error', 808, 'ZtdDeviceAssignedToOtherTenant'],
      ['error', 802, 'InvalidZtdHardwareHash'],
      ['error', 802, 'InvalidZtdHardwareHash'],
      ['complete', 0, ''],
      ['error', 815, 'ZtdDeviceDuplicated'],
    ]);
  });

  it('ends an import in a forced DDS error such as StorageError', async () => {
    const { serial, hardwareHash } = sandbox.control.makeHash();
    sandbox.control.forceImportError(serial, { code: 640, name: 'StorageError' });
    const created = await importOne({ serialNumber: serial, hardwareIdentifier: hardwareHash });
    clock.advance(40);
    expect((await graph('GET', `${IMPORTS}/${created.id}`)).json.state).toMatchObject({
      deviceImportStatus: 'error',
      deviceErrorCode: 640,
      deviceErrorName: 'StorageError',
    });
    sandbox.control.forceImportError(serial, null);
  });

  it('rejects unpadded or non-base64 hashes synchronously with the Edm.Binary literal error', async () => {
    const { hardwareHash } = sandbox.control.makeHash();
    for (const bad of [hardwareHash.slice(0, -1), `${hardwareHash.slice(0, -4)}-_==`]) {
      const before = sandbox.control.snapshot().imports.length;
      const response = await graph('POST', IMPORTS, { serialNumber: 'A', hardwareIdentifier: bad });
      expect(response.status).toBe(400);
      expect(response.json.error.code).toBe('BadRequest');
      expect(response.json.error.message).toBe(
        `Cannot convert the literal '${bad}' to the expected type 'Edm.Binary'.`,
      );
      expect(sandbox.control.snapshot().imports.length).toBe(before);
    }
  });

  it('keeps the old profile until the group re-evaluates after a group tag change', async () => {
    const device = sandbox.control.addRegisteredDevice({ groupTag: 'OD-FINANCE' });
    const get = async () =>
      (await graph('GET', `${DEVICES}/${device.id}?$expand=deploymentProfile,intendedDeploymentProfile`)).json;
    expect((await get()).deploymentProfile.id).toBe(profileId('Finance'));
    expect(
      (await graph('POST', `${DEVICES}/${device.id}/updateDeviceProperties`, { groupTag: 'OD-RETAIL' })).status,
    ).toBe(204);
    // Accepted at once, read back after the property lag (field notes B6).
    expect((await get()).groupTag).toBe('OD-FINANCE');
    clock.advance(sandbox.control.latencies().propertyLag);
    const lingering = await get();
    expect(lingering).toMatchObject({ groupTag: 'OD-RETAIL', deploymentProfileAssignmentStatus: 'assignedInSync' });
    expect(lingering.deploymentProfile.id).toBe(profileId('Finance'));
    expect(await memberOf(device.azureAdDeviceId)).toContain(groupId('Autopilot OD-FINANCE'));
    clock.advance(30);
    expect(await memberOf(device.azureAdDeviceId)).toEqual(expect.arrayContaining([groupId('Autopilot OD-RETAIL')]));
    expect(await memberOf(device.azureAdDeviceId)).not.toContain(groupId('Autopilot OD-FINANCE'));
    const switching = await get();
    expect(switching.deploymentProfileAssignmentStatus).toBe('pending');
    expect(switching.deploymentProfile.id).toBe(profileId('Finance'));
    expect(switching.intendedDeploymentProfile.id).toBe(profileId('Retail'));
    clock.advance(30 + sandbox.control.latencies().outOfSync);
    const settled = await get();
    expect(settled.deploymentProfileAssignmentStatus).toBe('assignedInSync');
    expect(settled.deploymentProfile.id).toBe(profileId('Retail'));
  });

  it('gives the oldest profile when several target the device, and none for OD-LAB', async () => {
    const devices = (await graph('GET', DEVICES)).json.value as Record<string, any>[];
    const kiosk = devices.find((d) => d.serialNumber === 'JH9SBX0004') as Record<string, string>;
    const lab = devices.find((d) => d.serialNumber === 'JH9SBX0005') as Record<string, string>;
    expect(await memberOf(kiosk.azureActiveDirectoryDeviceId as string)).toEqual(
      expect.arrayContaining([groupId('Autopilot OD-KIOSK'), groupId('Autopilot OD-K* (prefix)')]),
    );
    const expandedKiosk = (await graph('GET', `${DEVICES}/${kiosk.id}?$expand=deploymentProfile`)).json;
    expect(expandedKiosk.deploymentProfile.id).toBe(profileId('OneDeploy Kiosk (self-deploying)'));
    expect(lab.deploymentProfileAssignmentStatus).toBe('notAssigned');
    expect(await memberOf(lab.azureActiveDirectoryDeviceId as string)).toContain(groupId('Autopilot OD-LAB'));
  });

  it('runs a manual sync: 204, 409 while running, 429 inside 10 minutes, and lists new devices at its end', async () => {
    sandbox.control.setLatencies({ identity: 60_000 });
    const { serial, hardwareHash } = sandbox.control.makeHash();
    const created = await importOne({ serialNumber: serial, hardwareIdentifier: hardwareHash, groupTag: 'OD-LAB' });
    clock.advance(40);
    const id = (await graph('GET', `${IMPORTS}/${created.id}`)).json.state.deviceRegistrationId as string;
    expect((await graph('GET', `${DEVICES}/${id}`)).status).toBe(404);
    expect((await graph('POST', '/beta/deviceManagement/windowsAutopilotSettings/sync')).status).toBe(204);
    expect((await graph('GET', '/beta/deviceManagement/windowsAutopilotSettings')).json.syncStatus).toBe('inProgress');
    expect((await graph('POST', '/beta/deviceManagement/windowsAutopilotSettings/sync')).status).toBe(409);
    clock.advance(20);
    expect((await graph('GET', `${DEVICES}/${id}`)).status).toBe(200);
    const settings = (await graph('GET', '/beta/deviceManagement/windowsAutopilotSettings')).json;
    expect(settings).toMatchObject({
      syncStatus: 'completed',
      lastManualSyncTriggerDateTime: new Date(clock.now() - 20).toISOString(),
    });
    const tooSoon = await graph('POST', '/beta/deviceManagement/windowsAutopilotSettings/sync');
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get('retry-after'))).toBe(600);
    clock.advance(600_000);
    expect((await graph('POST', '/beta/deviceManagement/windowsAutopilotSettings/sync')).status).toBe(204);
    sandbox.control.setLatencies({ identity: 5 });
  });
});
