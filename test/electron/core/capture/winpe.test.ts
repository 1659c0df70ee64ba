import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../../../electron/core/capture/capture-error';
import { OA3_CONFIG, readOa3HardwareHash } from '../../../../electron/core/capture/oa3';
import { createWinPeProvider, oa3toolCandidates, type WinPeFileSystem } from '../../../../electron/core/capture/winpe';
import type { RunOptions, RunResult } from '../../../../electron/core/capture/process-runner';
import { parseWmicValues } from '../../../../electron/core/capture/wmi-identity';
import { oa3Xml, recordedRunner } from '../../../fixtures/capture-outputs';
import { fixtureHash } from '../../../fixtures/hashes';

const ADK =
  'C:\\Program Files (x86)\\Windows Kits\\10\\Assessment and Deployment Kit\\Deployment Tools\\amd64\\Licensing\\OA30\\oa3tool.exe';
const TEMP = 'X:\\Temp\\oa3-1';

/** An in-memory folder tree with Windows paths. */
function memoryFs(initial: string[] = []): WinPeFileSystem & { files: Map<string, string> } {
  const files = new Map<string, string>(initial.map((path) => [path, '']));
  return {
    files,
    exists: (path) => Promise.resolve(files.has(path)),
    makeTempDir: () => {
      files.set(TEMP, '<dir>');
      return Promise.resolve(TEMP);
    },
    writeText: (path, text) => {
      files.set(path, text);
      return Promise.resolve();
    },
    readText: (path) => {
      const text = files.get(path);
      return text === undefined ? Promise.reject(new Error(`ENOENT ${path}`)) : Promise.resolve(text);
    },
    remove: (path) => {
      files.delete(path);
      return Promise.resolve();
    },
  };
}

const WMIC: Record<string, string> = {
  bios: '\r\r\nSerialNumber=PF4XK2QZ\r\r\n\r\r\n',
  computersystem: '\r\r\nManufacturer=LENOVO\r\r\nModel=21G2\r\r\n',
  csproduct: '\r\r\nUUID=4C4C4544-0042-3510-8051-B4C04F4E3332\r\r\n',
};

function winpeRunner(fs: ReturnType<typeof memoryFs>, oa3: (options: RunOptions) => Partial<RunResult> = () => ({})) {
  return recordedRunner((command, args, options) => {
    if (command.endsWith('oa3tool.exe')) {
      expect(fs.files.get(`${TEMP}\\OA3.cfg`)).toBe(OA3_CONFIG);
      expect(fs.files.get(`${TEMP}\\input.xml`)).toContain('<ProductKeyID>0000000000000</ProductKeyID>');
      const result = oa3(options);
      if (!result.timedOut && result.exitCode !== 1) {
        fs.files.set(`${TEMP}\\OA3.xml`, oa3Xml());
        fs.files.set(`${TEMP}\\OA3.bin`, 'binary');
      }
      return result;
    }
    if (command.endsWith('WMIC.exe')) return { stdout: WMIC[args[0] ?? ''] ?? '' };
    return {};
  });
}

describe('winpe provider', () => {
  it('runs OA3Tool in report mode in a temp folder, reads the hash, registers PCPKsp.dll and cleans up', async () => {
    const fs = memoryFs([ADK, 'X:\\Windows\\System32\\PCPKsp.dll']);
    const runner = winpeRunner(fs);
    const device = await createWinPeProvider({ runner, fs }).capture();
    expect(device).toMatchObject({
      serial: 'PF4XK2QZ',
      manufacturer: 'LENOVO',
      model: '21G2',
      hardwareHash: fixtureHash(),
      provider: 'winpe',
      notes: [],
    });
    const [rundll, oa3] = runner.calls;
    expect(rundll).toMatchObject({
      command: 'X:\\Windows\\System32\\rundll32.exe',
      args: ['X:\\Windows\\System32\\PCPKsp.dll,DllInstall'],
    });
    expect(oa3).toMatchObject({ command: ADK, args: ['/Report', `/ConfigFile=${TEMP}\\OA3.cfg`, '/NoKeyCheck'] });
    expect(oa3?.options).toMatchObject({ cwd: TEMP, windowsHide: true });
    expect([...fs.files.keys()].filter((path) => path.startsWith(TEMP))).toEqual([]);
  });

  it('warns that the hash lacks TPM data when PCPKsp.dll is missing', async () => {
    const fs = memoryFs([ADK]);
    const runner = winpeRunner(fs);
    const device = await createWinPeProvider({ runner, fs }).capture();
    expect(device.notes.join(' ')).toMatch(/PCPKsp\.dll is missing.*lacks TPM data/);
    expect(runner.calls.some((call) => call.command.endsWith('rundll32.exe'))).toBe(false);
  });

  it('prefers the configured oa3tool, then System32 and the ADK, never the console’s own folder', async () => {
    const fs = memoryFs([ADK, 'D:\\Console\\oa3tool.exe', 'D:\\Console\\tools\\oa3tool.exe', 'E:\\tools\\oa3tool.exe']);
    const runner = winpeRunner(fs);
    await createWinPeProvider({ runner, fs, oa3toolPath: 'E:\\tools\\oa3tool.exe' }).capture();
    expect(runner.calls.find((c) => c.command.endsWith('oa3tool.exe'))?.command).toBe('E:\\tools\\oa3tool.exe');
    // A portable console may sit in a folder any user can write to: what lies beside it is never run.
    const legacy = { runner: winpeRunner(fs), fs, appDir: 'D:\\Console' } as Parameters<typeof createWinPeProvider>[0];
    await createWinPeProvider(legacy).capture();
    const runner2 = legacy.runner as ReturnType<typeof winpeRunner>;
    expect(runner2.calls.find((c) => c.command.endsWith('oa3tool.exe'))?.command).toBe(ADK);
    for (const candidate of oa3toolCandidates(legacy))
      expect(candidate).toMatch(/^X:\\Windows\\System32\\|^C:\\Program Files \(x86\)\\/);
  });

  it('refuses a configured oa3tool path that is not absolute (it would be looked for in the current folder)', async () => {
    const fs = memoryFs([ADK, 'oa3tool.exe']);
    await expect(
      createWinPeProvider({ runner: winpeRunner(fs), fs, oa3toolPath: 'oa3tool.exe' }).capture(),
    ).rejects.toMatchObject({
      code: 'oa3tool-missing',
      message: expect.stringContaining('must be absolute') as unknown,
    });
  });

  it('fails clearly when oa3tool.exe is nowhere, or the configured path is wrong', async () => {
    const fs = memoryFs();
    await expect(createWinPeProvider({ runner: winpeRunner(fs), fs }).capture()).rejects.toMatchObject({
      code: 'oa3tool-missing',
    });
    await expect(
      createWinPeProvider({ runner: winpeRunner(fs), fs: memoryFs([ADK]), oa3toolPath: 'E:\\nope.exe' }).capture(),
    ).rejects.toMatchObject({ code: 'oa3tool-missing', message: expect.stringContaining('E:\\nope.exe') as unknown });
  });

  it('reports a hung OA3Tool as timed out and still cleans up', async () => {
    const fs = memoryFs([ADK]);
    const error = await createWinPeProvider({
      runner: winpeRunner(fs, () => ({ timedOut: true, exitCode: null })),
      fs,
      timeoutMs: 5000,
    })
      .capture()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect(error).toMatchObject({ code: 'timed-out' });
    expect([...fs.files.keys()].filter((path) => path.startsWith(TEMP))).toEqual([]);
  });

  it('reports an OA3Tool failure with its last output line', async () => {
    const fs = memoryFs([ADK]);
    const runner = winpeRunner(fs, () => ({ exitCode: 1, stdout: 'Starting\r\nERROR: Unable to access SMBIOS\r\n' }));
    await expect(createWinPeProvider({ runner, fs }).capture()).rejects.toMatchObject({
      code: 'oa3tool-failed',
      message: expect.stringContaining('Unable to access SMBIOS') as unknown,
    });
  });

  it('reads WMI through PowerShell when wmic is gone', async () => {
    const fs = memoryFs([ADK]);
    const runner = recordedRunner((command) => {
      if (command.endsWith('oa3tool.exe')) fs.files.set(`${TEMP}\\OA3.xml`, oa3Xml());
      if (command.endsWith('WMIC.exe')) return { exitCode: 9009 };
      if (command.endsWith('powershell.exe'))
        return { stdout: 'SerialNumber=PSSERIAL\r\nManufacturer=HP\r\nModel=EliteBook\r\nUUID=X\r\n' };
      return {};
    });
    const device = await createWinPeProvider({ runner, fs }).capture();
    expect(device).toMatchObject({ serial: 'PSSERIAL', manufacturer: 'HP', model: 'EliteBook' });
  });

  it('falls back to the serial in the hash when WMI is missing', async () => {
    const fs = memoryFs([ADK]);
    const runner = recordedRunner((command) => {
      if (command.endsWith('oa3tool.exe'))
        fs.files.set(`${TEMP}\\OA3.xml`, oa3Xml(fixtureHash({ serial: 'HASHSER1' })));
      return command.endsWith('WMIC.exe') ? { exitCode: 9009 } : {};
    });
    const device = await createWinPeProvider({ runner, fs }).capture();
    expect(device.serial).toBe('HASHSER1');
    expect(device.notes.join(' ')).toMatch(/WMI gave no serial/);
  });
});

describe('OA3.xml and wmic parsing', () => {
  it('reads <HardwareHash> with a real parser (BOM, namespace, CDATA, wrapped text)', () => {
    const hash = fixtureHash();
    expect(readOa3HardwareHash(oa3Xml(hash))).toBe(hash);
    expect(readOa3HardwareHash(`<Key xmlns:a="urn:x"><a:HardwareHash><![CDATA[${hash}]]></a:HardwareHash></Key>`)).toBe(
      hash,
    );
    expect(
      readOa3HardwareHash(
        `<Key><HardwareHash>\r\n${hash.slice(0, 2000)}\r\n${hash.slice(2000)}\r\n</HardwareHash></Key>`,
      ),
    ).toBe(hash);
    expect(readOa3HardwareHash('<Key><!-- <HardwareHash>x</HardwareHash> --></Key>')).toBe('');
    expect(readOa3HardwareHash('<Key><ProductKey>X</ProductKey></Key>')).toBe('');
  });

  it('parses wmic /value output, UTF-16 NULs included', () => {
    expect(parseWmicValues('\r\r\nSerialNumber=ABC 123 \r\r\n')).toEqual({ serialnumber: 'ABC 123' });
    expect(parseWmicValues(Buffer.from('Model=21G2\r\n', 'utf16le').toString('latin1'))).toEqual({ model: '21G2' });
  });
});
