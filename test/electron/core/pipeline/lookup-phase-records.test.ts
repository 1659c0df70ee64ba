import { describe, expect, it } from 'vitest';
import type { AutopilotIdentity } from '../../../../electron/core/graph/schemas';
import {
  DELETION_RETRY_MS,
  lookupBeforeImport,
  remediationNote,
} from '../../../../electron/core/pipeline/lookup-phase';
import { CostModel } from '../../../../electron/core/pipeline/observe';
import type { JournalDevice } from '../../../../electron/core/store/types';
import { FakeAutopilot, graphError, identity, openJournal, recordingLogger } from './fake-autopilot';

function setUp(found: Partial<AutopilotIdentity>[], patch: Partial<JournalDevice> = {}) {
  const { clock, journal, add } = openJournal();
  const tenant = new FakeAutopilot(clock);
  tenant.identities = found.map((item) => identity(item));
  const logger = recordingLogger();
  const ctx = { api: tenant.api, journal, clock, logger, cost: new CostModel(), batchSize: 500 };
  add(patch);
  const now = new Date(clock.now()).toISOString();
  const run = async (): Promise<JournalDevice> => {
    await lookupBeforeImport(ctx, [journal.get('SER1')!]);
    return journal.get('SER1')!;
  };
  return { clock, journal, tenant, logger, run, now };
}

const REUSED =
  'the existing Autopilot record of this serial was kept: its hash is the one registered before, not the one captured now. If the motherboard was replaced, use Replace (--replace-existing)';

describe('remediationNote: a hardware change Intune reports on the record', () => {
  it("reads the portal's two states, in any case, and nothing else", () => {
    expect(remediationNote(identity({ remediationState: 'ManualRemediationRequired' }))).toEqual({
      manual: true,
      text: 'Intune reports a hardware change on the existing record ("Attention required": manual remediation required)',
    });
    expect(remediationNote(identity({ remediationState: 'automaticRemediationRequired' }))).toEqual({
      manual: false,
      text: 'Intune reports a hardware change on the existing record ("Fix pending": Autopilot repairs it automatically)',
    });
    expect(remediationNote(identity({ remediationState: 'noRemediationRequired' }))).toBeNull();
    expect(remediationNote(identity({ remediationState: 'unknownFutureValue' }))).toBeNull();
  });
});

describe('lookupBeforeImport: an existing record', () => {
  it('fails a record needing manual remediation: the device would not get its profile', async () => {
    const { run, tenant } = setUp([{ remediationState: 'manualRemediationRequired' }]);
    const device = await run();
    expect(device).toMatchObject({
      stage: 'failed',
      target: null,
      autopilotDeviceId: 'ap-1',
      problem: { code: 'hardware-changed', stage: 'imported' },
    });
    expect(device.problem?.reason).toMatch(
      /^Intune reports a hardware change .*: the record no longer matches the device/,
    );
    expect(device.problem?.nextStep).toMatch(/--replace-existing/);
    expect(tenant.count('updateDeviceProperties')).toBe(0);
  });

  it('follows a record Autopilot repairs itself, with the note and the kept hash said once', async () => {
    const { run, now } = setUp(
      [{ remediationState: 'automaticRemediationRequired', azureActiveDirectoryDeviceId: 'e-9' }],
      { warnings: [REUSED, 'Intune reports a hardware change (old)', 'capture note'] },
    );
    const device = await run();
    expect(device).toMatchObject({
      stage: 'imported',
      lookedUpAt: now,
      importStatus: 'existing',
      entraDeviceId: 'e-9',
      statusNote: null,
    });
    expect(device.warnings).toEqual([
      'capture note',
      REUSED,
      'Intune reports a hardware change on the existing record ("Fix pending": Autopilot repairs it automatically)',
    ]);
  });

  it('keeps the Entra id empty when the record has none, and the import status it had', async () => {
    const { run } = setUp([{ azureAdDeviceId: '', azureActiveDirectoryDeviceId: '' }], { importStatus: 'complete' });
    expect(await run()).toMatchObject({
      stage: 'imported',
      entraDeviceId: null,
      importStatus: 'complete',
      warnings: [REUSED],
    });
    const withId = setUp([{ azureAdDeviceId: 'e-1', azureActiveDirectoryDeviceId: 'e-2' }]);
    expect((await withId.run()).entraDeviceId).toBe('e-1');
  });

  it('updates only the user when only the user differs, keeping the short name when it is the same person', async () => {
    const { run, tenant } = setUp(
      [{ userPrincipalName: 'A@contoso.com', addressableUserName: 'Ann', displayName: 'PC-1' }],
      { assignedUser: 'a@contoso.com' },
    );
    const same = await run();
    expect(same.stage).toBe('imported');
    expect(tenant.count('updateDeviceProperties')).toBe(0);
    const moved = setUp([{ userPrincipalName: 'a@contoso.com', addressableUserName: 'Ann' }], {
      assignedUser: 'b@contoso.com',
    });
    const device = await moved.run();
    expect(moved.tenant.calls.at(-1)).toBe(
      'updateDeviceProperties ap-1 {"groupTag":"OD-RETAIL","userPrincipalName":"b@contoso.com","addressableUserName":"b","displayName":""}',
    );
    expect(device).toMatchObject({
      stage: 'collected',
      propertiesChangedAt: moved.now,
      statusNote: 'existing record updated (user); waiting for Intune to show the new values',
    });
    expect(moved.logger.lines).toEqual([
      'info existing record updated instead of re-imported {"serial":"SER1","tagChanged":false,"userChanged":true,"nameChanged":false}',
    ]);
  });

  it('keeps the short name of the same person in another case when only the tag changes', async () => {
    const { run, tenant } = setUp(
      [{ groupTag: 'OLD', userPrincipalName: 'Ann@Contoso.com', addressableUserName: 'Ann' }],
      {
        assignedUser: 'ann@contoso.com',
      },
    );
    expect((await run()).statusNote).toBe(
      'existing record updated (group tag); waiting for Intune to show the new values',
    );
    expect(tenant.calls.at(-1)).toBe(
      'updateDeviceProperties ap-1 {"groupTag":"OD-RETAIL","userPrincipalName":"ann@contoso.com","addressableUserName":"Ann","displayName":""}',
    );
  });

  it('says "group tag and user" when both change, keeping the user of the record when none is given', async () => {
    const both = setUp([{ groupTag: 'OLD', userPrincipalName: 'a@contoso.com' }], { assignedUser: 'b@contoso.com' });
    expect((await both.run()).statusNote).toBe(
      'existing record updated (group tag and user); waiting for Intune to show the new values',
    );
    const tag = setUp([{ groupTag: 'OLD', userPrincipalName: 'a@contoso.com', addressableUserName: 'Ann' }]);
    expect((await tag.run()).statusNote).toBe(
      'existing record updated (group tag); waiting for Intune to show the new values',
    );
    expect(tag.tenant.calls.at(-1)).toBe(
      'updateDeviceProperties ap-1 {"groupTag":"OD-RETAIL","userPrincipalName":"a@contoso.com","addressableUserName":"Ann","displayName":""}',
    );
  });

  it('fails when the update is refused: the permission on 403, the reason otherwise', async () => {
    const denied = setUp([{ groupTag: 'OLD' }]);
    denied.tenant.fail.set('updateDeviceProperties', graphError(403));
    const refused = await denied.run();
    expect(refused).toMatchObject({ stage: 'failed', target: null, autopilotDeviceId: 'ap-1' });
    expect(refused.problem).toMatchObject({ code: 'permission-missing', stage: 'imported' });
    expect(refused.problem?.reason).toMatch(
      /DeviceManagementServiceConfig\.ReadWrite\.All.*the existing record could not be updated \(403\)/,
    );
    const bad = setUp([{ groupTag: 'OLD' }]);
    bad.tenant.fail.set('updateDeviceProperties', graphError(400, 'user not found'));
    expect((await bad.run()).problem).toMatchObject({
      code: 'update-failed',
      stage: 'imported',
      reason: "The existing record's group tag, user or name could not be updated: user not found",
      nextStep: 'Check the user principal name (a licensed Intune user) and the device name, then run again.',
    });
    const bug = setUp([{ groupTag: 'OLD' }]);
    bug.tenant.fail.set('updateDeviceProperties', new TypeError('bug'));
    await expect(bug.run()).rejects.toThrow('bug');
  });

  it('records only the look-up when the serial is not registered', async () => {
    const { run, now, tenant } = setUp([]);
    expect(await run()).toMatchObject({ stage: 'collected', lookedUpAt: now, autopilotDeviceId: null });
    expect(tenant.calls).toEqual(['identitiesBySerial SER1']);
  });
});

describe('lookupBeforeImport: 806 and the replace flow', () => {
  it('waits a minute and uploads again when Intune answered 806 but lists no record', async () => {
    const { run, clock, now } = setUp([], { importStatus: 'error' });
    expect(DELETION_RETRY_MS).toBe(60_000);
    const device = await run();
    expect(device).toMatchObject({
      lookedUpAt: now,
      importStatus: null,
      uploadAfter: new Date(clock.now() + 60_000).toISOString(),
      statusNote:
        'Intune answered 806 (already registered here) but lists no record with this serial: a deletion may still be in progress; uploading again shortly',
    });
  });

  it('says the old record is still being deleted when a replacement meets 806', async () => {
    const { run } = setUp([], { importStatus: 'error', replaceExisting: true, replacedRecordId: 'ap-old' });
    expect((await run()).statusNote).toBe(
      'the old record is still being deleted (Intune answers 806 meanwhile); uploading the new hash again shortly',
    );
  });

  it('imports the new hash once the deregistered record is no longer listed', async () => {
    const { run, now, tenant } = setUp([], { replaceExisting: true, replacedRecordId: 'ap-old' });
    expect(await run()).toMatchObject({ lookedUpAt: now, statusNote: 'old record gone; importing the new hash' });
    expect(tenant.count('deleteIdentity')).toBe(0);
    const fresh = setUp([], { replaceExisting: true });
    expect(await fresh.run()).toMatchObject({ lookedUpAt: fresh.now, statusNote: null });
  });

  it('follows a record registered since the old one was deregistered', async () => {
    const { run, tenant } = setUp([{ id: 'ap-new' }], { replaceExisting: true, replacedRecordId: 'ap-old' });
    expect(await run()).toMatchObject({ stage: 'imported', autopilotDeviceId: 'ap-new' });
    expect(tenant.count('deleteIdentity')).toBe(0);
  });

  it('keeps waiting while the deregistered record is still listed', async () => {
    const { run } = setUp([{ id: 'ap-old' }], { replaceExisting: true, replacedRecordId: 'ap-old' });
    expect(await run()).toMatchObject({ lookedUpAt: null, replacedRecordId: 'ap-old' });
  });

  it('deregisters every record of the serial, logging it', async () => {
    const { run, tenant, logger } = setUp([{ id: 'ap-1' }, { id: 'ap-2' }], { replaceExisting: true });
    expect(await run()).toMatchObject({
      replacedRecordId: 'ap-1',
      statusNote: 'old record deregistered; waiting until Intune no longer lists it before importing the new hash',
    });
    expect(tenant.calls.slice(1)).toEqual(['deleteIdentity ap-1', 'deleteIdentity ap-2']);
    expect(logger.lines).toEqual([
      'info deregistered the existing record before importing the new hash {"serial":"SER1"}',
    ]);
  });

  it('fails when the old record cannot be deregistered, saying where to delete it', async () => {
    const { run, tenant } = setUp([{}], { replaceExisting: true });
    tenant.fail.set('deleteIdentity', graphError(500, 'service error'));
    expect((await run()).problem).toMatchObject({
      code: 'deregister-failed',
      stage: 'imported',
      reason: 'The existing record could not be deregistered: service error',
      nextStep: 'Delete the device in Intune > Windows enrollment > Devices, then run again.',
    });
    const bug = setUp([{}], { replaceExisting: true });
    bug.tenant.fail.set('deleteIdentity', new TypeError('bug'));
    await expect(bug.run()).rejects.toThrow('bug');
  });

  it('refuses a replacement when a record is enrolled by its managed device id alone', async () => {
    const { run, tenant } = setUp([{}, { id: 'ap-2', managedDeviceId: 'md-1' }], { replaceExisting: true });
    expect((await run()).problem).toMatchObject({ code: 'enrolled-in-intune' });
    expect(tenant.count('deleteIdentity')).toBe(0);
  });

  it('follows the new record once the import of a replacement went through', async () => {
    const { run } = setUp([{ id: 'ap-old' }, { id: 'ap-new' }], {
      replaceExisting: true,
      replacedRecordId: 'ap-gone',
      importStatus: 'error',
    });
    expect(await run()).toMatchObject({ stage: 'imported', autopilotDeviceId: 'ap-old' });
  });
});
