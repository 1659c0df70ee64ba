import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../../../electron/core/capture/capture-error';
import {
  elevationLauncherScript,
  fileWritingCaptureScript,
  type ElevationFiles,
} from '../../../../electron/core/capture/elevation';
import { createWindowsProvider } from '../../../../electron/core/capture/windows';
import { WINDOWS_CAPTURE_SCRIPT } from '../../../../electron/core/capture/windows-script';
import { recordedRunner, scriptFailure, scriptOutput } from '../../../fixtures/capture-outputs';
import { fixtureHash } from '../../../fixtures/hashes';

const json = (value: unknown): string => `${JSON.stringify(value)}\r\n`;
const decode = (arg: string | undefined): string => Buffer.from(arg ?? '', 'base64').toString('utf16le');
const DIR = 'C:\\Users\\tech\\AppData\\Local\\Temp\\autopilot-capture-1';
const RESULT = `${DIR}\\capture.json`;

/** An in-memory temp folder; `written` is what the elevated capture would leave in capture.json. */
function memoryFiles(written: string | null): ElevationFiles & { removed: string[] } {
  const removed: string[] = [];
  return {
    removed,
    makeTempDir: () => Promise.resolve(DIR),
    readText: (path) =>
      path === RESULT && written !== null ? Promise.resolve(written) : Promise.reject(new Error('ENOENT')),
    remove: (path) => {
      removed.push(path);
      return Promise.resolve();
    },
  };
}

const notElevated = json(scriptFailure('not-elevated', null, { isAdmin: false }));

async function failure(promise: Promise<unknown>): Promise<CaptureError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CaptureError) return error;
    throw error;
  }
  throw new Error('capture succeeded');
}

describe('elevating only the capture', () => {
  it('already elevated (SYSTEM in a task sequence, an elevated prompt): one direct run, no prompt', async () => {
    const runner = recordedRunner(() => ({ stdout: json(scriptOutput({ isAdmin: true })) }));
    const files = memoryFiles(null);
    const device = await createWindowsProvider({ runner, elevation: 'prompt', files }).capture();
    expect(device.hardwareHash).toBe(fixtureHash());
    expect(runner.calls).toHaveLength(1);
    expect(decode(runner.calls[0]?.args[5])).not.toContain('-Verb RunAs');
  });

  it('as the user: a second PowerShell starts the capture with Start-Process -Verb RunAs and reads its file', async () => {
    const runner = recordedRunner((_command, args) =>
      decode(args[5]).includes('-Verb RunAs')
        ? { stdout: json({ launched: true, exitCode: 0 }) }
        : { stdout: notElevated },
    );
    const files = memoryFiles(json(scriptOutput({ isAdmin: true })));
    const device = await createWindowsProvider({ runner, elevation: 'prompt', files }).capture();
    expect(device).toMatchObject({ serial: 'PF4XK2QZ', provider: 'windows', hardwareHash: fixtureHash() });
    expect(runner.calls).toHaveLength(2);
    const launcher = decode(runner.calls[1]?.args[5]);
    expect(launcher).toContain(
      "Start-Process -FilePath 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' -Verb RunAs -Wait",
    );
    // The elevated script is passed inline (never a user-writable .ps1 run as administrator) and writes to the folder.
    const inner = /'-EncodedCommand','([^']+)'/.exec(launcher)?.[1];
    expect(decode(inner)).toBe(fileWritingCaptureScript(RESULT));
    expect(runner.calls[1]?.options.windowsHide).toBe(true);
    // Within CreateProcess's 32,767 characters, with the inner command within ShellExecuteEx's parameters.
    expect(['powershell.exe', ...(runner.calls[1]?.args ?? [])].join(' ').length).toBeLessThan(32_767);
    expect(files.removed).toEqual([DIR]);
  });

  it('a declined UAC prompt is a not-elevated failure that says so, and the folder is removed', async () => {
    const runner = recordedRunner((_command, args) =>
      decode(args[5]).includes('-Verb RunAs')
        ? {
            stdout: json({
              launched: false,
              message: 'This command cannot be run due to the error: The operation was canceled by the user.',
            }),
          }
        : { stdout: notElevated },
    );
    const files = memoryFiles(null);
    const error = await failure(createWindowsProvider({ runner, elevation: 'prompt', files }).capture());
    expect(error.code).toBe('not-elevated');
    expect(error.message).toMatch(/prompt was declined.*canceled by the user/);
    expect(files.removed).toEqual([DIR]);
  });

  it('the elevated capture fails like a direct one (e.g. Home edition: class missing)', async () => {
    const runner = recordedRunner((_command, args) =>
      decode(args[5]).includes('-Verb RunAs')
        ? { stdout: json({ launched: true, exitCode: 0 }) }
        : { stdout: notElevated },
    );
    const written = json(
      scriptFailure('cim', 'Invalid class', {
        isAdmin: true,
        cimStatus: 5,
        edition: 'Microsoft Windows 11 Home',
        editionId: 'Core',
      }),
    );
    const error = await failure(
      createWindowsProvider({ runner, elevation: 'prompt', files: memoryFiles(written) }).capture(),
    );
    expect(error.code).toBe('class-missing');
  });

  it('without elevation allowed (the CLI without --elevate), not elevated stays a failure with one run', async () => {
    const runner = recordedRunner(() => ({ stdout: notElevated }));
    const error = await failure(createWindowsProvider({ runner }).capture());
    expect(error.code).toBe('not-elevated');
    expect(runner.calls).toHaveLength(1);
  });

  it('rewrites only the output statement of the capture script', () => {
    const rewritten = fileWritingCaptureScript("C:\\Temp\\it's\\capture.json");
    expect(rewritten).toContain("[IO.File]::WriteAllText('C:\\Temp\\it''s\\capture.json'");
    expect(rewritten.replace(/function Send \{[^\n]*\}/, '')).toBe(
      WINDOWS_CAPTURE_SCRIPT.replace(/function Send \{[^\n]*\}/, ''),
    );
    expect(elevationLauncherScript('C:\\W\\powershell.exe', 'C:\\T\\capture.json')).toMatch(/catch \{/);
  });
});
