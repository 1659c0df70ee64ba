import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTUNE_CSV_HEADER } from '../../../../shared/domain/csv/write';
import { CAPTURE_ERROR_CODES } from '../../../../electron/core/capture/capture-error';
import { OA3_CONFIG, OA3_PLACEHOLDER_INPUT } from '../../../../electron/core/capture/oa3';
import type { CapturedDevice } from '../../../../electron/core/capture/types';
import { WINDOWS_CAPTURE_SCRIPT } from '../../../../electron/core/capture/windows-script';
import { readIntuneCsvFile } from '../../../../electron/core/files/csv-reader';
import { FIXTURE_NOW_MS } from '../../../fixtures/hashes';

// There is no PowerShell on these machines: the script is checked statically against the providers'
// constants, and the files it writes (recorded samples in its exact format) go through the console's validator.
const SCRIPT_PATH = join('resources', 'Capture-AutopilotHash.ps1');
const script = readFileSync(SCRIPT_PATH, 'utf8');
const SAMPLES = join('test', 'fixtures', 'capture-script');

/** The lines of the PowerShell block that starts with `start` and ends at the first line equal to `end`. */
function block(start: string, end: string): string[] {
  const lines = script.split(/\r?\n/);
  const from = lines.findIndex((line) => line.startsWith(start));
  expect(from, `block ${start}`).toBeGreaterThanOrEqual(0);
  const to = lines.findIndex((line, index) => index > from && line.trim() === end);
  return lines.slice(from + 1, to);
}

/** A PowerShell `@( 'a', 'b' ) -join "`r`n"` list, as text. */
function joinedList(start: string): string {
  return block(start, ') -join "`r`n"')
    .map((line) => /^\s*'(.*)',?$/.exec(line)?.[1] ?? '<unparsed>')
    .join('\r\n');
}

/** CapturedDevice field -> the script's result field; a new field in the TypeScript type fails to compile here. */
const DEVICE_FIELDS: Record<keyof CapturedDevice, string[]> = {
  serial: ['serial'],
  manufacturer: ['manufacturer'],
  model: ['model'],
  // The script writes the hash to the file and reports only its length, as `capture --json` does.
  hardwareHash: ['hashChars'],
  uuid: ['uuid'],
  productId: ['productId'],
  provider: ['provider'],
  notes: ['notes'],
  tpm: ['tpmPresent', 'tpmReady'],
  edition: ['edition'],
};

describe('resources/Capture-AutopilotHash.ps1 against the providers', () => {
  it('has one exit code per capture error code of the providers, in the same order, none of them 0, 1 or 2', () => {
    const entries = block('$ExitCodes = [ordered]@{', '}').map((line) => /^\s*'([a-z0-9-]+)'\s*=\s*(\d+)$/.exec(line));
    const codes = entries.map((match) => match?.[1]);
    const numbers = entries.map((match) => Number(match?.[2]));
    expect(codes).toEqual([...CAPTURE_ERROR_CODES]);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.every((n) => n >= 10 && n < 256)).toBe(true);
  });

  it('fails only with those codes', () => {
    const used = [...script.matchAll(/Stop-Capture '([a-z0-9-]+)'/g)].map((match) => match[1]);
    expect(used.length).toBeGreaterThan(8);
    for (const code of used) expect(CAPTURE_ERROR_CODES).toContain(code);
  });

  it("writes the Intune CSV header and the OA3Tool files of the WinPE provider, and reads the Windows provider's class", () => {
    expect(/^\$IntuneCsvHeader = '(.*)'$/m.exec(script)?.[1]).toBe(INTUNE_CSV_HEADER);
    expect(joinedList('$Oa3Config = @(')).toBe(OA3_CONFIG);
    expect(joinedList('$Oa3PlaceholderInput = @(')).toBe(OA3_PLACEHOLDER_INPUT);
    expect(script).toContain("'/Report', \"/ConfigFile=$(Join-Path $dir 'OA3.cfg')\", '/NoKeyCheck'");
    const query = /Get-CimInstance -Namespace root\/cimv2\/mdm\/dmmap -ClassName MDM_DevDetail_Ext01 -Filter "[^"]+"/;
    expect(query.exec(script)?.[0]).toBe(query.exec(WINDOWS_CAPTURE_SCRIPT)?.[0]);
  });

  it("reports the fields of the providers' CapturedDevice", () => {
    const fields = block('$Device = [ordered]@{', '}').map((line) => /^\s*(\w+)\s*=/.exec(line)?.[1]);
    expect(fields).toEqual(Object.values(DEVICE_FIELDS).flat());
  });

  it('stays within Windows PowerShell 5.1 with no modules', () => {
    // A BOM-less script is read in the ANSI code page by 5.1: keep it ASCII.
    expect(Buffer.from(script, 'utf8').every((byte) => byte < 0x80)).toBe(true);
    const code = script.replace(/<#[\s\S]*?#>/g, '').replace(/^\s*#.*$/gm, '');
    expect(code).not.toMatch(
      /\?\?|\?\.|\bImport-Module\b|#Requires\s+-Modules|-Parallel\b|-AsHashtable\b|\bGet-Tpm\b|\bpwsh\b/,
    );
    const count = (text: string, char: string) => text.split(char).length - 1;
    const bare = code.replace(/'[^'\r\n]*'/g, "''").replace(/"(?:`.|[^"`\r\n])*"/g, '""');
    expect(count(bare, '{')).toBe(count(bare, '}'));
    expect(count(bare, '(')).toBe(count(bare, ')'));
    expect(script).toMatch(/param\(\s*\[Parameter\(Mandatory = \$true\)\]\[string\]\$OutputFolder/);
  });
});

describe("the script's recorded outputs pass the console's own validator", () => {
  it.each(['AutopilotHWID-PF4XK2QZ.csv', 'AutopilotHWID-5CG1234XYZ.csv'])('%s is a clean Intune CSV', async (name) => {
    const path = join(SAMPLES, name);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\r\n')[0]).toBe(INTUNE_CSV_HEADER);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const summary = await readIntuneCsvFile(path, { now: FIXTURE_NOW_MS });
    expect(summary).toMatchObject({ variant: 'intune', rows: 1, ok: 1, invalid: 0, warned: 0, fileProblems: [] });
  });

  it('the hash file is a valid bare hash (its serial read from the hash)', async () => {
    const rows: string[] = [];
    const summary = await readIntuneCsvFile(join(SAMPLES, 'PF4XK2QZ.hash'), {
      now: FIXTURE_NOW_MS,
      onRow: (row) => void rows.push(row.serial),
    });
    expect(summary).toMatchObject({ rows: 1, invalid: 0 });
    expect(rows).toEqual(['PF4XK2QZ']);
  });

  it('prints one JSON line per run with the device fields and a typed error', () => {
    const lines = readFileSync(join(SAMPLES, 'stdout.jsonl'), 'utf8')
      .split(/\r?\n/)
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { ok: boolean; error: string | null; device: Record<string, unknown> });
    const fields = Object.values(DEVICE_FIELDS).flat();
    for (const line of lines) {
      expect(Object.keys(line.device)).toEqual(fields);
      if (line.ok) expect(line.error).toBeNull();
      else expect(CAPTURE_ERROR_CODES).toContain(line.error);
      // The hash never reaches stdout (task-sequence logs), only its length.
      expect(JSON.stringify(line)).not.toMatch(/[A-Za-z0-9+/]{200,}/);
    }
    expect(lines.filter((line) => line.ok).map((line) => line.device['provider'])).toEqual(['windows', 'winpe']);
  });
});
