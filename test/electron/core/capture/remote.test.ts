import { describe, expect, it } from 'vitest';
import { createAutoRemoteProvider } from '../../../../electron/core/capture/remote-choose';
import { createRemoteWindowsProvider, type RemoteTarget } from '../../../../electron/core/capture/remote';
import { powerShellLiteral } from '../../../../electron/core/capture/remote-script';
import { SANDBOX_BENCH_ACCOUNT } from '../../../../electron/core/capture/simulated-remote';
import { AppError } from '../../../../electron/core/errors';
import { validateHash } from '../../../../shared/domain/hash/validate';
import { REMOTE_FAILURES, recordedRunner, remoteOutput, scriptFailure } from '../../../fixtures/capture-outputs';
import { FIXTURE_NOW_MS } from '../../../fixtures/hashes';

const json = (value: unknown): string => `${JSON.stringify(value)}\r\n`;
const PASSWORD = 'Pa55-word!never-shown';
const TARGET: RemoteTarget = { computer: 'BENCH-PC07', user: 'CONTOSO\\bench.tech', password: PASSWORD };

async function failure(stdout: string, target: RemoteTarget = TARGET): Promise<AppError> {
  const runner = recordedRunner(() => ({ stdout }));
  try {
    await createRemoteWindowsProvider({ runner }).capture(target);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('capture succeeded');
}

const failed = (which: keyof typeof REMOTE_FAILURES): string =>
  json({ ...remoteOutput(), ...scriptFailure('failed', null), ...REMOTE_FAILURES[which] });

describe('remote capture over a CIM session', () => {
  it('opens the session as Get-WindowsAutopilotInfo -Name does and gives the password on stdin only', async () => {
    const runner = recordedRunner(() => ({ stdout: json(remoteOutput()) }));
    const device = await createRemoteWindowsProvider({ runner, systemRoot: 'C:\\Windows' }).capture(TARGET);
    const call = runner.calls[0];
    expect(call?.command).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    const script = Buffer.from(call?.args[5] ?? '', 'base64').toString('utf16le');
    expect(script).toContain("$computer = 'BENCH-PC07'");
    expect(script).toContain("$user = 'CONTOSO\\bench.tech'");
    expect(script).toContain('New-CimSession -ComputerName $computer -Credential $cred');
    expect(script).toContain(
      `Get-CimInstance -CimSession $session -Namespace root/cimv2/mdm/dmmap -ClassName MDM_DevDetail_Ext01 -Filter "InstanceID='Ext' AND ParentID='./DevDetail'"`,
    );
    expect(script).toContain('Get-CimInstance -CimSession $session -ClassName Win32_BIOS');
    expect(script).toContain('[Console]::In.ReadLine()');
    // The secret: on the child's standard input, never on its command line, in its script or its environment.
    expect(call?.options.input).toBe(`${PASSWORD}\n`);
    expect(JSON.stringify(call?.args)).not.toContain(PASSWORD);
    expect(script).not.toContain(PASSWORD);
    expect(call?.options.env).toBeUndefined();
    expect(device).toMatchObject({ serial: 'PF4RMT01', provider: 'windows-remote', manufacturer: 'LENOVO' });
    expect(device.notes[0]).toBe('Captured from BENCH-PC07 over a CIM session (WinRM).');
    // The same validation as a local capture.
    expect(validateHash(device.hardwareHash, { serial: device.serial, now: FIXTURE_NOW_MS }).ok).toBe(true);
  });

  it('uses the console account when no user is given', async () => {
    const runner = recordedRunner(() => ({ stdout: json(remoteOutput()) }));
    await createRemoteWindowsProvider({ runner }).capture({ computer: 'bench-pc07.contoso.local' });
    const script = Buffer.from(runner.calls[0]?.args[5] ?? '', 'base64').toString('utf16le');
    expect(script).toContain("$user = ''");
    expect(script).toContain('$session = New-CimSession -ComputerName $computer }');
    expect(runner.calls[0]?.options.input).toBe('\n');
  });

  it('quotes names so that nothing in them runs', () => {
    expect(powerShellLiteral("O'Brien")).toBe("'O''Brien'");
    expect(powerShellLiteral('a’b')).toBe("'a’’b'");
  });

  it.each([
    ['BENCH PC', /is not a computer name/],
    ['$(Remove-Item C:\\)', /is not a computer name/],
    ["PC01';calc;'", /is not a computer name/],
  ])('refuses the computer name %j before starting PowerShell', async (computer, pattern) => {
    const runner = recordedRunner(() => ({ stdout: json(remoteOutput()) }));
    await expect(createRemoteWindowsProvider({ runner }).capture({ computer })).rejects.toThrow(pattern);
    expect(runner.calls).toHaveLength(0);
  });

  it('asks for the password when a user is given without one', async () => {
    const runner = recordedRunner(() => ({ stdout: json(remoteOutput()) }));
    await expect(
      createRemoteWindowsProvider({ runner }).capture({ computer: 'PC01', user: 'PC01\\admin' }),
    ).rejects.toThrow('Enter the password of PC01\\admin (it is used for this capture only).');
    expect(runner.calls).toHaveLength(0);
  });

  it.each<[keyof typeof REMOTE_FAILURES, string, RegExp]>([
    ['unreachable', 'winrm-unreachable', /BENCH-PC07 did not answer over WinRM: .*winrm quickconfig/],
    ['trustedHosts', 'winrm-unreachable', /TrustedHosts -Value BENCH-PC07 -Concatenate/],
    ['wrongPassword', 'access-denied', /BENCH-PC07 refused the account: check the user name and password/],
    ['notAdmin', 'access-denied', /refused to read the hardware hash: the account must be an administrator/],
    ['notWindows', 'not-windows', /is not Windows \(no Win32_OperatingSystem\)/],
    ['home', 'class-missing', /^BENCH-PC07: .*Windows 11 Home \(Home\) has no MDM bridge/],
    ['generalError', 'cim-general-error', /KB5013942/],
  ])('names the failure "%s" (%s)', async (which, code, pattern) => {
    const error = await failure(failed(which));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(pattern);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('stops a capture that does not finish', async () => {
    const runner = recordedRunner(() => ({ timedOut: true, exitCode: null }));
    await expect(createRemoteWindowsProvider({ runner, timeoutMs: 30_000 }).capture(TARGET)).rejects.toMatchObject({
      code: 'timed-out',
      message: expect.stringMatching(/BENCH-PC07 did not finish within 30 s/) as unknown,
    });
  });
});

describe('the remote provider the console chooses', () => {
  it('uses the bench network of the sandbox there, and refuses off Windows against a tenant', async () => {
    let sandbox = true;
    const runner = recordedRunner(() => ({ stdout: json(remoteOutput()) }));
    const provider = createAutoRemoteProvider({ isSandbox: () => sandbox, platform: 'linux', runner });
    const device = await provider.capture({ computer: 'bench-pc01', user: SANDBOX_BENCH_ACCOUNT, password: 'x' });
    expect(device.provider).toBe('simulated-remote');
    const again = await provider.capture({ computer: 'BENCH-PC01', user: SANDBOX_BENCH_ACCOUNT, password: 'y' });
    expect(again.serial).toBe(device.serial);
    await expect(provider.capture({ computer: 'BENCH-PC01', user: 'someone', password: 'x' })).rejects.toMatchObject({
      code: 'access-denied',
    });
    await expect(
      provider.capture({ computer: 'BENCH-OFF', user: SANDBOX_BENCH_ACCOUNT, password: 'x' }),
    ).rejects.toMatchObject({
      code: 'winrm-unreachable',
    });
    await expect(
      provider.capture({ computer: 'BENCH-NAS', user: SANDBOX_BENCH_ACCOUNT, password: 'x' }),
    ).rejects.toMatchObject({
      code: 'not-windows',
    });
    await expect(
      provider.capture({ computer: 'BENCH-HOME', user: SANDBOX_BENCH_ACCOUNT, password: 'x' }),
    ).rejects.toMatchObject({
      code: 'class-missing',
    });
    sandbox = false;
    await expect(provider.capture(TARGET)).rejects.toMatchObject({ code: 'not-windows' });
    expect(runner.calls).toHaveLength(0);
    const onWindows = createAutoRemoteProvider({ isSandbox: () => false, platform: 'win32', runner });
    expect((await onWindows.capture(TARGET)).provider).toBe('windows-remote');
  });
});
