import { CLI_COMMAND_NAMES, CLI_META_ARGS } from '../cli/command-names';

const FIRST_ARGS = new Set<string>([...CLI_COMMAND_NAMES, ...CLI_META_ARGS]);

/**
 * Decides from the process's command line whether this launch is the CLI: `"Autopilot Console.exe" register
 * ...` (packaged) or `electron . register ...` (a checkout, where argv[1] is the app folder). Returns the CLI's
 * arguments, or null for the desktop console. Only a command name (or help/version) in first position counts,
 * so a shortcut, a file association or Chromium's own switches never start the CLI by accident.
 */
export function cliInvocation(argv: readonly string[], defaultApp: boolean): string[] | null {
  const args = argv.slice(defaultApp ? 2 : 1);
  const first = args[0];
  if (first === undefined || !FIRST_ARGS.has(first)) return null;
  return [...args];
}
