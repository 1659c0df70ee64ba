import { AppError } from '../errors';
import { CaptureError, type CaptureErrorCode } from './capture-error';
import type { ProcessRunner } from './process-runner';
import { remoteCaptureScript } from './remote-script';
import type { CapturedDevice } from './types';
import {
  classifyScriptError,
  deviceFromScriptOutput,
  parseScriptOutput,
  windowsCaptureArgs,
  windowsPowerShellPath,
  type WindowsScriptOutput,
} from './windows';

/** Another PC on the bench network, and the account to reach it with (asked for each time, never kept). */
export interface RemoteTarget {
  /** NetBIOS or DNS name, or an IP address. */
  computer: string;
  /** DOMAIN\user, user@domain or PC\user; empty: the account the console runs as (Kerberos in a domain). */
  user?: string;
  /** The account's password; only ever written to the capture process's standard input. */
  password?: string;
}

/** Reads another PC's hardware hash. */
export interface RemoteCaptureProvider {
  readonly name: string;
  capture(target: RemoteTarget): Promise<CapturedDevice>;
}

/** Why a remote capture failed: the local capture's codes plus the two that only a remote PC has. */
export type RemoteCaptureErrorCode = CaptureErrorCode | 'winrm-unreachable' | 'access-denied';

/** A remote capture failure with a code a technician can tell apart and a message that says what to do. */
export class RemoteCaptureError extends AppError {
  constructor(
    override readonly code: RemoteCaptureErrorCode,
    message: string,
  ) {
    super(code, message);
    this.name = 'RemoteCaptureError';
  }
}

/** Host names, DNS names and IPv4/IPv6 addresses; nothing a shell or PowerShell would read specially. */
const COMPUTER = /^[A-Za-z0-9](?:[A-Za-z0-9.:-]{0,252}[A-Za-z0-9])?$/;
/** DOMAIN\user, user@domain.tld, .\user or user. */
const ACCOUNT = /^[^\s"'`$;|&<>]{1,256}$/;

/** Why a target cannot be used, or undefined. */
export function remoteTargetProblem(target: RemoteTarget): string | undefined {
  if (!COMPUTER.test(target.computer))
    return `"${target.computer}" is not a computer name: use its name (BENCH-PC01), DNS name or IP address.`;
  const user = target.user ?? '';
  if (user && !ACCOUNT.test(user))
    return 'The user name may not contain spaces or quotes: use DOMAIN\\user, user@domain or PC\\user.';
  if (user && !target.password) return `Enter the password of ${user} (it is used for this capture only).`;
  return undefined;
}

// MI_RESULT codes of a CimException (MI.h): 2 ACCESS_DENIED, 3 INVALID_NAMESPACE, 5 INVALID_CLASS.
const MI_ACCESS_DENIED = 2;
const MI_INVALID_NAMESPACE = 3;
const MI_INVALID_CLASS = 5;

/** Turns a failed remote run into an error naming what is wrong: WinRM, the account, or the PC. */
export function classifyRemoteError(
  output: WindowsScriptOutput & { step?: string | null },
  computer: string,
): AppError {
  const message = output.message ?? '';
  const denied = output.cimStatus === MI_ACCESS_DENIED || /access (is )?denied/i.test(message);
  if (output.step === 'session') {
    if (denied)
      return new RemoteCaptureError(
        'access-denied',
        `${computer} refused the account: check the user name and password, and that the account is an administrator of ${computer}.`,
      );
    if (/TrustedHosts|HTTPS/i.test(message))
      return new RemoteCaptureError(
        'winrm-unreachable',
        `${computer} cannot be reached with this account over WinRM: outside a domain, add it to this PC's TrustedHosts ` +
          `(Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value ${computer} -Concatenate) or use its domain name. (${message})`,
      );
    return new RemoteCaptureError(
      'winrm-unreachable',
      `${computer} did not answer over WinRM: check the name, that it is switched on and on this network, and that ` +
        `remote management is on there (run "winrm quickconfig" on it as an administrator). (${message || 'no answer'})`,
    );
  }
  if (output.step === 'os' && !denied) {
    const noClass = output.cimStatus === MI_INVALID_CLASS || output.cimStatus === MI_INVALID_NAMESPACE;
    if (noClass || /invalid (class|namespace)/i.test(message))
      return new RemoteCaptureError(
        'not-windows',
        `${computer} answered over WS-Management but is not Windows (no Win32_OperatingSystem): Autopilot hashes come from Windows PCs only.`,
      );
  }
  if (denied)
    return new RemoteCaptureError(
      'access-denied',
      `${computer} let the account in but refused to read the hardware hash: the account must be an administrator of ${computer}.`,
    );
  const local = classifyScriptError(output);
  return new RemoteCaptureError(local.code, `${computer}: ${local.message}`);
}

/** Options of the Windows remote provider. */
export interface RemoteProviderOptions {
  runner: ProcessRunner;
  systemRoot?: string;
  /** A CIM session to an unreachable PC can take a while to give up (reference §1.4: up to two minutes). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 150_000;

/** Captures another PC over a CIM session from this Windows PC; the password goes to PowerShell's stdin only. */
export function createRemoteWindowsProvider(options: RemoteProviderOptions): RemoteCaptureProvider {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: 'windows-remote',
    async capture(target) {
      const problem = remoteTargetProblem(target);
      if (problem) throw new AppError('bad-input', problem);
      const result = await options.runner.run(
        windowsPowerShellPath(options.systemRoot),
        windowsCaptureArgs(remoteCaptureScript(target.computer, target.user ?? '')),
        { timeoutMs, windowsHide: true, input: `${target.password ?? ''}\n` },
      );
      if (result.timedOut)
        throw new RemoteCaptureError(
          'timed-out',
          `${target.computer} did not finish within ${Math.round(timeoutMs / 1000)} s: check that it is on and on this network, then try again.`,
        );
      if (result.startError !== undefined)
        throw new CaptureError('powershell-failed', `Windows PowerShell could not be started (${result.startError}).`);
      const output = parseScriptOutput(result.stdout);
      if (!output) {
        const detail = result.stderr.trim().split(/\r?\n/)[0] ?? '';
        throw new CaptureError(
          'bad-output',
          `Windows PowerShell exited with code ${String(result.exitCode)} without a result${detail ? `: ${detail}` : ''}.`,
        );
      }
      if (!output.ok || !output.hash) throw classifyRemoteError(output, target.computer);
      const device = deviceFromScriptOutput(output);
      return {
        ...device,
        provider: 'windows-remote',
        notes: [`Captured from ${target.computer} over a CIM session (WinRM).`, ...device.notes],
      };
    },
  };
}
