import { afterEach, describe, expect, it } from 'vitest';
import type { BulkOutcome } from '../../../../shared/ipc/device-schemas';
import { startSandboxApplication, type SandboxApplication } from '../../../helpers/sandbox-application';

describe('registering a device again in the console while it is followed', () => {
  let running: SandboxApplication;

  afterEach(async () => {
    await running.close();
  });

  it('the corrected tag wins: the device is not left on the mistyped one', async () => {
    running = await startSandboxApplication();
    const captured = await running.call<{ device: { id: string } }>('capture:this-device', {});
    const id = captured.device.id;
    let again: BulkOutcome | undefined;
    // Time stands still: the correction comes while the first registration is under way.
    await running.clock!.hold(async () => {
      await running.call('devices:register', { ids: [id], groupTag: 'OD-FINANC' });
      expect(running.application.records.get(id)?.view.inProgress).toBe(true);
      again = await running.call<BulkOutcome>('devices:register', { ids: [id], groupTag: 'OD-FINANCE' });
    });
    expect(again?.done).toEqual([id]);
    await running.settled(() => running.application.records.get(id)?.view.inProgress === false);
    const record = running.application.records.get(id);
    expect(record?.view).toMatchObject({ stage: 'ready', groupTag: 'OD-FINANCE', problem: null });
    expect(record?.timeline.map((entry) => entry.message)).toContain('Registered again with tag "OD-FINANCE", user ""');
    const outcomes = running.application.activity.list().filter((entry) => entry.action === 'Registration outcome');
    expect(outcomes.map((entry) => [entry.groupTag, entry.outcome])).toEqual([['OD-FINANCE', 'ok']]);
  });
});
