import type { CliContext } from '../../../electron/cli/context';
import { systemClock } from '../../../electron/core/clock';

/** A CLI context that records output lines. */
export function fakeContext(
  env: Record<string, string | undefined> = {},
): CliContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    env,
    cwd: process.cwd(),
    isTty: false,
    clock: systemClock,
  };
}
