import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AutopilotApi } from '../../../../electron/core/graph/autopilot-api';
import { silentLogger } from '../../../../electron/core/graph/logger';
import type { AutopilotIdentity } from '../../../../electron/core/graph/schemas';
import { lookupBeforeImport } from '../../../../electron/core/pipeline/lookup-phase';
import { Optimisations } from '../../../../electron/core/graph/optimisations';
import { CostModel } from '../../../../electron/core/pipeline/observe';
import { Journal } from '../../../../electron/core/store/journal';
import { newJournalDevice } from '../../../../electron/core/store/records';
import { VirtualClock } from '../../../../electron/core/pipeline/virtual-clock';

function identity(patch: Partial<AutopilotIdentity>): AutopilotIdentity {
  return {
    id: 'ap-1',
    serialNumber: 'SER1',
    groupTag: 'OD-RETAIL',
    manufacturer: 'HP',
    model: 'X',
    enrollmentState: 'notContacted',
    managedDeviceId: '00000000-0000-0000-0000-000000000000',
    userPrincipalName: '',
    addressableUserName: '',
    displayName: '',
    azureActiveDirectoryDeviceId: '',
    azureAdDeviceId: '',
    deploymentProfileAssignmentStatus: 'assignedInSync',
    deploymentProfileAssignmentDetailedStatus: 'none',
    remediationState: 'noRemediationRequired',
    deploymentProfileAssignedDateTime: null,
    deploymentProfile: null,
    intendedDeploymentProfile: null,
    ...patch,
  };
}

function setUp(
  found: AutopilotIdentity[],
  device: { replaceExisting?: boolean; assignedUser?: string; groupTag?: string },
) {
  const clock = new VirtualClock();
  const journal = Journal.open(mkdtempSync(join(tmpdir(), 'lookup-')), clock);
  const calls: string[] = [];
  const api = {
    optimisations: new Optimisations(() => clock.now(), silentLogger),
    listIdentities: () => Promise.resolve(found),
    identitiesBySerial: () => Promise.resolve(new Map([['SER1', found]])),
    deleteIdentity: (id: string) => {
      calls.push(`delete ${id}`);
      return Promise.resolve();
    },
    updateDeviceProperties: (id: string, properties: Record<string, string>) => {
      calls.push(`update ${id} ${JSON.stringify(properties)}`);
      return Promise.resolve();
    },
  } as unknown as AutopilotApi;
  const record = {
    ...newJournalDevice(
      {
        serial: 'SER1',
        hardwareHash: 'H',
        groupTag: device.groupTag ?? 'OD-RETAIL',
        assignedUser: device.assignedUser ?? '',
      },
      new Date(clock.now()).toISOString(),
    ),
    target: 'ready' as const,
    replaceExisting: device.replaceExisting ?? false,
  };
  journal.put(record);
  const ctx = {
    api,
    journal,
    clock,
    logger: silentLogger,
    cost: new CostModel(),
    batchSize: 500,
  };
  return { journal, calls, run: () => lookupBeforeImport(ctx, [journal.get('SER1')!]) };
}

describe('lookupBeforeImport', () => {
  it('refuses to replace a record enrolled in Intune, saying what to do first', async () => {
    const { journal, calls, run } = setUp([identity({ enrollmentState: 'enrolled', managedDeviceId: 'md-7' })], {
      replaceExisting: true,
    });
    await run();
    expect(calls).toEqual([]);
    expect(journal.get('SER1')).toMatchObject({
      stage: 'failed',
      problem: { code: 'enrolled-in-intune', stage: 'imported' },
    });
    expect(journal.get('SER1')?.problem?.nextStep).toMatch(/Delete the device in Intune/);
    journal.close();
  });

  it('deregisters a record that is not enrolled and waits for it to go before importing', async () => {
    const { journal, calls, run } = setUp([identity({})], { replaceExisting: true });
    await run();
    expect(calls).toEqual(['delete ap-1']);
    expect(journal.get('SER1')).toMatchObject({ replacedRecordId: 'ap-1', lookedUpAt: null, stage: 'collected' });
    await run();
    expect(calls).toEqual(['delete ap-1']);
    journal.close();
  });

  it('follows an existing record, updating tag and user only where they differ', async () => {
    const same = setUp([identity({})], {});
    await same.run();
    expect(same.calls).toEqual([]);
    expect(same.journal.get('SER1')).toMatchObject({ stage: 'imported', autopilotDeviceId: 'ap-1', importCount: 0 });
    same.journal.close();
    const moved = setUp([identity({ userPrincipalName: 'old@contoso.com', displayName: 'KIOSK-01' })], {
      groupTag: 'OD-KIOSK',
      assignedUser: 'new@contoso.com',
    });
    await moved.run();
    expect(moved.calls).toEqual([
      // Every property is sent, the name with its current value: an omitted one may be cleared (field notes B6).
      'update ap-1 {"groupTag":"OD-KIOSK","userPrincipalName":"new@contoso.com","addressableUserName":"new","displayName":"KIOSK-01"}',
    ]);
    expect(moved.journal.get('SER1')).toMatchObject({ stage: 'collected', autopilotDeviceId: 'ap-1' });
    expect(moved.journal.get('SER1')?.propertiesChangedAt).not.toBeNull();
    moved.journal.close();
  });
});
