/* eslint-disable @typescript-eslint/no-unsafe-member-access -- Graph bodies are read loosely; each assertion states the shape it expects. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeTestSandboxes,
  createManualClock,
  sandboxGraph,
  sandboxToken,
  startTestSandbox,
} from '../../../helpers/sandbox';

describe('sandbox state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
  afterAll(async () => {
    await closeTestSandboxes();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the tenant, its devices and imports across restarts, but never the client secret', async () => {
    const stateFile = join(dir, 'tenant.json');
    const clock = createManualClock();
    const first = await startTestSandbox({ clock, stateFile });
    const graph = sandboxGraph(first, await sandboxToken(first));
    const { serial, hardwareHash } = first.control.makeHash();
    await graph('POST', '/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities', {
      serialNumber: serial,
      hardwareIdentifier: hardwareHash,
      groupTag: 'OD-KIOSK',
    });
    clock.advance(100 + first.control.latencies().outOfSync);
    expect(first.control.snapshot().devices.some((d) => d.serialNumber === serial)).toBe(true);
    await first.close();
    const saved = readFileSync(stateFile, 'utf8');
    expect(saved).toContain(serial);
    expect(saved).not.toContain(first.clientSecret);

    const second = await startTestSandbox({ clock, stateFile });
    expect(second.tenantId).toBe(first.tenantId);
    expect(second.clientId).toBe(first.clientId);
    const again = sandboxGraph(second, await sandboxToken(second));
    const found = await again(
      'GET',
      `/beta/deviceManagement/windowsAutopilotDeviceIdentities?$filter=contains(serialNumber,'${serial}')`,
    );
    expect(found.json.value[0]).toMatchObject({
      serialNumber: serial,
      groupTag: 'OD-KIOSK',
      deploymentProfileAssignmentStatus: 'assignedInSync',
    });
    await second.close();
  });
});
