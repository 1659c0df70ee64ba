import { win32 } from 'node:path';
import { CaptureError } from './capture-error';
import type { ProcessRunner } from './process-runner';
import { encodePowerShellCommand, WINDOWS_CAPTURE_SCRIPT } from './windows-script';

/**
 * Elevating only the capture. The console runs as the signed-in user (no requireAdministrator: drag and
 * drop from Explorer keeps working, the portable build starts, settings stay in the user's profile); reading
 * MDM_DevDetail_Ext01 needs an administrator token, so that one step runs in a separate Windows PowerShell
 * started with `Start-Process -Verb RunAs`: one UAC prompt per capture. An elevated child's stdout cannot be
 * piped to a non-elevated parent (ShellExecuteEx "runas" takes no handles), so it writes its JSON to a file in
 * a folder the console created. A process that is already elevated (a task sequence runs as SYSTEM) never
 * gets here: the first, direct run reports isAdmin and succeeds.
 */

/** The file operations elevation needs (injected: tests use an in-memory folder). */
export interface ElevationFiles {
  makeTempDir(prefix: string): Promise<string>;
  readText(path: string): Promise<string>;
  remove(path: string): Promise<void>;
}

/** Whether a capture may show a UAC prompt: the desktop console does, the CLI only with --elevate. */
export type ElevationPolicy = 'prompt' | 'never';

const SEND_TO_STDOUT = 'function Send { $r | ConvertTo-Json -Compress | Write-Output; exit 0 }';

/** A PowerShell single-quoted literal. */
export function psLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The capture script with its one output statement redirected to a file. */
export function fileWritingCaptureScript(resultPath: string, script = WINDOWS_CAPTURE_SCRIPT): string {
  if (!script.includes(SEND_TO_STDOUT)) throw new Error('The capture script no longer has the expected Send function.');
  return script.replace(
    SEND_TO_STDOUT,
    `function Send { [IO.File]::WriteAllText(${psLiteral(resultPath)}, ($r | ConvertTo-Json -Compress)); exit 0 }`,
  );
}

/** The non-elevated launcher: starts the capture elevated, waits, prints whether it could be started. */
export function elevationLauncherScript(powershellPath: string, resultPath: string): string {
  const inner = encodePowerShellCommand(fileWritingCaptureScript(resultPath));
  return [
    "$ErrorActionPreference = 'Stop'",
    'try {',
    `  $p = Start-Process -FilePath ${psLiteral(powershellPath)} -Verb RunAs -Wait -PassThru -WindowStyle Hidden ` +
      `-ArgumentList '-NoProfile','-NonInteractive','-ExecutionPolicy','Bypass','-EncodedCommand','${inner}'`,
    '  Write-Output (@{ launched = $true; exitCode = $p.ExitCode } | ConvertTo-Json -Compress)',
    '} catch {',
    '  Write-Output (@{ launched = $false; message = "$($_.Exception.Message)".Trim() } | ConvertTo-Json -Compress)',
    '}',
  ].join('\n');
}

/** What the launcher printed. */
interface LaunchReport {
  launched: boolean;
  exitCode?: number;
  message?: string;
}

function parseLaunch(stdout: string): LaunchReport | null {
  for (const line of stdout.split(/\r?\n/).reverse()) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      const value = JSON.parse(text) as unknown;
      if (value && typeof value === 'object' && 'launched' in value) return value as LaunchReport;
    } catch {
      // Keep looking.
    }
  }
  return null;
}

/** Runs the capture script elevated (one UAC prompt) and returns what it wrote, for the Windows provider to parse. */
export async function runCaptureElevated(options: {
  runner: ProcessRunner;
  files: ElevationFiles;
  powershellPath: string;
  timeoutMs: number;
}): Promise<string> {
  const dir = await options.files.makeTempDir('autopilot-capture-');
  const resultPath = win32.join(dir, 'capture.json');
  try {
    const result = await options.runner.run(
      options.powershellPath,
      [
        '-NoProfile',
        '-NonInteractive',
        '-ExecutionPolicy',
        'Bypass',
        '-EncodedCommand',
        encodePowerShellCommand(elevationLauncherScript(options.powershellPath, resultPath)),
      ],
      // The technician needs time to read the prompt: the capture's own limit plus two minutes.
      { timeoutMs: options.timeoutMs + 120_000, windowsHide: true },
    );
    if (result.timedOut) {
      throw new CaptureError(
        'timed-out',
        'The elevated capture did not finish in time (was the administrator prompt left open?). Try again.',
      );
    }
    const launch = parseLaunch(result.stdout);
    if (!launch?.launched) {
      throw new CaptureError(
        'not-elevated',
        `Reading the hardware hash needs administrator rights and the administrator prompt was declined or could not be shown${
          launch?.message ? ` (${launch.message})` : ''
        }. Capture again and accept the prompt, or run the CLI from an elevated prompt or as SYSTEM.`,
      );
    }
    try {
      return await options.files.readText(resultPath);
    } catch {
      throw new CaptureError(
        'bad-output',
        `The elevated capture exited with code ${String(launch.exitCode)} without writing a result.`,
      );
    }
  } finally {
    // The result holds the hash: never leave it behind.
    await options.files.remove(dir);
  }
}
