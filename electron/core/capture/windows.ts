import { win32 } from 'node:path';
import { CaptureError } from './capture-error';
import { runCaptureElevated, type ElevationFiles, type ElevationPolicy } from './elevation';
import type { ProcessRunner } from './process-runner';
import type { CaptureProvider, CapturedDevice } from './types';
import { encodePowerShellCommand, WINDOWS_CAPTURE_SCRIPT } from './windows-script';

/** Options of the full-Windows provider. */
export interface WindowsProviderOptions {
  runner: ProcessRunner;
  /** %SystemRoot%, default C:\Windows. */
  systemRoot?: string;
  /** The CIM query can take a minute or two on slow devices (reference §1.4). */
  timeoutMs?: number;
  /** 'prompt': when this process is not elevated, run the capture elevated (one UAC prompt). Default 'never'. */
  elevation?: ElevationPolicy;
  /** Temporary folder for the elevated capture's result (required with elevation 'prompt'). */
  files?: ElevationFiles;
}

/** The JSON object the capture script prints. */
export interface WindowsScriptOutput {
  ok: boolean;
  error: string | null;
  message: string | null;
  cimStatus: number | null;
  isAdmin: boolean;
  winpe: boolean;
  hash: string | null;
  serial: string | null;
  manufacturer: string | null;
  model: string | null;
  uuid: string | null;
  tpmPresent: boolean | null;
  tpmReady: boolean | null;
  edition: string | null;
  editionId: string | null;
  build: string | null;
  productType: number | null;
}

const DEFAULT_TIMEOUT_MS = 120_000;
// MI_RESULT codes of a CimException (MI.h): 1 FAILED, 2 ACCESS_DENIED, 3 INVALID_NAMESPACE, 5 INVALID_CLASS.
const MI_FAILED = 1;
const MI_ACCESS_DENIED = 2;
const MI_INVALID_NAMESPACE = 3;
const MI_INVALID_CLASS = 5;

/** Path of the always-present Windows PowerShell 5.1 (pwsh may not be installed). */
export function windowsPowerShellPath(systemRoot = 'C:\\Windows'): string {
  return win32.join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

/** The exact argument list: no profile, no prompts, policy bypassed, script passed encoded. */
export function windowsCaptureArgs(script = WINDOWS_CAPTURE_SCRIPT): string[] {
  return [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
    encodePowerShellCommand(script),
  ];
}

/** Finds and parses the JSON object in the script's output (PowerShell may print warnings before it). */
export function parseScriptOutput(stdout: string): WindowsScriptOutput | null {
  const lines = stdout
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim());
  for (const line of lines.reverse()) {
    if (!line.startsWith('{')) continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === 'object' && 'ok' in value) return value as WindowsScriptOutput;
    } catch {
      // Not the object; keep looking.
    }
  }
  return null;
}

function editionText(output: WindowsScriptOutput): string {
  return output.edition ?? output.editionId ?? 'this edition of Windows';
}

/** Turns a failed script result into a CaptureError a technician can act on. */
export function classifyScriptError(output: WindowsScriptOutput): CaptureError {
  const message = output.message ?? '';
  if (
    output.error === 'not-elevated' ||
    output.cimStatus === MI_ACCESS_DENIED ||
    /access (is )?denied/i.test(message)
  ) {
    return new CaptureError(
      'not-elevated',
      'Reading the hardware hash needs administrator rights: accept the administrator prompt the console shows for ' +
        'the capture, run the CLI with --elevate or from an elevated prompt, or run the task-sequence step as SYSTEM.',
    );
  }
  const classMissing =
    output.error === 'no-hash' ||
    output.cimStatus === MI_INVALID_CLASS ||
    output.cimStatus === MI_INVALID_NAMESPACE ||
    /invalid (class|namespace)|not found/i.test(message);
  if (output.winpe) {
    return new CaptureError(
      'class-missing',
      'This is Windows PE: the MDM_DevDetail_Ext01 class does not exist here. Use the WinPE provider (OA3Tool).',
    );
  }
  if (classMissing) {
    const edition = editionText(output);
    const why =
      output.productType !== null && output.productType !== 1
        ? `${edition} is a server edition, which Microsoft does not support for Autopilot capture`
        : /home|core/i.test(`${output.edition ?? ''} ${output.editionId ?? ''}`)
          ? `${edition} (Home) has no MDM bridge: upgrade to Pro, Enterprise or Education, or capture with OA3Tool from WinPE`
          : `${edition} does not provide the MDM bridge class (audit mode or a stripped image?); capture after OOBE or with OA3Tool from WinPE`;
    return new CaptureError('class-missing', `The hardware hash class MDM_DevDetail_Ext01 is not available: ${why}.`);
  }
  if (output.cimStatus === MI_FAILED || /general error/i.test(message)) {
    return new CaptureError(
      'cim-general-error',
      `Windows answered "${message || 'A general error occurred'}" when asked for the hardware hash. This is known after ` +
        'the May 2022 update KB5013942 on Windows 10 21H2: install the latest cumulative update (or remove KB5013942 with ' +
        '"wusa /uninstall /KB:5013942"), restart, and capture again.',
    );
  }
  return new CaptureError(
    'cim-error',
    `Reading the hardware hash failed: ${message || output.error || 'unknown error'}.`,
  );
}

/** Converts a successful script result into a captured device. */
export function deviceFromScriptOutput(output: WindowsScriptOutput): CapturedDevice {
  const notes: string[] = [];
  if (output.tpmPresent === false) notes.push('No TPM found: self-deploying and pre-provisioning will fail.');
  else if (output.tpmPresent && output.tpmReady === false)
    notes.push('The TPM is present but not ready: check it in tpm.msc before self-deploying.');
  if (output.productType !== null && output.productType !== 1)
    notes.push(`Captured on a server edition (${editionText(output)}): works, but unsupported.`);
  return {
    serial: output.serial ?? '',
    manufacturer: output.manufacturer ?? '',
    model: output.model ?? '',
    hardwareHash: output.hash ?? '',
    uuid: output.uuid ?? '',
    productId: '',
    provider: 'windows',
    notes,
    tpm: { present: output.tpmPresent, ready: output.tpmReady },
    edition: output.edition ?? output.editionId ?? '',
  };
}

/** Full Windows: one powershell.exe reading MDM_DevDetail_Ext01, Win32_BIOS and friends. */
export function createWindowsProvider(options: WindowsProviderOptions): CaptureProvider {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: 'windows',
    async capture() {
      const result = await options.runner.run(windowsPowerShellPath(options.systemRoot), windowsCaptureArgs(), {
        timeoutMs,
        windowsHide: true,
      });
      if (result.timedOut) {
        throw new CaptureError(
          'timed-out',
          `Reading the hardware hash took longer than ${Math.round(timeoutMs / 1000)} s and was stopped. ` +
            'Restart the device (a pending update can block WMI) and try again.',
        );
      }
      if (result.startError !== undefined) {
        throw new CaptureError('powershell-failed', `Windows PowerShell could not be started (${result.startError}).`);
      }
      let output = parseScriptOutput(result.stdout);
      if (!output) {
        const detail = result.stderr.trim().split(/\r?\n/)[0] ?? '';
        throw new CaptureError(
          'bad-output',
          `Windows PowerShell exited with code ${String(result.exitCode)} without a result${detail ? `: ${detail}` : ''}.`,
        );
      }
      if (output.error === 'not-elevated' && !output.isAdmin && options.elevation === 'prompt' && options.files) {
        // Not elevated (a console started as the user): elevate this capture only.
        const written = await runCaptureElevated({
          runner: options.runner,
          files: options.files,
          powershellPath: windowsPowerShellPath(options.systemRoot),
          timeoutMs,
        });
        output = parseScriptOutput(written);
        if (!output) throw new CaptureError('bad-output', 'The elevated capture wrote no readable result.');
      }
      if (!output.ok || !output.hash) throw classifyScriptError(output);
      return deviceFromScriptOutput(output);
    },
  };
}
