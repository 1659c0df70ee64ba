import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROLES, startSandbox, type RunningSandbox } from '../../../electron/core/sandbox/index';
import { intuneCsv, jsonLines, runCliProcess, sandboxTenantArgs } from './run-cli';

const IMPORT = 'POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities';

let sandbox: RunningSandbox;
let work: string;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 'test', throttle: false, seed: 47 });
  work = mkdtempSync(join(tmpdir(), 'cli-tech-'));
  writeFileSync(join(work, 'ca.pem'), sandbox.caCertPem);
}, 30_000);

afterAll(async () => {
  await sandbox.close();
});

const env = (): Record<string, string> => ({
  AUTOPILOT_CLIENT_SECRET: sandbox.clientSecret,
  NODE_EXTRA_CA_CERTS: join(work, 'ca.pem'),
});
const tenant = (state: string): string[] => sandboxTenantArgs(sandbox, join(work, state));
const imports = (): number => sandbox.control.stats().byEndpoint[IMPORT] ?? 0;
const tagOf = (serial: string): string | undefined =>
  sandbox.control.snapshot().devices.find((device) => device.serialNumber === serial && !device.deleted)?.groupTag;

/** A CSV of fresh sandbox devices, the tags given per row ('' for none). */
function csvOf(name: string, tags: string[]): { path: string; serials: string[] } {
  const devices = tags.map(() => sandbox.control.makeHash());
  const path = join(work, name);
  writeFileSync(
    path,
    intuneCsv(devices.map((device, i) => ({ serial: device.serial, hash: device.hardwareHash, tag: tags[i] }))),
  );
  return { path, serials: devices.map((device) => device.serial) };
}

describe('register: the group tag is chosen on the command line', () => {
  it('refuses a run without --tag or --no-tag before anything reaches the tenant, counting the rows own tags', async () => {
    const { path } = csvOf('unchosen.csv', ['OD-RETAIL', 'OD-KIOSK', '']);
    const before = imports();
    const run = await runCliProcess(['register', path, '--json', ...tenant('s-unchosen')], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--tag T for every device, or --no-tag');
    expect(run.stderr).toContain('2 of 3 device(s) carry their own Group Tag');
    expect(run.stdout).toBe('');
    expect(imports()).toBe(before);
  }, 30_000);

  it('--no-tag keeps each row its own tag; --tag T puts T on every device', async () => {
    const own = csvOf('own.csv', ['OD-RETAIL', 'OD-KIOSK']);
    const kept = await runCliProcess(
      ['register', own.path, '--no-tag', '--json', '--poll-interval', '20ms', ...tenant('s-own')],
      env(),
    );
    expect(kept.code, kept.stderr).toBe(0);
    expect(own.serials.map(tagOf)).toEqual(['OD-RETAIL', 'OD-KIOSK']);

    const one = csvOf('one-tag.csv', ['OD-KIOSK', '']);
    const forced = await runCliProcess(
      ['register', one.path, '--tag', 'OD-FINANCE', '--json', '--poll-interval', '20ms', ...tenant('s-one')],
      env(),
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(one.serials.map(tagOf)).toEqual(['OD-FINANCE', 'OD-FINANCE']);
  }, 60_000);

  it('refuses --tag with --no-tag, an empty --tag, and capture/watch --register without a choice', async () => {
    const { path } = csvOf('both.csv', ['OD-RETAIL']);
    const inbox = join(work, 'inbox');
    mkdirSync(inbox, { recursive: true });
    const state = ['--state-dir', join(work, 's-local')];
    const [both, empty, capture, watch] = await Promise.all([
      runCliProcess(['register', path, '--tag', 'OD-RETAIL', '--no-tag', ...tenant('s-both')], env()),
      runCliProcess(['register', path, '--tag', ' ', ...tenant('s-both')], env()),
      runCliProcess(['capture', '--provider', 'simulated', '--register', ...state], {}),
      runCliProcess(['watch', inbox, '--once', '--register', ...state], {}),
    ]);
    expect([both.code, empty.code, capture.code, watch.code]).toEqual([2, 2, 2, 2]);
    expect(both.stderr).toContain('--tag and --no-tag contradict each other');
    expect(empty.stderr).toContain('--tag needs a group tag');
    for (const run of [capture, watch]) expect(run.stderr).toContain('choose the group tag');
    // Refused before any capture or sign-in: nothing about a sandbox or a captured device.
    expect(capture.stderr).not.toContain('Capturing');
  }, 30_000);
});

describe('numeric options', () => {
  it('rejects zero, negative, unparseable and absurd values, naming the option', async () => {
    const { path } = csvOf('numbers.csv', ['OD-RETAIL']);
    const inbox = join(work, 'inbox-n');
    mkdirSync(inbox, { recursive: true });
    const cases: [string[], string][] = [
      [['register', path, '--no-tag', '--timeout', '0'], '--timeout: "0" is zero'],
      [['register', path, '--no-tag', '--timeout=-5m'], '--timeout: "-5m" is negative'],
      [['register', path, '--no-tag', '--timeout', 'soon'], '--timeout: "soon" is not a duration'],
      [['register', path, '--no-tag', '--timeout', '9999h'], '--timeout: "9999h" is too long'],
      [['register', path, '--no-tag', '--group-timeout', '0s'], '--group-timeout: "0s" is zero'],
      [['register', path, '--no-tag', '--poll-interval', '0'], '--poll-interval: "0" is zero'],
      [['register', path, '--no-tag', '--pace', '0/0'], '--pace (requests per 20 s): 0 is out of range'],
      [['watch', inbox, '--poll', '0ms'], '--poll: "0ms" is zero'],
      [['capture', '--provider', 'simulated', '--capture-timeout', '0'], '--capture-timeout: "0" is zero'],
      [
        ['capture', '--provider', 'simulated', '--register', '--tag', 'OD-RETAIL', '--timeout', '0'],
        '--timeout: "0" is zero',
      ],
      [
        ['capture', '--provider', 'simulated', '--timeout', '60m'],
        '--timeout limits the registration: it needs --register',
      ],
    ];
    const before = imports();
    // Three at a time: each is a whole CLI process.
    for (let i = 0; i < cases.length; i += 3) {
      const batch = cases.slice(i, i + 3);
      const runs = await Promise.all(batch.map(([args]) => runCliProcess([...args, ...tenant('s-numbers')], env())));
      runs.forEach((run, j) => {
        expect(run.code, batch[j]?.[1]).toBe(2);
        expect(run.stderr).toContain(batch[j]?.[1]);
      });
    }
    expect(imports()).toBe(before);
  }, 180_000);
});

describe('usage errors', () => {
  it('say what is wrong in one line and where the help is, not the whole help', async () => {
    const { path } = csvOf('usage.csv', ['OD-RETAIL']);
    const [option, command, unknown] = await Promise.all([
      runCliProcess(['register', path, '--tga', 'OD-RETAIL', ...tenant('s-usage')], env()),
      runCliProcess(['regster', path], {}),
      runCliProcess(['frobnicate'], {}),
    ]);
    expect(option.code).toBe(2);
    expect(option.stderr.trim().split('\n')).toEqual([
      'register: unknown option "--tga": did you mean "--tag"?',
      'Run "autopilot-console register --help" for its options.',
    ]);
    expect(command.code).toBe(2);
    expect(command.stderr.trim().split('\n')).toEqual([
      'Unknown command "regster". Did you mean "register"?',
      'Run "autopilot-console --help" for the list of commands.',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).not.toContain('Did you mean');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(2);
  }, 90_000);

  it('validate --help prints one exit-code table, its own', async () => {
    const help = await runCliProcess(['validate', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout.match(/Exit codes/g)).toHaveLength(1);
    expect(help.stdout).toContain('2  some row or file invalid, or bad usage');
    expect(help.stdout).not.toContain('some device failed or timed out');
  }, 30_000);
});

describe('status of a serial the journal does not know', () => {
  it('says it is not in the local journal, where else to look, and exits 1 (as --help says)', async () => {
    const { path, serials } = csvOf('status.csv', ['OD-RETAIL']);
    const registered = await runCliProcess(
      ['register', path, '--no-tag', '--json', '--poll-interval', '20ms', ...tenant('s-status')],
      env(),
    );
    expect(registered.code, registered.stderr).toBe(0);
    const known = serials[0] ?? '';
    const typo = `${known.slice(0, -1)}${known.endsWith('X') ? 'Y' : 'X'}`;
    const [unknown, help] = await Promise.all([
      runCliProcess(['status', '--serial', typo, ...tenant('s-status')], env()),
      runCliProcess(['status', '--help'], {}),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`${typo} is not known in the local journal of tenant ${sandbox.tenantId}`);
    expect(unknown.stderr).toContain(`Did you mean ${known}?`);
    expect(unknown.stderr).toContain('Intune admin center');
    expect(help.stdout).toContain('1  the serial given with --serial is not known in the local journal');
  }, 60_000);
});

describe('deregister in a script', () => {
  it('deletes nothing without --yes when stdin is not a terminal; with --yes takes several serials', async () => {
    const first = sandbox.control.addRegisteredDevice({ groupTag: 'OD-RETAIL' });
    const second = sandbox.control.addRegisteredDevice({ groupTag: 'OD-KIOSK' });
    const serials = [first.serialNumber, second.serialNumber];
    const refused = await runCliProcess(['deregister', ...serials, ...tenant('s-dereg')], env());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes to confirm (nothing was deleted)');
    expect(serials.map(tagOf)).toEqual(['OD-RETAIL', 'OD-KIOSK']);
    const done = await runCliProcess(['deregister', ...serials, '--yes', '--json', ...tenant('s-dereg')], env());
    expect(done.code, done.stderr).toBe(0);
    expect(jsonLines(done.stdout).map((line) => [line.serial, line.outcome])).toEqual([
      [first.serialNumber, 'deleted'],
      [second.serialNumber, 'deleted'],
    ]);
    expect(serials.map(tagOf)).toEqual([undefined, undefined]);
  }, 30_000);
});

describe('tags and doctor', () => {
  it('shows a -startsWith rule as a rule over tags, not as a tag', async () => {
    const [json, human] = await Promise.all([
      runCliProcess(['tags', '--json', ...tenant('s-tags')], env()),
      runCliProcess(['tags', ...tenant('s-tags')], env()),
    ]);
    expect(json.code, json.stderr).toBe(0);
    const lines = jsonLines(json.stdout);
    expect(lines.some((line) => line.tag === 'OD-K*')).toBe(false);
    expect(lines).toContainEqual(expect.objectContaining({ kind: 'prefix-rule', prefix: 'OD-K' }));
    expect(lines).toContainEqual(expect.objectContaining({ kind: 'tag', tag: 'OD-KIOSK' }));
    expect(human.stdout).toMatch(/^tags starting with OD-K -> Autopilot OD-K\* \(prefix\)/m);
    expect(human.stdout).not.toMatch(/^OD-K\*/m);
  }, 30_000);

  it('reports Group.ReadWrite.All as optional, not granted, and not as missing; the README lists it', async () => {
    // A tenant that granted every permission but the optional group write ones.
    const plain = await startSandbox({
      speed: 'test',
      throttle: false,
      seed: 48,
      grantedRoles: DEFAULT_ROLES.filter(
        (role) => role !== 'GroupMember.ReadWrite.All' && role !== 'Device.ReadWrite.All',
      ),
    });
    writeFileSync(join(work, 'ca-plain.pem'), plain.caCertPem);
    const plainEnv = { AUTOPILOT_CLIENT_SECRET: plain.clientSecret, NODE_EXTRA_CA_CERTS: join(work, 'ca-plain.pem') };
    const args = sandboxTenantArgs(plain, join(work, 's-doctor'));
    const [human, json] = await Promise.all([
      runCliProcess(['doctor', ...args], plainEnv),
      runCliProcess(['doctor', '--json', ...args], plainEnv),
    ]).finally(() => plain.close());
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(
      'optional, not granted  Group.ReadWrite.All: needed only for adding devices to static groups',
    );
    expect(human.stdout).not.toMatch(/MISSING/);
    expect(human.stdout).toContain('Ready to register devices.');
    const summary = jsonLines(json.stdout).at(-1)?.summary as Record<string, unknown>;
    expect(summary).toMatchObject({ ready: true, missing: [], optionalNotGranted: ['Group.ReadWrite.All'] });
    const readme = readFileSync('README.md', 'utf8');
    const applicationTable = readme.slice(readme.indexOf('**Application permissions**'));
    expect(applicationTable).toMatch(/\| Group\.ReadWrite\.All \(optional\)\s+\| adding devices to static groups/);
  }, 30_000);
});
