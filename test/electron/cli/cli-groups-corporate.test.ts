import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SANDBOX_M365_GROUP,
  SANDBOX_STATIC_GROUPS,
  startSandbox,
  type RunningSandbox,
} from '../../../electron/core/sandbox/index';
import { uploads } from '../core/pipeline/harness';
import { intuneCsv, jsonLines, runCliProcess, sandboxTenantArgs } from './run-cli';

let sandbox: RunningSandbox;
let work: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 'test', throttle: false, seed: 41 });
  work = mkdtempSync(join(tmpdir(), 'cli-groups-'));
  writeFileSync(join(work, 'ca.pem'), sandbox.caCertPem);
  env = { AUTOPILOT_CLIENT_SECRET: sandbox.clientSecret, NODE_EXTRA_CA_CERTS: join(work, 'ca.pem') };
}, 30_000);

afterAll(async () => {
  await sandbox.close();
});

describe('register --group', () => {
  it('adds the devices to the groups named (by name and by id) and reports ready', async () => {
    const device = sandbox.control.makeHash();
    const csv = join(work, 'one.csv');
    writeFileSync(csv, intuneCsv([{ serial: device.serial, hash: device.hardwareHash, tag: 'OD-RETAIL' }]));
    const kiosk = sandbox.control.snapshot().groups.find((g) => g.displayName === SANDBOX_STATIC_GROUPS[2]);
    const run = await runCliProcess(
      [
        'register',
        csv,
        '--no-tag',
        '--group',
        SANDBOX_STATIC_GROUPS[0],
        '--group',
        kiosk?.id ?? '',
        '--json',
        '--poll-interval',
        '20ms',
        ...sandboxTenantArgs(sandbox, join(work, 'state-g1')),
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stdout).at(-1)).toMatchObject({ summary: { ready: 1, failed: 0 } });
    const entra = sandbox.control.snapshot().devices.find((d) => d.serialNumber === device.serial)?.entraObjectId;
    for (const name of [SANDBOX_STATIC_GROUPS[0], SANDBOX_STATIC_GROUPS[2]])
      expect(sandbox.control.snapshot().groups.find((g) => g.displayName === name)?.members).toContain(entra);
  }, 60_000);

  it('raises --wait imported to in-group when --group is given, says so, and the device is added', async () => {
    const device = sandbox.control.makeHash();
    const csv = join(work, 'imported.csv');
    writeFileSync(csv, intuneCsv([{ serial: device.serial, hash: device.hardwareHash, tag: 'OD-RETAIL' }]));
    const run = await runCliProcess(
      [
        'register',
        csv,
        '--no-tag',
        '--group',
        SANDBOX_STATIC_GROUPS[1],
        '--wait',
        'imported',
        '--poll-interval',
        '20ms',
        ...sandboxTenantArgs(sandbox, join(work, 'state-g-imported')),
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('--wait imported is raised to in-group');
    expect(run.stdout).toContain('1 of 1 device(s) reached "in-group"');
    const entra = sandbox.control.snapshot().devices.find((d) => d.serialNumber === device.serial)?.entraObjectId;
    expect(
      sandbox.control.snapshot().groups.find((g) => g.displayName === SANDBOX_STATIC_GROUPS[1])?.members,
    ).toContain(entra);
  }, 60_000);

  it('refuses an unknown group and a group that cannot hold devices before anything is imported (exit 2)', async () => {
    const device = sandbox.control.makeHash();
    const csv = join(work, 'two.csv');
    writeFileSync(csv, intuneCsv([{ serial: device.serial, hash: device.hardwareHash, tag: 'OD-RETAIL' }]));
    sandbox.control.resetStats();
    const unknown = await runCliProcess(
      ['register', csv, '--no-tag', '--group', 'No such group', ...sandboxTenantArgs(sandbox, join(work, 'state-g2'))],
      env,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No group is named or has the id "No such group"');
    const m365 = await runCliProcess(
      [
        'register',
        csv,
        '--no-tag',
        '--group',
        SANDBOX_M365_GROUP,
        ...sandboxTenantArgs(sandbox, join(work, 'state-g3')),
      ],
      env,
    );
    expect(m365.code).toBe(2);
    expect(m365.stderr).toContain('Microsoft 365 group, which cannot hold devices');
    expect(uploads({ sandbox })).toBe(0);
  }, 60_000);

  it('exits 3 naming GroupMember.ReadWrite.All when it is not granted, importing nothing', async () => {
    const device = sandbox.control.makeHash();
    const csv = join(work, 'three.csv');
    writeFileSync(csv, intuneCsv([{ serial: device.serial, hash: device.hardwareHash, tag: 'OD-RETAIL' }]));
    sandbox.control.resetStats();
    const before = sandbox.control.grantedRoles();
    sandbox.control.setGrantedRoles(before.filter((role) => role !== 'GroupMember.ReadWrite.All'));
    try {
      const run = await runCliProcess(
        [
          'register',
          csv,
          '--no-tag',
          '--group',
          SANDBOX_STATIC_GROUPS[0],
          ...sandboxTenantArgs(sandbox, join(work, 'state-g4')),
        ],
        env,
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('GroupMember.ReadWrite.All (or Group.ReadWrite.All) is not granted');
      expect(uploads({ sandbox })).toBe(0);
    } finally {
      sandbox.control.setGrantedRoles(before);
    }
  }, 60_000);
});

describe('register --corporate-identifier', () => {
  it('adds rows of a manufacturer,model,serial CSV and a captured hash, says what is left for device preparation', async () => {
    const captured = sandbox.control.makeHash({ manufacturer: 'Microsoft Corporation', model: 'Surface Laptop 6' });
    const hashCsv = join(work, 'captured.csv');
    writeFileSync(hashCsv, intuneCsv([{ serial: captured.serial, hash: captured.hardwareHash }]));
    const ids = join(work, 'ids.csv');
    writeFileSync(ids, 'LENOVO,21G2,PF5CLI001\r\nDell Inc.,Latitude 7450,JH9.CLI02\r\nHP,EliteBook 840\r\n');
    sandbox.control.resetStats();
    const run = await runCliProcess(
      [
        'register',
        '--corporate-identifier',
        ids,
        hashCsv,
        '--json',
        ...sandboxTenantArgs(sandbox, join(work, 'state-c1')),
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(1);
    const lines = jsonLines(run.stdout);
    expect(lines).toContainEqual(
      expect.objectContaining({ serial: 'PF5CLI001', stage: 'imported', identifier: 'LENOVO,21G2,PF5CLI001' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        serial: captured.serial,
        stage: 'imported',
        identifier: `Microsoft Corporation,Surface Laptop 6,${captured.serial}`,
      }),
    );
    const refused = (origin: string) => lines.find((line) => line.origin === origin);
    expect(refused('ids.csv:2')).toMatchObject({ serial: 'JH9.CLI02', stage: 'failed' });
    expect(refused('ids.csv:2')?.reason).toMatch(/periods/);
    expect(refused('ids.csv:3')).toMatchObject({ stage: 'failed' });
    expect(refused('ids.csv:3')?.reason).toMatch(/expected 3 values/);
    const summary = lines.at(-1)?.summary as { added: number; failed: number; nextSteps: string[] };
    expect(summary).toMatchObject({ added: 2, failed: 2 });
    expect(summary.nextSteps.join(' ')).toMatch(/Intune Provisioning Client/);
    expect(
      sandbox.control
        .snapshot()
        .deviceIdentities.map((r) => r.identifier)
        .sort(),
    ).toEqual([`Microsoft Corporation,Surface Laptop 6,${captured.serial}`, 'LENOVO,21G2,PF5CLI001'].sort());
    // Nothing went to Windows Autopilot.
    expect(uploads({ sandbox })).toBe(0);
  }, 60_000);

  it('prints the steps in words, and refuses Autopilot-only options', async () => {
    const ids = join(work, 'ok.csv');
    writeFileSync(ids, 'HP,EliteBook 840 G10,5CG4CLI07\n');
    const run = await runCliProcess(
      ['register', '--corporate-identifier', ids, ...sandboxTenantArgs(sandbox, join(work, 'state-c2'))],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('5CG4CLI07          Added as corporate identifier');
    expect(run.stdout).toContain('Still to do in Intune for Windows Autopilot device preparation');
    const refused = await runCliProcess(
      [
        'register',
        '--corporate-identifier',
        ids,
        '--tag',
        'OD-RETAIL',
        ...sandboxTenantArgs(sandbox, join(work, 'state-c3')),
      ],
      env,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--corporate-identifier does not take --tag');
  }, 60_000);
});
