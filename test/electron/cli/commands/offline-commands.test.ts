import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/main';
import { INTUNE_CSV_HEADER } from '../../../../shared/domain/csv/write';
import { csvVariants, getWindowsAutopilotInfoFile, sampleDevices } from '../../../fixtures/csv-variants';
import { fixtureHash } from '../../../fixtures/hashes';
import { fakeContext } from '../fake-context';

const temp = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

function context(cwd: string) {
  const ctx = fakeContext({});
  return Object.assign(ctx, { cwd });
}

describe('validate', () => {
  it('exits 0 for good files of every variant and reports each', async () => {
    const dir = temp('validate-');
    const names = Object.keys(csvVariants());
    for (const [name, bytes] of Object.entries(csvVariants())) writeFileSync(join(dir, name), bytes);
    const ctx = context(dir);
    expect(await runCli(['validate', ...names], ctx)).toBe(0);
    expect(ctx.stdout.filter((line) => /3 row\(s\): 3 ok/.test(line))).toHaveLength(names.length);
  });

  it('exits 2 when a row is invalid and names the line, serial and problem', async () => {
    const dir = temp('validate-');
    const good = sampleDevices(1)[0];
    writeFileSync(
      join(dir, 'mixed.csv'),
      `${INTUNE_CSV_HEADER}\r\n${good?.serial},,${good?.hash},,\r\nBAD1,,${fixtureHash().slice(0, 100)},,\r\n`,
    );
    const ctx = context(dir);
    expect(await runCli(['validate', 'mixed.csv'], ctx)).toBe(2);
    expect(ctx.stdout).toContainEqual(expect.stringMatching(/^mixed\.csv:3: BAD1: INVALID: /));
    expect(ctx.stdout).toContainEqual('mixed.csv: 2 row(s): 1 ok, 0 with warnings, 1 invalid (utf8, ",", intune)');
  });

  it('writes JSON Lines per row and per file', async () => {
    const dir = temp('validate-');
    writeFileSync(join(dir, 'a.csv'), getWindowsAutopilotInfoFile());
    writeFileSync(join(dir, 'OA3.xml'), `<Key><HardwareHash>${fixtureHash()}</HardwareHash></Key>`);
    const ctx = context(dir);
    expect(await runCli(['validate', 'a.csv', 'OA3.xml', '--json'], ctx)).toBe(0);
    const lines = ctx.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((l) => l.line !== undefined)).toHaveLength(4);
    expect(lines.at(-1)).toMatchObject({ file: 'OA3.xml', summary: { rows: 1, invalid: 0 } });
  });

  it('exits 2 for a missing file or no file', async () => {
    const ctx = context(temp('validate-'));
    expect(await runCli(['validate'], ctx)).toBe(2);
    expect(await runCli(['validate', 'nope.csv'], ctx)).toBe(2);
  });
});

describe('capture and export (offline queue)', () => {
  it('captures a simulated device into the queue and exports it as Intune CSV', async () => {
    const dir = temp('offline-');
    const ctx = context(dir);
    const state = ['--state-dir', join(dir, 'state')];
    expect(
      await runCli(['capture', '--provider', 'simulated', '--tag', 'OD-KIOSK', '--out', 'one.csv', ...state], ctx),
    ).toBe(0);
    expect(
      await runCli(['capture', '--provider', 'simulated', '--simulate', 'no-tpm,vm', '--json', ...state], ctx),
    ).toBe(0);
    const captured = ctx.stdout
      .map((line) => (line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : null))
      .find((l) => l?.event === 'captured');
    expect(captured).toMatchObject({ provider: 'simulated', valid: true, hashChars: 4000 });
    expect((captured?.warnings as { code: string }[]).map((w) => w.code)).toEqual(['no-tpm', 'virtual-machine']);
    expect(JSON.stringify(ctx.stdout)).not.toMatch(/T0F[A-Za-z0-9+/]{100}/);
    const oneCsv = readFileSync(join(dir, 'one.csv'), 'utf8');
    expect(oneCsv.startsWith(`${INTUNE_CSV_HEADER}\r\n`)).toBe(true);
    expect(oneCsv).toMatch(/,OD-KIOSK,\r\n$/);

    expect(await runCli(['export', '--out', 'usb', ...state], ctx)).toBe(0);
    const exported = readFileSync(join(dir, 'usb', 'autopilot-devices.csv'), 'utf8').split('\r\n');
    expect(exported[0]).toBe(INTUNE_CSV_HEADER);
    expect(exported.filter((line) => line !== '')).toHaveLength(3);
    expect(await runCli(['export', '--out', 'usb2', '--new-only', ...state], ctx)).toBe(0);
    expect(ctx.stdout.at(-1)).toMatch(/nothing to export/);
    expect(await runCli(['validate', join('usb', 'autopilot-devices.csv')], ctx)).toBe(0);
  });

  it('refuses bad flags with exit 2', async () => {
    const ctx = context(temp('offline-'));
    expect(await runCli(['capture', '--provider', 'magic'], ctx)).toBe(2);
    expect(await runCli(['capture', '--provider', 'simulated', '--simulate', 'gremlins'], ctx)).toBe(2);
    expect(await runCli(['export'], ctx)).toBe(2);
  });

  it('never captures a simulated device for a real tenant', async () => {
    const ctx = context(temp('offline-'));
    expect(await runCli(['capture', '--provider', 'simulated', '--tenant-id', 'contoso.onmicrosoft.com'], ctx)).toBe(2);
    expect(ctx.stderr.join('\n')).toMatch(/simulated devices only go to the sandbox tenant/);
  });
});

describe('watch --once', () => {
  it('queues the good files, moves them with reports, and the queue exports', async () => {
    const dir = temp('watch-cli-');
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    writeFileSync(join(inbox, 'batch.csv'), getWindowsAutopilotInfoFile());
    writeFileSync(join(inbox, 'broken.csv'), 'Device Serial Number,Windows Product ID,Hardware Hash\r\nX,,AAAA\r\n');
    const ctx = context(dir);
    const state = ['--state-dir', join(dir, 'state')];
    expect(await runCli(['watch', 'inbox', '--once', '--tag', 'OD-RETAIL', ...state], ctx)).toBe(1);
    expect(readdirSync(join(inbox, 'processed')).sort()).toEqual(['batch.csv', 'batch.csv.report.txt']);
    expect(readdirSync(join(inbox, 'rejected')).sort()).toEqual(['broken.csv', 'broken.csv.report.txt']);
    expect(await runCli(['export', '--out', 'out', ...state], ctx)).toBe(0);
    const rows = readFileSync(join(dir, 'out', 'autopilot-devices.csv'), 'utf8')
      .trim()
      .split('\r\n')
      .slice(1);
    expect(rows.map((row) => row.split(',')[0])).toEqual(sampleDevices().map((d) => d.serial));
    expect(rows.every((row) => row.split(',')[3] === 'OD-RETAIL')).toBe(true);
  });
});

describe('register with no valid row', () => {
  it('exits 2 without contacting the tenant, in JSON and in plain output', async () => {
    const dir = temp('register-bad-');
    writeFileSync(join(dir, 'bad.csv'), `${INTUNE_CSV_HEADER}\r\nBAD1,,${fixtureHash().slice(0, 100)},,\r\n`);
    // An endpoint nothing listens on: any attempt to sign in or call Graph would fail with exit 1 or 3.
    const tenant = [
      '--tenant-id',
      '11111111-1111-1111-1111-111111111111',
      '--client-id',
      '22222222-2222-2222-2222-222222222222',
      '--authority-host',
      'https://127.0.0.1:9',
      '--graph-endpoint',
      'https://127.0.0.1:9',
      '--state-dir',
      join(dir, 'state'),
    ];
    const json = Object.assign(fakeContext({ AUTOPILOT_CLIENT_SECRET: 'not-used' }), { cwd: dir });
    expect(await runCli(['register', 'bad.csv', '--json', ...tenant], json)).toBe(2);
    const lines = json.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ serial: 'BAD1', stage: 'failed', line: 2 });
    expect(lines.at(-1)).toEqual({ summary: { total: 1, ready: 0, failed: 1, timedOut: 0 } });
    const plain = Object.assign(fakeContext({ AUTOPILOT_CLIENT_SECRET: 'not-used' }), { cwd: dir });
    expect(await runCli(['register', 'bad.csv', ...tenant], plain)).toBe(2);
    expect(plain.stderr.join('\n')).toMatch(/nothing was sent to the tenant/);
  });
});
