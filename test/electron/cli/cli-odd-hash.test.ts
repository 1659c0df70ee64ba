import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../electron/core/sandbox/index';
import { intuneCsv, jsonLines, runCliProcess, sandboxTenantArgs } from './run-cli';

const POST = 'POST /v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities';

let sandbox: RunningSandbox;
let work: string;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 'test', throttle: false, seed: 31 });
  work = mkdtempSync(join(tmpdir(), 'cli-odd-'));
  writeFileSync(join(work, 'ca.pem'), sandbox.caCertPem);
}, 30_000);

afterAll(async () => {
  await sandbox.close();
});

function args(stateDir: string): string[] {
  return [...sandboxTenantArgs(sandbox, stateDir), '--tag', 'OD-RETAIL', '--json', '--poll-interval', '20ms'];
}

describe('register with a hash that is not 4,000 characters', () => {
  it('refuses it before upload, and sends it only with --allow-odd-hash-size', async () => {
    const device = sandbox.control.makeHash();
    const csv = join(work, 'cut.csv');
    writeFileSync(csv, intuneCsv([{ serial: device.serial, hash: device.hardwareHash.slice(0, 1200) }]));
    const env = { AUTOPILOT_CLIENT_SECRET: sandbox.clientSecret, NODE_EXTRA_CA_CERTS: join(work, 'ca.pem') };
    const refused = await runCliProcess(['register', csv, ...args(join(work, 'state-1'))], env);
    expect(refused.code, refused.stderr).toBe(1);
    expect(jsonLines(refused.stdout)).toContainEqual(
      expect.objectContaining({ serial: device.serial, stage: 'failed', code: 'HashNot4k' }),
    );
    expect(sandbox.control.stats().byEndpoint[POST] ?? 0).toBe(0);
    const forced = await runCliProcess(['register', csv, '--allow-odd-hash-size', ...args(join(work, 'state-2'))], env);
    expect(forced.code, forced.stderr).toBe(1);
    expect(sandbox.control.stats().byEndpoint[POST]).toBe(1);
    expect(forced.stdout).toMatch(/HashNot4k/);
  }, 60_000);
});
