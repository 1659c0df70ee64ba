import { describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../electron/cli/context';
import { runCli } from '../../../electron/cli/main';
import { parseCommandArgs, parseDuration, UsageError } from '../../../electron/cli/options';
import { AppError } from '../../../electron/core/errors';
import { NetworkError } from '../../../electron/core/graph/network-failure';
import { fakeContext } from './fake-context';

const echo: CliCommand = {
  name: 'echo',
  summary: 'prints its arguments',
  usage: 'Usage: echo [--loud] <words>',
  run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { loud: { type: 'boolean' } }, true);
    if (positionals.includes('offline'))
      throw new NetworkError(
        'DNS could not find graph.microsoft.com (ENOTFOUND).',
        'dns',
        'graph.microsoft.com',
        'ENOTFOUND',
      );
    if (positionals.includes('auth'))
      throw new AppError('permission-missing', 'DeviceManagementServiceConfig.ReadWrite.All is missing');
    ctx.out(values.loud ? positionals.join(' ').toUpperCase() : positionals.join(' '));
    return Promise.resolve(0);
  },
};

describe('runCli', () => {
  it('lists commands and exit codes in --help', async () => {
    const ctx = fakeContext();
    expect(await runCli(['--help'], ctx, [echo])).toBe(0);
    const text = ctx.stdout.join('\n');
    expect(text).toContain('echo  prints its arguments');
    expect(text).toContain('3  authentication or permission failure');
    expect(text).toContain('4  network failure (DNS, proxy, TLS certificate, unreachable host)');
  });

  it('returns 2 for an unknown command or option, 3 for permission errors', async () => {
    expect(await runCli(['nope'], fakeContext(), [echo])).toBe(2);
    const ctx = fakeContext();
    expect(await runCli(['echo', '--quiet'], ctx, [echo])).toBe(2);
    expect(ctx.stderr.join('\n')).toContain('Usage: echo');
    const auth = fakeContext();
    expect(await runCli(['echo', 'auth'], auth, [echo])).toBe(3);
    expect(auth.stderr.join('\n')).toContain('DeviceManagementServiceConfig.ReadWrite.All');
  });

  it('returns 4 for a network failure, naming it', async () => {
    const ctx = fakeContext();
    expect(await runCli(['echo', 'offline'], ctx, [echo])).toBe(4);
    expect(ctx.stderr.join('\n')).toContain('DNS could not find graph.microsoft.com');
  });

  it('runs a command with its own and the tenant options', async () => {
    const ctx = fakeContext();
    expect(await runCli(['echo', '--loud', '--tenant-id', 't', 'hello', 'world'], ctx, [echo])).toBe(0);
    expect(ctx.stdout).toEqual(['HELLO WORLD']);
  });

  it('refuses a client secret given as a flag', () => {
    expect(() => parseCommandArgs(['--client-secret', 'x'], {})).toThrow(UsageError);
  });

  it('parses durations', () => {
    expect(parseDuration('60m', '--timeout')).toBe(3_600_000);
    expect(parseDuration('90s', '--timeout')).toBe(90_000);
    expect(parseDuration('2', '--timeout')).toBe(120_000);
    expect(() => parseDuration('soon', '--timeout')).toThrow(UsageError);
  });
});

describe('runCli when stopped', () => {
  it('says how to resume', async () => {
    const controller = new AbortController();
    const waiting: CliCommand = {
      name: 'wait',
      summary: 'waits',
      usage: 'Usage: wait',
      run: () => {
        controller.abort(new Error('stopped by SIGINT'));
        return Promise.reject(new Error('stopped by SIGINT'));
      },
    };
    const ctx = { ...fakeContext(), signal: controller.signal };
    expect(await runCli(['wait'], ctx, [waiting])).toBe(1);
    expect(ctx.stderr.join('\n')).toContain('run the same command again to resume');
  });
});
