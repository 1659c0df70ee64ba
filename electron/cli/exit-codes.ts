/** Exit codes every command uses; task sequences branch on them. */
export const EXIT = {
  /** Every device reached the requested stage (or the command succeeded). */
  ok: 0,
  /** Some device failed or timed out. */
  failed: 1,
  /** Bad input or usage. */
  usage: 2,
  /** Authentication or permission failure. */
  auth: 3,
  /** The network failed (DNS, proxy, TLS certificate, unreachable host): not the tenant's answer. */
  network: 4,
} as const;

/** One of the documented exit codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit-code table as printed by --help (and the README). */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  every device reached the requested stage (or the command succeeded)',
  '  1  some device failed or timed out',
  '  2  bad input or usage',
  '  3  authentication or permission failure (the tenant refused the sign-in or a request)',
  '  4  network failure (DNS, proxy, TLS certificate, unreachable host): the tenant was not reached',
].join('\n');
