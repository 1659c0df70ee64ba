import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../electron/core/capture/simulated';
import {
  DEFAULT_ROLES,
  SANDBOX_FOREIGN_SERIALS,
  startSandbox,
  type RunningSandbox,
} from '../../../electron/core/sandbox/index';
import { startConnectProxy } from './connect-proxy';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';
import { intuneCsv, jsonLines, runCliProcess, spawnCli } from './run-cli';

let sandbox: RunningSandbox;
let proxy: RecordingProxy;
let work: string;
let caFile: string;

/** Tenant options that reach the sandbox only through the proxy's custom endpoints. */
function tenantArgs(stateDir: string): string[] {
  return [
    '--tenant-id',
    sandbox.tenantId,
    '--client-id',
    sandbox.clientId,
    '--authority-host',
    proxy.origin,
    '--graph-endpoint',
    proxy.origin,
    '--state-dir',
    stateDir,
  ];
}

function env(withCa = true): Record<string, string> {
  return { AUTOPILOT_CLIENT_SECRET: sandbox.clientSecret, ...(withCa ? { NODE_EXTRA_CA_CERTS: caFile } : {}) };
}

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 'test', throttle: false, seed: 21 });
  proxy = await startRecordingProxy(sandbox);
  work = mkdtempSync(join(tmpdir(), 'cli-'));
  caFile = join(work, 'extra-ca.pem');
  // The console trusts the proxy only through NODE_EXTRA_CA_CERTS, as behind a TLS-inspecting proxy.
  writeFileSync(caFile, proxy.certificates.caCertPem);
}, 30_000);

afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

describe('CLI against the sandbox through custom endpoints', () => {
  it('registers a mixed batch and prints JSON Lines with a summary; exit 1 when some fail', async () => {
    const c = sandbox.control;
    const fresh = [c.makeHash(), c.makeHash()];
    const foreign = c.makeHash({ serial: SANDBOX_FOREIGN_SERIALS[1] });
    const lab = c.makeHash();
    const csv = join(work, 'mixed.csv');
    writeFileSync(
      csv,
      intuneCsv([
        { serial: fresh[0]!.serial, hash: fresh[0]!.hardwareHash, tag: 'OD-RETAIL' },
        { serial: fresh[1]!.serial, hash: fresh[1]!.hardwareHash, tag: 'OD-KIOSK' },
        { serial: foreign.serial, hash: foreign.hardwareHash, tag: 'OD-RETAIL' },
        { serial: lab.serial, hash: lab.hardwareHash, tag: 'OD-LAB' },
        { serial: fresh[0]!.serial, hash: fresh[0]!.hardwareHash, tag: 'OD-RETAIL' },
      ]),
    );
    const stateDir = join(work, 'state-mixed');
    const run = await runCliProcess(
      ['register', csv, '--no-tag', '--json', '--poll-interval', '20ms', ...tenantArgs(stateDir)],
      env(),
    );
    expect(run.code, run.stderr).toBe(1);
    const lines = jsonLines(run.stdout);
    const summary = lines.at(-1);
    expect(summary).toEqual({ summary: { total: 4, ready: 2, failed: 2, timedOut: 0 } });
    const STAGE_NAMES = ['collected', 'imported', 'in-group', 'profile-assigned', 'ready', 'failed', 'timed-out'];
    for (const line of lines.slice(0, -1)) {
      expect(typeof line.serial, JSON.stringify(line)).toBe('string');
      expect(STAGE_NAMES, JSON.stringify(line)).toContain(line.stage);
      expect(new Date(line.at as string).toISOString()).toBe(line.at);
    }
    const stages = lines.filter((line) => typeof line.stage === 'string' && !('file' in line));
    const last = (serial: string) => stages.filter((line) => line.serial === serial).at(-1);
    expect(stages.filter((line) => line.serial === fresh[0]!.serial).map((line) => line.stage)).toEqual([
      'collected',
      'imported',
      'in-group',
      'profile-assigned',
      'ready',
    ]);
    expect(last(fresh[1]!.serial)?.stage).toBe('ready');
    expect(last(foreign.serial)).toMatchObject({ stage: 'failed', code: '808' });
    expect(last(lab.serial)).toMatchObject({ stage: 'failed', code: 'not-assigned' });
    expect(String(last(lab.serial)?.reason)).toContain('OD-LAB');
    expect(run.stderr).toMatch(/^warning: .*mixed\.csv:6: .*duplicate/m);
    expect(run.stderr).not.toContain(sandbox.clientSecret);
    expect(run.stdout + run.stderr).not.toContain(fresh[0]!.hardwareHash.slice(0, 40));

    const status = await runCliProcess(
      ['status', '--json', '--serial', fresh[0]!.serial, ...tenantArgs(stateDir)],
      env(),
    );
    expect(status.code).toBe(0);
    expect(jsonLines(status.stdout)[0]).toMatchObject({ serial: fresh[0]!.serial, stage: 'ready' });
    // One code, the reason in plain words, and the name Graph sent beside them.
    const failed = await runCliProcess(['status', '--serial', foreign.serial, ...tenantArgs(stateDir)], env());
    expect(failed.stdout).toContain(
      "808: The device is registered to another organisation's tenant. (ZtdDeviceAssignedToOtherTenant)",
    );
    expect(failed.stdout.match(/808/g)).toHaveLength(1);
  }, 60_000);

  it('needs the proxy CA from NODE_EXTRA_CA_CERTS: without it the TLS failure is named (exit 4, not 3)', async () => {
    const stateDir = join(work, 'state-noca');
    const without = await runCliProcess(['doctor', ...tenantArgs(stateDir)], env(false));
    expect(without.code, without.stdout + without.stderr).toBe(4);
    const said = without.stdout + without.stderr;
    expect(said).toMatch(/TLS certificate presented for 127\.0\.0\.1:\d+ is not trusted/);
    expect(said).toContain('--use-system-ca');
    expect(said).toMatch(/tenant id and credentials were not checked/);
    expect(said).not.toMatch(/network_error|aka\.ms/);
    const device = sandbox.control.makeHash();
    const csv = join(work, 'noca.csv');
    writeFileSync(csv, intuneCsv([{ serial: device.serial, hash: device.hardwareHash }]));
    const register = await runCliProcess(['register', csv, '--no-tag', ...tenantArgs(stateDir)], env(false));
    expect(register.code, register.stderr).toBe(4);
    const withCa = await runCliProcess(['doctor', '--json', ...tenantArgs(stateDir)], env());
    expect(withCa.code, withCa.stderr).toBe(0);
    const lines = jsonLines(withCa.stdout);
    expect(lines).toContainEqual(expect.objectContaining({ permission: 'Device.Read.All', granted: true }));
    expect(lines.filter((line) => 'area' in line).every((line) => line.ok === true)).toBe(true);
  }, 30_000);

  it('exits 4 naming the host when nothing answers there (refused connection), for every command that connects', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const args = [...tenantArgs(join(work, 'state-refused'))];
    args[args.indexOf('--authority-host') + 1] = `https://127.0.0.1:${port}`;
    for (const command of [['doctor'], ['tags'], ['deregister', 'NET-2', '--yes']]) {
      const run = await runCliProcess([...command, ...args], env());
      expect(run.code, `${command[0]}: ${run.stderr}`).toBe(4);
      expect(run.stdout + run.stderr).toMatch(
        new RegExp(`127\\.0\\.0\\.1:${port} cannot be reached: the connection was refused`),
      );
      expect(run.stdout + run.stderr).not.toMatch(/check the (tenant id|secret)/i);
    }
  }, 60_000);

  it('exits 3 naming DeviceManagementServiceConfig.ReadWrite.All when it is not granted', async () => {
    sandbox.control.setGrantedRoles(['Device.Read.All', 'GroupMember.Read.All']);
    try {
      const device = sandbox.control.makeHash();
      const csv = join(work, 'one.csv');
      writeFileSync(csv, intuneCsv([{ serial: device.serial, hash: device.hardwareHash, tag: 'OD-RETAIL' }]));
      const run = await runCliProcess(['register', csv, '--no-tag', ...tenantArgs(join(work, 'state-perm'))], env());
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('DeviceManagementServiceConfig.ReadWrite.All');
      const doctor = await runCliProcess(['doctor', ...tenantArgs(join(work, 'state-perm'))], env());
      expect(doctor.code).toBe(3);
      expect(doctor.stdout).toMatch(/MISSING\s+DeviceManagementServiceConfig\.ReadWrite\.All/);
    } finally {
      sandbox.control.setGrantedRoles([...DEFAULT_ROLES]);
    }
  }, 30_000);
});

describe('CLI: certificate, proxy, tags, deregister', () => {
  it('signs in with a certificate through HTTPS_PROXY, and bypasses it for NO_PROXY hosts', async () => {
    const connectProxy = await startConnectProxy();
    try {
      // The client assertion is bound to the sign-in host, so this goes to the sandbox itself (through the tunnel).
      const sandboxCa = join(work, 'sandbox-ca.pem');
      writeFileSync(sandboxCa, sandbox.caCertPem);
      const args = [
        'doctor',
        '--json',
        '--certificate',
        sandbox.clientCertificatePath,
        '--tenant-id',
        sandbox.tenantId,
        '--client-id',
        sandbox.clientId,
      ];
      args.push(
        '--authority-host',
        sandbox.authorityHost,
        '--graph-endpoint',
        sandbox.graphEndpoint,
        '--state-dir',
        join(work, 'state-cert'),
      );
      const proxied = await runCliProcess(args, { NODE_EXTRA_CA_CERTS: sandboxCa, HTTPS_PROXY: connectProxy.url });
      expect(proxied.code, proxied.stderr).toBe(0);
      expect(connectProxy.tunnels).toContain(new URL(sandbox.graphEndpoint).host);
      const before = connectProxy.tunnels.length;
      const direct = await runCliProcess(args, {
        NODE_EXTRA_CA_CERTS: sandboxCa,
        HTTPS_PROXY: connectProxy.url,
        NO_PROXY: '127.0.0.1',
      });
      expect(direct.code, direct.stderr).toBe(0);
      expect(connectProxy.tunnels.length).toBe(before);
    } finally {
      await connectProxy.close();
    }
  }, 30_000);

  it('lists tag chains, the tag without a profile included', async () => {
    const run = await runCliProcess(['tags', '--json', ...tenantArgs(join(work, 'state-tags'))], env());
    expect(run.code, run.stderr).toBe(0);
    const chains = jsonLines(run.stdout);
    const finance = chains.find((chain) => chain.tag === 'OD-FINANCE') as
      { profile: { displayName: string } | null } | undefined;
    expect(finance?.profile?.displayName).toContain('Finance');
    const lab = chains.find((chain) => chain.tag === 'OD-LAB') as
      { profile: unknown; groups: { membershipRule: string }[] } | undefined;
    expect(lab?.profile).toBeNull();
    expect(lab?.groups.map((group) => group.membershipRule)).toEqual([
      expect.stringContaining('[OrderID]:OD-LAB') as unknown,
    ]);
  }, 30_000);

  it('deregisters a serial and says when there is nothing to deregister', async () => {
    const device = sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
    const stateDir = join(work, 'state-dereg');
    const run = await runCliProcess(
      ['deregister', device.serialNumber, '--yes', '--json', ...tenantArgs(stateDir)],
      env(),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stdout)[0]).toMatchObject({ outcome: 'deleted', autopilotDeviceIds: [device.id] });
    // The DELETE was accepted: the record is gone, or within the sandbox's short grace after it (not listed).
    const after = sandbox.control.snapshot().devices.find((d) => d.id === device.id);
    expect(after === undefined || (after.deleted && !after.visible)).toBe(true);
    const again = await runCliProcess(['deregister', device.serialNumber, '--yes', ...tenantArgs(stateDir)], env());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('not-found');
  }, 30_000);

  it('rejects bad usage with exit 2', async () => {
    const noFile = await runCliProcess(
      ['register', join(work, 'missing.csv'), ...tenantArgs(join(work, 'state-usage'))],
      env(),
    );
    expect(noFile.code).toBe(2);
    const badWait = await runCliProcess(
      ['register', join(work, 'mixed.csv'), '--wait', 'soon', ...tenantArgs(join(work, 'state-usage'))],
      env(),
    );
    expect(badWait.code).toBe(2);
    const secretFlag = await runCliProcess(['doctor', '--client-secret', 'x'], env());
    expect(secretFlag.code).toBe(2);
    expect(secretFlag.stderr).toContain('AUTOPILOT_CLIENT_SECRET');
  }, 30_000);
});

describe('resume', () => {
  it('register again with a corrected tag: a device still in flight takes the new tag to the tenant and ends ready', async () => {
    const device = sandbox.control.makeHash();
    const csv = join(work, 'retag.csv');
    writeFileSync(csv, intuneCsv([{ serial: device.serial, hash: device.hardwareHash }]));
    const stateDir = join(work, 'state-retag');
    // Slow polls: the mistyped tag is not judged before the run is stopped, after the import.
    const { child, done } = spawnCli(
      ['register', csv, '--tag', 'OD-FINANC', '--json', '--poll-interval', '3s', ...tenantArgs(stateDir)],
      env(),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('"stage":"imported"')) child.kill('SIGKILL');
    });
    expect((await done).signal).toBe('SIGKILL');
    expect(sandbox.control.snapshot().devices.find((d) => d.serialNumber === device.serial)?.groupTag).toBe(
      'OD-FINANC',
    );
    const again = await runCliProcess(
      ['register', csv, '--tag', 'OD-FINANCE', '--json', '--poll-interval', '25ms', ...tenantArgs(stateDir)],
      env(),
    );
    expect(again.code, again.stderr).toBe(0);
    const lines = jsonLines(again.stdout);
    expect(lines.at(-1)).toMatchObject({ summary: { total: 1, ready: 1, failed: 0 } });
    expect(sandbox.control.snapshot().devices.find((d) => d.serialNumber === device.serial)?.groupTag).toBe(
      'OD-FINANCE',
    );
    const status = await runCliProcess(['status', '--json', '--serial', device.serial, ...tenantArgs(stateDir)], env());
    expect(jsonLines(status.stdout)[0]).toMatchObject({ stage: 'ready', groupTag: 'OD-FINANCE' });
  }, 60_000);

  it('register --resume follows what a killed run left in flight', async () => {
    const devices = Array.from({ length: 20 }, () => sandbox.control.makeHash());
    const csv = join(work, 'twenty.csv');
    writeFileSync(
      csv,
      intuneCsv(devices.map((device) => ({ serial: device.serial, hash: device.hardwareHash, tag: 'OD-KIOSK' }))),
    );
    const stateDir = join(work, 'state-resume');
    const { child, done } = spawnCli(
      ['register', csv, '--no-tag', '--json', '--poll-interval', '25ms', ...tenantArgs(stateDir)],
      env(),
    );
    let seen = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString().split('\n').length - 1;
      if (seen >= 25) child.kill('SIGKILL');
    });
    expect((await done).signal).toBe('SIGKILL');
    const resumed = await runCliProcess(
      ['register', '--resume', '--json', '--poll-interval', '25ms', ...tenantArgs(stateDir)],
      env(),
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(jsonLines(resumed.stdout).at(-1)).toEqual({ summary: { total: 20, ready: 20, failed: 0, timedOut: 0 } });
    for (const device of devices) expect(proxy.imported.get(device.serial) ?? 0).toBeLessThanOrEqual(1);
  }, 60_000);
});

describe('crash safety', () => {
  it('survives SIGKILL at random points of a 200-device run: all ready, none imported twice, journal intact', async () => {
    const devices = Array.from({ length: 200 }, () => sandbox.control.makeHash());
    const csv = join(work, 'two-hundred.csv');
    writeFileSync(
      csv,
      intuneCsv(
        devices.map((device, i) => ({
          serial: device.serial,
          hash: device.hardwareHash,
          tag: i % 2 === 0 ? 'OD-FINANCE' : 'OD-RETAIL',
        })),
      ),
    );
    const stateDir = join(work, 'state-crash');
    const args = [
      'register',
      csv,
      '--no-tag',
      '--json',
      '--poll-interval',
      '25ms',
      '--pace',
      '3000/1500',
      ...tenantArgs(stateDir),
    ];
    const random = seededRandom(42);
    // Kill points by progress (stage lines seen): while collecting, around the upload, while watching, late.
    const targets = [
      1 + Math.floor(random() * 150),
      200 + Math.floor(random() * 12),
      300 + Math.floor(random() * 300),
      600 + Math.floor(random() * 350),
    ];
    let kills = 0;
    for (const target of targets) {
      const { child, done } = spawnCli(args, env());
      let seen = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString().split('\n').length - 1;
        if (seen >= target) child.kill('SIGKILL');
      });
      const run = await done;
      if (run.signal === 'SIGKILL') kills += 1;
    }
    const final = await runCliProcess(args, env());
    expect(final.code, final.stderr).toBe(0);
    expect(jsonLines(final.stdout).at(-1)).toEqual({ summary: { total: 200, ready: 200, failed: 0, timedOut: 0 } });
    expect(kills).toBeGreaterThanOrEqual(2);
    for (const device of devices) expect(proxy.imported.get(device.serial) ?? 0, device.serial).toBeLessThanOrEqual(1);
    const registered = sandbox.control
      .snapshot()
      .devices.filter((d) => devices.some((device) => device.serial === d.serialNumber));
    expect(registered).toHaveLength(200);
    const journalFile = join(stateDir, 'tenants', sandbox.tenantId, 'journal.jsonl');
    const lines = readFileSync(journalFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    expect(lines.every((line) => JSON.parse(line) !== null)).toBe(true);
    expect(
      sandbox.control
        .snapshot()
        .imports.filter((record) => devices.some((device) => device.serial === record.serialNumber)),
    ).toHaveLength(0);
  }, 120_000);
});
