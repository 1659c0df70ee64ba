import { AppError } from '../core/errors';
import { COMMANDS } from './commands/index';
import type { CliCommand, CliContext } from './context';
import { EXIT, EXIT_CODES_HELP } from './exit-codes';
import { UsageError } from './options';
import { nearest } from './suggest';

/** The name the CLI is run by, in its messages. */
const PROGRAM = 'autopilot-console';

/** The top-level help: commands, exit codes. */
export function mainUsage(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: autopilot-console <command> [options]',
    '',
    'Registers Windows devices with Windows Autopilot and follows each one to "ready for OOBE".',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run "autopilot-console <command> --help" for the options of a command.',
    '',
    EXIT_CODES_HELP,
  ].join('\n');
}

/** Errors that mean authentication or permissions (exit 3). */
const AUTH_CODES = new Set(['auth', 'permission-missing', 'forbidden', 'unauthorized']);

/** Runs one command line and returns its exit code; never throws. */
export async function runCli(
  argv: string[],
  ctx: CliContext,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const usage = mainUsage(commands);
    if (name === undefined) {
      ctx.err(usage);
      return EXIT.usage;
    }
    ctx.out(usage);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    ctx.out(ctx.version ?? process.env.npm_package_version ?? '0.1.0');
    return EXIT.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    const guess = nearest(
      name,
      commands.map((candidate) => candidate.name),
    );
    ctx.err(`Unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ''}`);
    ctx.err(`Run "${PROGRAM} --help" for the list of commands.`);
    return EXIT.usage;
  }
  if (!command.ownsHelp && (rest.includes('--help') || rest.includes('-h'))) {
    ctx.out(`${command.usage}\n\n${command.exitCodes ?? EXIT_CODES_HELP}`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    if (ctx.signal?.aborted) {
      ctx.err(
        `${command.name}: stopped. Devices in flight are kept in the journal: run the same command again to resume them.`,
      );
      return EXIT.failed;
    }
    if (error instanceof UsageError) {
      // One line that says what is wrong, one that says where the options are: the usage would bury it.
      ctx.err(`${command.name}: ${error.message}`);
      ctx.err(`Run "${PROGRAM} ${command.name} --help" for its options.`);
      return EXIT.usage;
    }
    if (error instanceof AppError) {
      ctx.err(`${command.name}: ${error.message}`);
      if (AUTH_CODES.has(error.code)) return EXIT.auth;
      if (error.code === 'network') return EXIT.network;
      return error.code === 'bad-input' ? EXIT.usage : EXIT.failed;
    }
    ctx.err(`${command.name}: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
}
