import type { CliCommand } from '../context';

interface SandboxCommandModule {
  runSandboxCommand(argv: string[], io: { out(line: string): void; err(line: string): void }): Promise<number>;
}

/** `sandbox`: runs the sandbox tenant alone (its own options are documented by `sandbox --help`). */
export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  summary: 'run the built-in sandbox tenant alone (local Graph and sign-in endpoints)',
  ownsHelp: true,
  usage: 'Usage: autopilot-console sandbox [options]   (see "autopilot-console sandbox --help")',
  async run(argv, ctx) {
    const modulePath = '../../core/sandbox/cli-command';
    const sandbox = (await import(modulePath)) as SandboxCommandModule;
    return sandbox.runSandboxCommand(argv, { out: ctx.out, err: ctx.err });
  },
};
