import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../electron/core/sandbox/index';
import { intuneCsv, jsonLines, runCliProcess, sandboxTenantArgs } from './run-cli';

const POST = 'POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities';

let sandbox: RunningSandbox;
let work: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 'test', throttle: false, seed: 37 });
  work = mkdtempSync(join(tmpdir(), 'cli-name-'));
  writeFileSync(join(work, 'ca.pem'), sandbox.caCertPem);
  env = { AUTOPILOT_CLIENT_SECRET: sandbox.clientSecret, NODE_EXTRA_CA_CERTS: join(work, 'ca.pem') };
}, 30_000);

afterAll(async () => {
  await sandbox.close();
});

function args(stateDir: string): string[] {
  return [...sandboxTenantArgs(sandbox, stateDir), '--tag', 'OD-RETAIL', '--json', '--poll-interval', '20ms'];
}

function uploads(): number {
  return sandbox.control.stats().byEndpoint[POST] ?? 0;
}

describe('register --name', () => {
  it('names each device from a template and reports the name on its lines', async () => {
    const devices = [sandbox.control.makeHash({ serial: 'NM1001' }), sandbox.control.makeHash({ serial: 'NM1002' })];
    const csv = join(work, 'two.csv');
    writeFileSync(csv, intuneCsv(devices.map((d) => ({ serial: d.serial, hash: d.hardwareHash }))));
    const run = await runCliProcess(['register', csv, '--name', 'RET-%SERIAL%', ...args(join(work, 's1'))], env);
    expect(run.code, run.stderr).toBe(0);
    const ready = jsonLines(run.stdout).filter((line) => line.stage === 'ready');
    expect(ready.map((line) => line.deviceName).sort()).toEqual(['RET-NM1001', 'RET-NM1002']);
    const names = sandbox.control
      .snapshot()
      .devices.filter((d) => d.serialNumber.startsWith('NM100'))
      .map((d) => d.displayName)
      .sort();
    expect(names).toEqual(['RET-NM1001', 'RET-NM1002']);
  }, 60_000);

  it('refuses one fixed name for several devices, and a bad name, before signing in', async () => {
    const devices = [sandbox.control.makeHash(), sandbox.control.makeHash()];
    const csv = join(work, 'fixed.csv');
    writeFileSync(csv, intuneCsv(devices.map((d) => ({ serial: d.serial, hash: d.hardwareHash }))));
    const before = uploads();
    const fixed = await runCliProcess(['register', csv, '--name', 'FIN-LAPTOP', ...args(join(work, 's2'))], env);
    expect(fixed.code).toBe(2);
    expect(fixed.stderr).toMatch(/--name: Device name "FIN-LAPTOP" is one device's name: for 2 devices use a template/);
    const noMacro = await runCliProcess(
      ['register', csv, '--name', 'FINANCE-%RAND:9%', ...args(join(work, 's3'))],
      env,
    );
    expect(noMacro.code).toBe(2);
    expect(noMacro.stderr).toMatch(/gives names of at least 17 characters \(at most 15\)/);
    expect(uploads()).toBe(before);
  }, 60_000);
});

describe('capture --register --name', () => {
  it('registers the captured device under the name', async () => {
    // No tenant configured: the CLI's own sandbox, as a technician would try it.
    const run = await runCliProcess(
      [
        'capture',
        '--provider',
        'simulated',
        '--register',
        '--tag',
        'OD-RETAIL',
        '--name',
        'BENCH-%RAND:3%',
        '--state-dir',
        join(work, 's4'),
      ],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\S+ \(device name BENCH-\d{3}\) is ready for OOBE/m);
  }, 60_000);

  it('asks for --register when a name is given without it', async () => {
    const run = await runCliProcess(['capture', '--provider', 'simulated', '--name', 'BENCH-01'], {
      ...env,
      AUTOPILOT_STATE_DIR: join(work, 's5'),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--name is set when the device is registered: add --register/);
  }, 30_000);
});
