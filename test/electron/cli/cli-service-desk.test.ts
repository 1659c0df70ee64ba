import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main';
import { startSandbox, type RunningSandbox } from '../../../electron/core/sandbox/index';
import { fakeContext } from './fake-context';
import { jsonLines, sandboxTenantArgs } from './run-cli';

let sandbox: RunningSandbox;
let work: string;
let caFile: string;
let runs = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 'test', throttle: false, seed: 31 });
  work = mkdtempSync(join(tmpdir(), 'cli-desk-'));
  caFile = join(work, 'ca.pem');
  writeFileSync(caFile, sandbox.caCertPem);
}, 30_000);

afterAll(async () => {
  await sandbox.close();
});

/** Runs one command in-process against the sandbox (its own state folder each time). */
async function cli(args: string[]) {
  const ctx = fakeContext({ AUTOPILOT_CLIENT_SECRET: sandbox.clientSecret, NODE_EXTRA_CA_CERTS: caFile });
  const code = await runCli([...args, ...sandboxTenantArgs(sandbox, join(work, `state-${runs++}`))], ctx);
  return { code, stdout: ctx.stdout.join('\n'), stderr: ctx.stderr.join('\n') };
}

describe('CLI: lookup, update and sync', () => {
  it('lookup prints each record in words and exits 1 when a serial has none', async () => {
    const run = await cli(['lookup', 'SDK0HWCH03', 'SDK0OLDG05', 'NOTHERE01']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('profile status  Attention required: hardware change detected');
    expect(run.stdout).toMatch(/profile {9}OneDeploy Pilot \(legacy\)/);
    expect(run.stdout).toContain('through group "Pilot ring (legacy)"');
    expect(run.stdout).toContain('NOTHERE01: no Autopilot record in this tenant');
  }, 30_000);

  it('lookup --json prints one JSON line per serial', async () => {
    const run = await cli(['lookup', 'SDK0ENRL01', 'PF4SBX0001', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.map((line) => [line.serial, line.found])).toEqual([
      ['SDK0ENRL01', true],
      ['PF4SBX0001', true],
    ]);
    expect((lines[0]?.records as { enrolled: boolean }[])[0]?.enrolled).toBe(true);
  }, 30_000);

  it('update changes several devices, follows each to read-back and prints a summary', async () => {
    const a = sandbox.control.addRegisteredDevice({ groupTag: 'OD-LAB' });
    const b = sandbox.control.addRegisteredDevice({ groupTag: 'OD-LAB' });
    const run = await cli([
      'update',
      a.serialNumber,
      b.serialNumber,
      '--tag',
      'OD-RETAIL',
      '--name',
      'RT-%RAND:4%',
      '--poll-interval',
      '20ms',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.at(-1)).toEqual({ summary: { total: 2, done: 2, failed: 0 } });
    expect(lines[0]).toMatchObject({ serial: a.serialNumber, outcome: 'done', record: { groupTag: 'OD-RETAIL' } });
    expect((lines[0]?.record as { deviceName: string }).deviceName).toMatch(/^RT-\d{4}$/);
    const snapshot = sandbox.control.snapshot().devices.filter((d) => [a.id, b.id].includes(d.id));
    expect(snapshot.map((d) => d.groupTag)).toEqual(['OD-RETAIL', 'OD-RETAIL']);
  }, 30_000);

  it('update refuses a name Windows would not accept with exit 2, before signing in', async () => {
    const run = await cli(['update', 'PF4SBX0001', '--name', '12345']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Device name "12345" cannot be digits only.');
    const none = await cli(['update', 'PF4SBX0001']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give --tag, --user or --name');
  }, 30_000);

  it('sync starts one, then says when the next one is allowed', async () => {
    const first = await cli(['sync', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(jsonLines(first.stdout)[0]).toMatchObject({ outcome: 'started' });
    const second = await cli(['sync']);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/one sync per 10 minutes|within the last 10 minutes/);
  }, 30_000);
});
