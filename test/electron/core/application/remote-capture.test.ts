import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_BENCH_ACCOUNT } from '../../../../electron/core/capture/simulated-remote';
import type { DeviceView } from '../../../../shared/domain/device';
import { startSandboxApplication, type SandboxApplication } from '../../../helpers/sandbox-application';

const PASSWORD = 'Bench-Pa55-never-kept';

describe('capturing another PC on the bench network (the application on the sandbox tenant)', () => {
  let running: SandboxApplication;
  const call = <T>(channel: string, request: unknown): Promise<T> => running.call<T>(channel, request);

  beforeEach(async () => {
    running = await startSandboxApplication();
  });

  afterEach(async () => {
    await running.close();
  });

  it('adds the PC at "Hash collected", validated as a local capture, and keeps no trace of the password', async () => {
    const { device, provider } = await call<{ device: DeviceView; provider: string }>('capture:remote', {
      computer: 'bench-pc01',
      user: SANDBOX_BENCH_ACCOUNT,
      password: PASSWORD,
      groupTag: 'OD-RETAIL',
    });
    expect(provider).toBe('simulated-remote');
    expect(device).toMatchObject({
      stage: 'collected',
      source: 'capture',
      origin: 'BENCH-PC01 (simulated-remote)',
      groupTag: 'OD-RETAIL',
    });
    const record = running.application.records.get(device.id);
    expect(record?.timeline.map((t) => t.message)).toContain(
      "Captured from BENCH-PC01 on the sandbox's bench network (simulated).",
    );
    const activity = running.application.activity.list();
    expect(activity.at(-1)).toMatchObject({ action: 'Add BENCH-PC01', serial: device.serial, outcome: 'ok' });
    const everything = JSON.stringify({
      board: running.application.board,
      timeline: record?.timeline,
      activity,
      exported: await call('activity:export', {}),
    });
    expect(everything).not.toContain(PASSWORD);
  });

  it('says which of WinRM, the account or the PC is the problem, and adds nothing', async () => {
    const attempt = (computer: string, user = SANDBOX_BENCH_ACCOUNT, password = PASSWORD) =>
      call('capture:remote', { computer, user, password }).then(
        () => 'captured',
        (error: unknown) => (error as Error).message,
      );
    expect(await attempt('BENCH-OFF')).toMatch(/^winrm-unreachable: BENCH-OFF did not answer over WinRM/);
    expect(await attempt('BENCH-PC01', 'CONTOSO\\someone')).toMatch(/^access-denied: BENCH-PC01 refused the account/);
    expect(await attempt('BENCH-NAS')).toMatch(
      /^not-windows: BENCH-NAS answered over WS-Management but is not Windows/,
    );
    expect(await attempt('BENCH-HOME')).toMatch(/^class-missing: .*Home has no MDM bridge/);
    expect(await attempt('BENCH-PC01', SANDBOX_BENCH_ACCOUNT, '')).toMatch(
      /^bad-input: Enter the password of BENCH\\tech \(it is used for this capture only\)\./,
    );
    expect(await attempt('BENCH PC01')).toMatch(/^bad-input: "BENCH PC01" is not a computer name/);
    expect(running.application.board).toEqual([]);
  });
});
