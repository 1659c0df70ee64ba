/**
 * The names of the CLI's commands, without their code: electron/main decides from these alone whether a
 * launch of the app is a command line (headless) or the desktop console. commands/index.ts is checked
 * against this list by a test.
 */
export const CLI_COMMAND_NAMES = [
  'register',
  'status',
  'deregister',
  'lookup',
  'update',
  'sync',
  'tags',
  'doctor',
  'sandbox',
  'capture',
  'validate',
  'export',
  'watch',
] as const;

/** First arguments that also mean "the command line": help and version. */
export const CLI_META_ARGS = ['help', '--help', '-h', '--version', '-v'] as const;
