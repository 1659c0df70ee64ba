import { runSandboxCommand } from '../../core/sandbox/cli-command';
import type { CliCommand } from '../context';

/** `sandbox`: runs the sandbox tenant alone (its own options are documented by `sandbox --help`). */
export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  summary: 'run the built-in sandbox tenant alone (local Graph and sign-in endpoints)',
  ownsHelp: true,
  usage: 'Usage: autopilot-console sandbox [options]   (see "autopilot-console sandbox --help")',
  run: (argv, ctx) => runSandboxCommand(argv, { out: ctx.out, err: ctx.err }, ctx.signal ? { signal: ctx.signal } : {}),
};
