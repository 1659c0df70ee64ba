import { win32 } from 'node:path';
import type { ProcessRunner } from './process-runner';

/** Serial, make, model and UUID as WMI reports them ('' when unknown). */
export interface WmiIdentity {
  serial: string;
  manufacturer: string;
  model: string;
  uuid: string;
}

const WMIC_TIMEOUT_MS = 30_000;

/** Parses `wmic ... get X,Y /value` output ("Name=value" lines, UTF-16 or ANSI, CRLF padding). */
export function parseWmicValues(stdout: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of stdout.replace(/\0/g, '').split(/\r*\n/)) {
    const match = /^\s*([A-Za-z]+)=(.*)$/.exec(line);
    if (match?.[1]) values[match[1].toLowerCase()] = (match[2] ?? '').trim();
  }
  return values;
}

const POWERSHELL_QUERY = [
  '$b = Get-CimInstance Win32_BIOS; $c = Get-CimInstance Win32_ComputerSystem; $p = Get-CimInstance Win32_ComputerSystemProduct',
  '"SerialNumber=$($b.SerialNumber)"; "Manufacturer=$($c.Manufacturer)"; "Model=$($c.Model)"; "UUID=$($p.UUID)"',
].join('\n');

/**
 * Reads the identity with wmic.exe, which WinPE has with the WinPE-WMI component, or with Windows
 * PowerShell when wmic is gone (newer images drop it) and WinPE-PowerShell is in the image. Failures
 * give empty strings: the caller falls back to the hash's records.
 */
export async function readWmiIdentity(runner: ProcessRunner, systemRoot: string): Promise<WmiIdentity> {
  const viaWmic = await readWithWmic(runner, systemRoot);
  if (viaWmic.serial) return viaWmic;
  const powershell = win32.join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  const encoded = Buffer.from(POWERSHELL_QUERY, 'utf16le').toString('base64');
  const result = await runner.run(
    powershell,
    ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded],
    {
      timeoutMs: WMIC_TIMEOUT_MS,
      windowsHide: true,
    },
  );
  if (result.exitCode !== 0) return viaWmic;
  const values = parseWmicValues(result.stdout);
  return {
    serial: values.serialnumber ?? '',
    manufacturer: values.manufacturer ?? viaWmic.manufacturer,
    model: values.model ?? viaWmic.model,
    uuid: values.uuid ?? viaWmic.uuid,
  };
}

async function readWithWmic(runner: ProcessRunner, systemRoot: string): Promise<WmiIdentity> {
  const wmic = win32.join(systemRoot, 'System32', 'wbem', 'WMIC.exe');
  const query = async (args: string[]): Promise<Record<string, string>> => {
    const result = await runner.run(wmic, args, { timeoutMs: WMIC_TIMEOUT_MS, windowsHide: true });
    return result.exitCode === 0 ? parseWmicValues(result.stdout) : {};
  };
  const bios = await query(['bios', 'get', 'SerialNumber', '/value']);
  const system = await query(['computersystem', 'get', 'Manufacturer,Model', '/value']);
  const product = await query(['csproduct', 'get', 'UUID', '/value']);
  return {
    serial: bios.serialnumber ?? '',
    manufacturer: system.manufacturer ?? '',
    model: system.model ?? '',
    uuid: product.uuid ?? '',
  };
}
