import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { REMOTE_PASSWORD_ENV } from '../../../../electron/cli/commands/capture-remote';
import { runCli } from '../../../../electron/cli/main';
import { readHiddenLine } from '../../../../electron/cli/secret-prompt';
import { SANDBOX_BENCH_ACCOUNT } from '../../../../electron/core/capture/simulated-remote';
import { fakeContext } from '../fake-context';

const PASSWORD = 'Bench-Pa55-never-kept';

/** The CLI in-process without a tenant (the sandbox's bench network), with its own state folder. */
function context(env: Record<string, string | undefined> = {}) {
  const ctx = fakeContext(env);
  const state = mkdtempSync(join(tmpdir(), 'capture-remote-'));
  return { ctx, args: ['--state-dir', state] };
}

describe('capture --computer', () => {
  it('captures a bench PC with the password from the environment, removed once read, and queues it', async () => {
    const env: Record<string, string | undefined> = { [REMOTE_PASSWORD_ENV]: PASSWORD };
    const { ctx, args } = context(env);
    const code = await runCli(
      ['capture', '--computer', 'bench-pc02', '--account', SANDBOX_BENCH_ACCOUNT, '--json', ...args],
      ctx,
    );
    expect(code, ctx.stderr.join('\n')).toBe(0);
    const lines = ctx.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      event: 'captured',
      computer: 'BENCH-PC02',
      provider: 'simulated-remote',
      valid: true,
    });
    expect(lines[1]).toMatchObject({ event: 'queued', action: 'queued' });
    // No process started later inherits it, and nothing printed carries it.
    expect(env[REMOTE_PASSWORD_ENV]).toBeUndefined();
    expect([...ctx.stdout, ...ctx.stderr].join('\n')).not.toContain(PASSWORD);
  });

  it('asks on the terminal when the environment has no password', async () => {
    const { ctx, args } = context();
    const asked: string[] = [];
    ctx.readSecret = (prompt) => {
      asked.push(prompt);
      return Promise.resolve(PASSWORD);
    };
    expect(
      await runCli(['capture', '--computer', 'BENCH-PC01', '--account', SANDBOX_BENCH_ACCOUNT, ...args], ctx),
    ).toBe(0);
    expect(asked).toEqual(['Password of BENCH\\tech on BENCH-PC01: ']);
    expect(ctx.stderr[0]).toBe("Capturing BENCH-PC01 over WinRM as BENCH\\tech (the sandbox's bench network)...");
  });

  it('refuses to run without a way to get the password, and never takes it from the command line', async () => {
    const { ctx, args } = context();
    expect(
      await runCli(['capture', '--computer', 'BENCH-PC01', '--account', SANDBOX_BENCH_ACCOUNT, ...args], ctx),
    ).toBe(2);
    expect(ctx.stderr[0]).toMatch(/the password of BENCH\\tech is needed: set AUTOPILOT_REMOTE_PASSWORD for this run/);
    const withFlag = context();
    expect(
      await runCli(['capture', '--computer', 'BENCH-PC01', '--password', PASSWORD, ...withFlag.args], withFlag.ctx),
    ).toBe(2);
    expect(withFlag.ctx.stderr[0]).toMatch(/unknown option "--password"/);
  });

  it.each([
    ['BENCH-OFF', SANDBOX_BENCH_ACCOUNT, 1, /^capture: winrm-unreachable: BENCH-OFF did not answer over WinRM/],
    ['BENCH-PC01', 'CONTOSO\\someone', 3, /^capture: access-denied: BENCH-PC01 refused the account/],
    [
      'BENCH-NAS',
      SANDBOX_BENCH_ACCOUNT,
      1,
      /^capture: not-windows: BENCH-NAS answered over WS-Management but is not Windows/,
    ],
    ['BENCH PC', SANDBOX_BENCH_ACCOUNT, 2, /^capture: "BENCH PC" is not a computer name/],
  ])('names the failure for %s as %s (exit %i)', async (computer, account, exit, pattern) => {
    const { ctx, args } = context({ [REMOTE_PASSWORD_ENV]: PASSWORD });
    expect(await runCli(['capture', '--computer', computer, '--account', account, ...args], ctx)).toBe(exit);
    expect(ctx.stderr.find((line) => line.startsWith('capture:'))).toMatch(pattern);
  });

  it('refuses options that read this device', async () => {
    const { ctx, args } = context();
    expect(await runCli(['capture', '--computer', 'BENCH-PC01', '--provider', 'windows', ...args], ctx)).toBe(2);
    expect(ctx.stderr[0]).toBe('capture: --provider reads this device: it cannot be used with --computer');
  });
});

describe('the hidden password prompt', () => {
  it('echoes nothing of what is typed, handles Backspace, and restores the terminal', async () => {
    const input = Object.assign(new PassThrough(), {
      isTTY: true,
      isRaw: false,
      setRawMode(mode: boolean) {
        this.isRaw = mode;
        return this;
      },
    });
    let written = '';
    const reading = readHiddenLine('Password: ', {
      input: input as unknown as NodeJS.ReadStream,
      output: { write: (text: string) => (written += text) },
    });
    expect(input.isRaw).toBe(true);
    input.write('s3cX\u007fret\r');
    await expect(reading).resolves.toBe('s3cret');
    expect(written).toBe('Password: \n');
    expect(input.isRaw).toBe(false);
  });
});
