import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../electron/core/sandbox/index';
import { approveDeviceCode } from '../../helpers/signin';
import { intuneCsv, jsonLines, spawnCli, type CliRun, sandboxTenantArgs } from './run-cli';

let sandbox: RunningSandbox;
let work: string;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 'test', throttle: false, seed: 31, deviceCodeIntervalSeconds: 1 });
  work = mkdtempSync(join(tmpdir(), 'cli-delegated-'));
}, 30_000);
afterAll(async () => sandbox.close());

/** Tenant flags for the sandbox as a custom cloud; no secret anywhere in the environment. */
function tenantArgs(stateDir: string): string[] {
  return sandboxTenantArgs(sandbox, stateDir);
}

/** Runs the CLI; when it prints a device code on stderr, a person approves it on the sandbox's page as `upn`. */
async function runWithPerson(args: string[], upn: string | null): Promise<CliRun & { codes: string[] }> {
  const { child, done } = spawnCli(args, { NODE_EXTRA_CA_CERTS: sandbox.caCertPath });
  const codes: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const code = /enter the code ([A-Z0-9]+)/.exec(stderr)?.[1];
    if (code && !codes.includes(code)) {
      codes.push(code);
      if (upn) void approveDeviceCode(sandbox, code, upn);
    }
  });
  return { ...(await done), codes };
}

describe('CLI: signing in as a person with --device-code', () => {
  it('registers a device after the test approves the code; the prompt is on stderr, the cache file is 0600', async () => {
    const device = sandbox.control.makeHash();
    const csv = join(work, 'one.csv');
    writeFileSync(csv, intuneCsv([{ serial: device.serial, hash: device.hardwareHash, tag: 'OD-RETAIL' }]));
    const cache = join(work, 'tokens', 'cache.json');
    const state = join(work, 'state');
    const admin = sandbox.accounts[0]?.upn ?? '';
    const run = await runWithPerson(
      [
        'register',
        csv,
        '--no-tag',
        '--json',
        '--poll-interval',
        '20ms',
        '--device-code',
        '--token-cache',
        cache,
        ...tenantArgs(state),
      ],
      admin,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.codes).toHaveLength(1);
    expect(run.stderr).toContain(`open ${sandbox.authorityHost}/devicelogin`);
    expect(run.stderr).toContain(`Signed in as ${admin}.`);
    // stdout is JSON Lines only: no code, no URL.
    expect(run.stdout).not.toContain(run.codes[0]);
    expect(run.stdout).not.toContain('devicelogin');
    const lines = jsonLines(run.stdout);
    expect(lines.at(-1)).toEqual({ summary: { total: 1, ready: 1, failed: 0, timedOut: 0 } });
    expect(statSync(cache).mode & 0o777).toBe(0o600);

    // The next command signs in from the cache: no prompt.
    const again = await runWithPerson(['doctor', '--json', '--token-cache', cache, ...tenantArgs(state)], null);
    expect(again.code, again.stderr).toBe(0);
    expect(again.codes).toHaveLength(0);
    expect(jsonLines(again.stdout)).toContainEqual(
      expect.objectContaining({ detail: expect.stringContaining(`signed in as ${admin}`) as unknown }),
    );
  }, 60_000);

  it('a person without an Intune role: register and doctor exit 3 and say which role is missing', async () => {
    const technician = sandbox.accounts[1]?.upn ?? '';
    const device = sandbox.control.makeHash();
    const csv = join(work, 'two.csv');
    writeFileSync(csv, intuneCsv([{ serial: device.serial, hash: device.hardwareHash, tag: 'OD-RETAIL' }]));
    const advice = 'the account needs an Intune role such as Intune Administrator or Policy and Profile Manager';
    const register = await runWithPerson(
      ['register', csv, '--no-tag', '--poll-interval', '20ms', '--device-code', ...tenantArgs(join(work, 'state-2'))],
      technician,
    );
    expect(register.code, register.stderr).toBe(3);
    expect(register.stdout + register.stderr).toContain(`signed in as ${technician}; Graph refused`);
    expect(register.stdout + register.stderr).toContain(advice);
    expect(register.stdout + register.stderr).not.toContain('Grant the application permission');

    const doctor = await runWithPerson(['doctor', '--device-code', ...tenantArgs(join(work, 'state-2'))], technician);
    expect(doctor.code).toBe(3);
    expect(doctor.stdout).toContain(`signed in as ${technician}; Graph refused to read autopilot devices: ${advice}`);
  }, 60_000);

  it('refuses --device-code together with --interactive', async () => {
    const run = await runWithPerson(
      ['doctor', '--device-code', '--interactive', ...tenantArgs(join(work, 's3'))],
      null,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pick one');
  });
});
