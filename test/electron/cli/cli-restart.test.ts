import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../electron/core/sandbox/index';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';
import { intuneCsv, jsonLines, runCliProcess } from './run-cli';

let sandbox: RunningSandbox;
let proxy: RecordingProxy;
let work: string;
let caFile: string;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 'test', throttle: false, seed: 33 });
  proxy = await startRecordingProxy(sandbox);
  work = mkdtempSync(join(tmpdir(), 'cli-restart-'));
  caFile = join(work, 'extra-ca.pem');
  writeFileSync(caFile, proxy.certificates.caCertPem);
}, 30_000);

afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

/** Linux process state ("Z" for a zombie), or null when the process is gone. */
function processState(pid: number): string | null {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return null;
  return /\) (\S)/.exec(readFileSync(file, 'utf8'))?.[1] ?? null;
}

/**
 * Starts the CLI under a parent that never reaps it (`sh` replaced by `sleep`), as a task sequence or a
 * shell that starts the command again at once: after SIGKILL the process stays a zombie, so its pid still
 * answers `kill(pid, 0)`.
 */
function startUnreaped(args: string[], env: Record<string, string>) {
  const cli = [process.execPath, '--import', 'tsx', join(process.cwd(), 'electron', 'cli.ts'), ...args];
  const wrapper = spawn('sh', ['-c', '"$@" & echo "pid $!"; exec sleep 300', 'sh', ...cli], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  wrapper.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  wrapper.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = () => ({ stdout, stderr });
  return { wrapper, output };
}

describe('kill -9 and start again at once', () => {
  it.skipIf(process.platform !== 'linux')(
    'the restarted register takes over the dead run’s lock, several times; nothing lost, nothing imported twice',
    async () => {
      const devices = Array.from({ length: 30 }, () => sandbox.control.makeHash());
      const csv = join(work, 'thirty.csv');
      writeFileSync(
        csv,
        intuneCsv(devices.map((device) => ({ serial: device.serial, hash: device.hardwareHash, tag: 'OD-RETAIL' }))),
      );
      const stateDir = join(work, 'state');
      const args = [
        'register',
        csv,
        '--no-tag',
        '--json',
        '--poll-interval',
        '25ms',
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
      const env = { AUTOPILOT_CLIENT_SECRET: sandbox.clientSecret, NODE_EXTRA_CA_CERTS: caFile };
      const wrappers: ReturnType<typeof startUnreaped>['wrapper'][] = [];
      const stderrs: string[] = [];
      try {
        for (const target of [3, 6, 10]) {
          const run = startUnreaped(args, env);
          wrappers.push(run.wrapper);
          let pid = 0;
          // Until the run has printed `target` stage lines (it holds the lock then), or has ended by itself.
          for (;;) {
            await new Promise((resolve) => setTimeout(resolve, 50));
            const { stdout, stderr } = run.output();
            pid ||= Number(/^pid (\d+)$/m.exec(stdout)?.[1] ?? 0);
            if (!pid) continue;
            const lines = stdout.split('\n').filter((line) => line.startsWith('{'));
            const state = processState(pid);
            if (state === 'Z' || state === null) {
              throw new Error(`the restarted run ended by itself instead of taking over the lock:\n${stderr}`);
            }
            if (lines.length >= target) break;
          }
          // No pause: the next run starts while this one is still a zombie holding a fresh lock.
          process.kill(pid, 'SIGKILL');
          stderrs.push(run.output().stderr);
        }
        const final = await runCliProcess(args, env);
        expect(final.code, final.stderr).toBe(0);
        expect(jsonLines(final.stdout).at(-1)).toEqual({ summary: { total: 30, ready: 30, failed: 0, timedOut: 0 } });
        for (const device of devices)
          expect(proxy.imported.get(device.serial) ?? 0, device.serial).toBeLessThanOrEqual(1);
        // The runs after a kill said why they waited.
        expect(stderrs.slice(1).join('\n')).toMatch(/journal is in use by another process \(pid \d+\): waiting up to/);
      } finally {
        for (const wrapper of wrappers) wrapper.kill('SIGKILL');
      }
    },
    120_000,
  );
});
