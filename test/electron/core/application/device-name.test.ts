import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkOutcome } from '../../../../shared/ipc/device-schemas';
import { startSandboxApplication, type SandboxApplication } from '../../../helpers/sandbox-application';

describe('registering with a device name (the application on the sandbox tenant)', () => {
  let running: SandboxApplication;
  const call = <T>(channel: string, request: unknown): Promise<T> => running.call<T>(channel, request);
  const view = (id: string) => running.application.records.get(id)?.view;
  const stopped = () => running.application.records.list().every((r) => !r.view.inProgress);
  const capture = async (): Promise<string> =>
    (await call<{ device: { id: string } }>('capture:this-device', { groupTag: 'OD-RETAIL' })).device.id;

  beforeEach(async () => {
    running = await startSandboxApplication();
  });

  afterEach(async () => {
    await running.close();
  });

  it('shows the name on the board at once and sets it in the tenant', async () => {
    const id = await capture();
    const outcome = await call<BulkOutcome>('devices:register', { ids: [id], deviceName: 'RET-TILL-07' });
    expect(outcome.done).toEqual([id]);
    expect(view(id)).toMatchObject({ deviceName: 'RET-TILL-07', inProgress: true });
    await running.settled(stopped);
    expect(view(id)).toMatchObject({ stage: 'ready', deviceName: 'RET-TILL-07' });
    // Ready only once the tenant read the name back; the timeline says it was sent and waited for.
    const timeline = running.application.records.get(id)?.timeline.map((t) => t.message) ?? [];
    expect(timeline).toContain('registered; device name "RET-TILL-07" sent, waiting for Intune to show it');
    const logged = running.application.activity.list().find((e) => e.action === 'Register');
    expect(logged?.detail).toBe('Device name RET-TILL-07');
  });

  it('expands a template per device from the serial', async () => {
    const ids = [await capture(), await capture()];
    await call('devices:register', { ids, deviceName: 'R-%SERIAL%' });
    for (const id of ids) expect(view(id)?.deviceName).toBe(`R-${view(id)?.hashSerial ?? view(id)?.serial}`);
    await running.settled(stopped);
  });

  it('refuses one name for several devices, and skips a device whose name would be too long', async () => {
    const ids = [await capture(), await capture()];
    await expect(call('devices:register', { ids, deviceName: 'RET-TILL-07' })).rejects.toThrow(
      /bad-input: Device name "RET-TILL-07" is one device's name: for 2 devices use a template/,
    );
    expect(ids.map((id) => view(id)?.inProgress ?? false)).toEqual([false, false]);
    const outcome = await call<BulkOutcome>('devices:register', { ids, deviceName: 'RETAIL-%SERIAL%' });
    expect(outcome.done).toEqual([]);
    expect(outcome.skipped[0]?.reason).toMatch(/^Device name "RETAIL-\S+" is \d+ characters long \(at most 15\)\.$/);
  });
});
