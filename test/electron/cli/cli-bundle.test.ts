import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../electron/core/sandbox/index';
import { buildCliBundle } from '../../helpers/cli-bundle';
import { jsonLines, type CliRun, sandboxTenantArgs } from './run-cli';

// The built bundle (`npm run build:cli` -> out/cli/cli.js), run by Node as a task sequence would run it; the
// packaged app's headless mode loads the same build (out/cli/embedded.js).
let root: string;
let sandbox: RunningSandbox;
let work: string;
let caFile: string;

function runBundle(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [join(root, 'out', 'cli', 'cli.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: work, ...env },
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

function tenant(stateDir: string): string[] {
  return sandboxTenantArgs(sandbox, stateDir);
}

beforeAll(async () => {
  root = buildCliBundle();
  sandbox = await startSandbox({ speed: 'test', throttle: false, seed: 17 });
  work = mkdtempSync(join(tmpdir(), 'cli-bundle-run-'));
  caFile = join(work, 'sandbox-ca.pem');
  writeFileSync(caFile, sandbox.caCertPem);
}, 60_000);

afterAll(async () => {
  await sandbox.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the built CLI bundle against the sandbox tenant', () => {
  it("registers the capture script's CSV (the offline path) to ready, with --log keeping every line", async () => {
    // The file the PowerShell capture script writes to a USB stick or share, registered later.
    const csv = join(work, 'AutopilotHWID-5CG1234XYZ.csv');
    copyFileSync(join('test', 'fixtures', 'capture-script', 'AutopilotHWID-5CG1234XYZ.csv'), csv);
    const log = join(work, 'logs', 'register.log');
    const env = { AUTOPILOT_CLIENT_SECRET: sandbox.clientSecret, NODE_EXTRA_CA_CERTS: caFile };
    const run = await runBundle(
      [
        'register',
        csv,
        '--tag',
        'OD-RETAIL',
        '--json',
        '--poll-interval',
        '20ms',
        '--log',
        log,
        ...tenant(join(work, 's1')),
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.at(-1)).toEqual({ summary: { total: 1, ready: 1, failed: 0, timedOut: 0 } });
    expect(lines.filter((line) => line.serial === '5CG1234XYZ').map((line) => line.stage)).toEqual([
      'collected',
      'imported',
      'in-group',
      'profile-assigned',
      'ready',
    ]);
    const logged = readFileSync(log, 'utf8');
    expect(logged).toMatch(/--- autopilot-console register .*AutopilotHWID-5CG1234XYZ\.csv/);
    expect(logged).toContain(' out {"summary":{"total":1,"ready":1,"failed":0,"timedOut":0}}');
    expect(logged).toMatch(/--- exit 0\n$/);
    expect(logged + run.stdout + run.stderr).not.toContain(sandbox.clientSecret);
  }, 60_000);

  it('doctor names the proxy and the trust source it used', async () => {
    const env = {
      AUTOPILOT_CLIENT_SECRET: sandbox.clientSecret,
      NODE_EXTRA_CA_CERTS: caFile,
      NO_PROXY: '127.0.0.1',
    };
    const run = await runBundle(['doctor', '--json', ...tenant(join(work, 's2'))], env);
    expect(run.code, run.stderr).toBe(0);
    const network = jsonLines(run.stdout).find((line) => line.check === 'network');
    expect(network?.proxy).toMatch(/^none \(direct/);
    expect(network?.trust).toBe(`Node's bundled Mozilla roots + NODE_EXTRA_CA_CERTS (${caFile})`);

    const text = await runBundle(['doctor', '--use-system-ca', ...tenant(join(work, 's2'))], env);
    expect(text.code, text.stderr).toBe(0);
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(text.stdout).toMatch(
      major > 22 || (major === 22 && minor >= 15)
        ? /^Trusted roots: the operating system's store/m
        : /^Trusted roots: Node's bundled Mozilla roots only: the system store was asked for but Node \S+ cannot read it/m,
    );
  }, 30_000);

  it('keeps the documented exit codes: 2 for bad input, 3 for a refused sign-in, secret never a flag', async () => {
    const bad = join(work, 'bad.csv');
    writeFileSync(bad, 'Device Serial Number,Windows Product ID,Hardware Hash\r\nX1,,not-a-hash\r\n');
    expect((await runBundle(['validate', bad])).code).toBe(2);
    const flag = await runBundle(['register', bad, '--client-secret', 'x', ...tenant(join(work, 's3'))]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('AUTOPILOT_CLIENT_SECRET');
    const wrong = await runBundle(['doctor', ...tenant(join(work, 's3'))], {
      AUTOPILOT_CLIENT_SECRET: 'wrong',
      NODE_EXTRA_CA_CERTS: caFile,
    });
    expect(wrong.code).toBe(3);
    expect((await runBundle(['--log'])).code).toBe(2);
  }, 30_000);
});

describe('the client secret from a protected file', () => {
  it('signs in with AUTOPILOT_CLIENT_SECRET_FILE when only its owner can read it, and refuses it otherwise', async () => {
    const { chmodSync } = await import('node:fs');
    const file = join(work, 'client-secret.txt');
    writeFileSync(file, `${sandbox.clientSecret}\n`);
    chmodSync(file, 0o644);
    const env = { AUTOPILOT_CLIENT_SECRET_FILE: file, NODE_EXTRA_CA_CERTS: caFile };
    const open = await runBundle(['doctor', ...tenant(join(work, 's4'))], env);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain('chmod 600');
    chmodSync(file, 0o600);
    const ok = await runBundle(['doctor', ...tenant(join(work, 's4'))], env);
    expect(ok.code, ok.stderr).toBe(0);
  }, 30_000);
});
