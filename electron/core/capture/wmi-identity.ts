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

/**
 * Reads the identity with wmic.exe, which WinPE has with the WinPE-WMI component (PowerShell is an
 * optional extra there). Failures give empty strings: the caller falls back to the hash's records.
 */
export async function readWmiIdentity(runner: ProcessRunner, systemRoot: string): Promise<WmiIdentity> {
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
