import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../../../electron/core/capture/capture-error';
import { createWindowsProvider, parseScriptOutput } from '../../../../electron/core/capture/windows';
import { WINDOWS_CAPTURE_SCRIPT } from '../../../../electron/core/capture/windows-script';
import { recordedRunner, scriptFailure, scriptOutput } from '../../../fixtures/capture-outputs';
import { fixtureHash } from '../../../fixtures/hashes';

const json = (value: unknown): string => `${JSON.stringify(value)}\r\n`;

async function captureError(
  stdout: string,
  extra: { timedOut?: boolean; exitCode?: number | null; stderr?: string } = {},
): Promise<CaptureError> {
  const runner = recordedRunner(() => ({ stdout, ...extra }));
  try {
    await createWindowsProvider({ runner }).capture();
  } catch (error) {
    if (error instanceof CaptureError) return error;
    throw error;
  }
  throw new Error('capture succeeded');
}

describe('windows provider', () => {
  it('runs one System32 Windows PowerShell, hidden, with an encoded script and a timeout', async () => {
    const runner = recordedRunner(() => ({ stdout: json(scriptOutput()) }));
    await createWindowsProvider({ runner, systemRoot: 'D:\\Windows', timeoutMs: 90_000 }).capture();
    expect(runner.calls).toHaveLength(1);
    const call = runner.calls[0];
    expect(call?.command).toBe('D:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(call?.args.slice(0, 5)).toEqual([
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-EncodedCommand',
    ]);
    expect(Buffer.from(call?.args[5] ?? '', 'base64').toString('utf16le')).toBe(WINDOWS_CAPTURE_SCRIPT);
    expect(call?.options).toMatchObject({ timeoutMs: 90_000, windowsHide: true });
    // Well inside the 32,767-character limit of a Windows command line.
    expect([call?.command, ...(call?.args ?? [])].join(' ').length).toBeLessThan(8191);
  });

  it('the script checks elevation before the hash and uses the documented class and filter', () => {
    const elevation = WINDOWS_CAPTURE_SCRIPT.indexOf('IsInRole');
    const query = WINDOWS_CAPTURE_SCRIPT.indexOf('MDM_DevDetail_Ext01');
    expect(elevation).toBeGreaterThan(0);
    expect(elevation).toBeLessThan(query);
    expect(WINDOWS_CAPTURE_SCRIPT).toContain(
      `-Namespace root/cimv2/mdm/dmmap -ClassName MDM_DevDetail_Ext01 -Filter "InstanceID='Ext' AND ParentID='./DevDetail'"`,
    );
    for (const source of [
      'Win32_BIOS',
      'Win32_ComputerSystem',
      'Win32_ComputerSystemProduct',
      'Get-Tpm',
      'ConvertTo-Json -Compress',
    ]) {
      expect(WINDOWS_CAPTURE_SCRIPT).toContain(source);
    }
    expect(WINDOWS_CAPTURE_SCRIPT).not.toContain('OA3xOriginalProductKey');
  });

  it('returns the device from recorded output, even after PowerShell warnings', async () => {
    const stdout = `WARNING: something unrelated\r\n${json(scriptOutput({ tpmReady: false }))}`;
    const device = await createWindowsProvider({ runner: recordedRunner(() => ({ stdout })) }).capture();
    expect(device).toMatchObject({
      serial: 'PF4XK2QZ',
      manufacturer: 'LENOVO',
      model: '21G2',
      uuid: '4C4C4544-0042-3510-8051-B4C04F4E3332',
      hardwareHash: fixtureHash(),
      productId: '',
      provider: 'windows',
      tpm: { present: true, ready: false },
      edition: 'Microsoft Windows 11 Pro',
    });
    expect(device.notes.join(' ')).toMatch(/not ready/);
  });

  it('explains a missing elevation and how to fix it', async () => {
    const error = await captureError(json(scriptFailure('not-elevated', null, { isAdmin: false })));
    expect(error.code).toBe('not-elevated');
    expect(error.message).toMatch(/administrator prompt.*--elevate.*SYSTEM/);
  });

  it('maps CIM access denied to not elevated', async () => {
    const error = await captureError(json(scriptFailure('cim', 'Access denied ', { cimStatus: 2 })));
    expect(error.code).toBe('not-elevated');
  });

  it.each([
    [{ winpe: true, cimStatus: 3, message: 'Invalid namespace ' }, /Windows PE/],
    [{ edition: 'Microsoft Windows 11 Home', editionId: 'Core', cimStatus: 5, message: 'Invalid class ' }, /Home/],
    [
      { edition: 'Microsoft Windows Server 2022 Standard', productType: 3, cimStatus: 5, message: 'Invalid class ' },
      /server/,
    ],
  ])('explains a missing class (%#)', async (extra, pattern) => {
    const error = await captureError(json(scriptFailure('cim', extra.message, extra)));
    expect(error.code).toBe('class-missing');
    expect(error.message).toMatch(pattern);
  });

  it('treats an empty result as a missing class', async () => {
    const error = await captureError(
      json(scriptFailure('no-hash', null, { edition: 'Microsoft Windows 11 Home', editionId: 'Core' })),
    );
    expect(error.code).toBe('class-missing');
  });

  it('recognises the CIM general error after KB5013942', async () => {
    const message = 'A general error occurred that is not covered by a more specific error code.';
    const error = await captureError(json(scriptFailure('cim', message, { cimStatus: 1 })));
    expect(error.code).toBe('cim-general-error');
    expect(error.message).toContain('KB5013942');
  });

  it('reports a timeout', async () => {
    const error = await captureError('', { timedOut: true, exitCode: null });
    expect(error.code).toBe('timed-out');
  });

  it('reports output that is not the JSON object, with the first stderr line', async () => {
    const error = await captureError('', { exitCode: 1, stderr: 'powershell.exe : something broke\r\nat line 1' });
    expect(error.code).toBe('bad-output');
    expect(error.message).toContain('something broke');
  });
});

describe('parseScriptOutput', () => {
  it('ignores a BOM and non-JSON lines, and returns null without the object', () => {
    expect(parseScriptOutput(`\uFEFF${json(scriptOutput())}`)?.serial).toBe('PF4XK2QZ');
    expect(parseScriptOutput('{not json\r\n')).toBeNull();
    expect(parseScriptOutput('')).toBeNull();
  });
});
