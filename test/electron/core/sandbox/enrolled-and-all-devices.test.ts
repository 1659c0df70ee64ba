import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../../electron/core/sandbox/index';
import {
  closeTestSandboxes,
  createManualClock,
  sandboxGraph,
  sandboxToken,
  startTestSandbox,
  type ManualClock,
} from '../../../helpers/sandbox';

const DM = '/deviceManagement';

describe('sandbox: Intune-enrolled devices, All-devices exclusions, nested @odata.type', () => {
  let sandbox: RunningSandbox;
  let clock: ManualClock;
  let graph: ReturnType<typeof sandboxGraph>;
  beforeAll(async () => {
    clock = createManualClock();
    sandbox = await startTestSandbox({ clock, seed: 5, throttle: false });
    graph = sandboxGraph(sandbox, await sandboxToken(sandbox));
  });
  afterAll(closeTestSandboxes);

  it('shows a seeded enrolled device as enrolled with its managed device id, and refuses to delete it', async () => {
    const device = sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL', enrolled: true });
    const view = (await graph('GET', `/beta${DM}/windowsAutopilotDeviceIdentities/${device.id}`)).json;
    expect(view.enrollmentState).toBe('enrolled');
    expect(view.managedDeviceId).not.toMatch(/^0{8}-/);
    const refused = await graph('DELETE', `/v1.0${DM}/windowsAutopilotDeviceIdentities/${device.id}`);
    expect(refused.status).toBe(400);
    expect((refused.json as { error: { message: string } }).error.message).toMatch(/enrolled in Intune/);
    expect((await graph('GET', `/v1.0${DM}/windowsAutopilotDeviceIdentities/${device.id}`)).status).toBe(200);
    const plain = sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
    expect((await graph('DELETE', `/v1.0${DM}/windowsAutopilotDeviceIdentities/${plain.id}`)).status).toBe(204);
  });

  it('does not apply an exclusion to a profile assigned to All devices', async () => {
    const kiosk = sandbox.control.snapshot().groups.find((group) => group.displayName === 'Autopilot OD-KIOSK');
    const { profileId } = sandbox.control.addAllDevicesProfile({
      profileName: 'Everyone',
      profileAgeMs: 1000 * 86_400_000,
      excludeGroupIds: [kiosk?.id ?? ''],
    });
    const device = sandbox.control.addRegisteredDevice({ groupTag: 'OD-KIOSK' });
    clock.advance(10 * 60_000);
    graph = sandboxGraph(sandbox, await sandboxToken(sandbox));
    const view = (
      await graph('GET', `/beta${DM}/windowsAutopilotDeviceIdentities/${device.id}?$expand=deploymentProfile`)
    ).json;
    expect((view as { deploymentProfile?: { id: string } }).deploymentProfile?.id).toBe(profileId);
  });

  it('writes the nested state @odata.type with its leading #', async () => {
    const hash = sandbox.control.makeHash();
    const created = (
      await graph('POST', `/v1.0${DM}/importedWindowsAutopilotDeviceIdentities`, {
        serialNumber: hash.serial,
        hardwareIdentifier: hash.hardwareHash,
        groupTag: '',
      })
    ).json;
    expect((created as { state: Record<string, string> }).state['@odata.type']).toBe(
      '#microsoft.graph.importedWindowsAutopilotDeviceIdentityState',
    );
  });
});
