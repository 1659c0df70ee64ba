import { parseArgs, type ParseArgsConfig } from 'node:util';
import { nearest } from './suggest';

/** Bad input or usage: the dispatcher turns it into exit code 2 with the command's usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts: the tenant, where state lives, output format. */
export const TENANT_OPTIONS = {
  'tenant-id': { type: 'string' },
  'client-id': { type: 'string' },
  certificate: { type: 'string' },
  'device-code': { type: 'boolean' },
  interactive: { type: 'boolean' },
  'token-cache': { type: 'string' },
  cloud: { type: 'string' },
  'authority-host': { type: 'string' },
  'graph-endpoint': { type: 'string' },
  config: { type: 'string' },
  'state-dir': { type: 'string' },
  pace: { type: 'string' },
  'use-system-ca': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/** Usage lines for the tenant options, appended to each command's usage. */
export const TENANT_OPTIONS_HELP = [
  'Tenant options (every command):',
  '  --tenant-id ID          Entra tenant (directory) id',
  '  --client-id ID          application (client) id of the app registration',
  '  --certificate PEM       PEM file with the certificate and its private key (preferred over a secret)',
  '  --device-code           sign in as a person with a code entered in a browser on any device (code and URL on stderr)',
  '  --interactive           sign in as a person in the system browser (public client app registration)',
  '  --token-cache FILE      keep the sign-in of a person in FILE (owner-only); without it nothing is kept on disk',
  '  --cloud NAME            global (default), usgov, usgovdod, china or custom',
  '  --authority-host URL    sign-in host, e.g. https://login.microsoftonline.us (implies custom when not a known cloud)',
  '  --graph-endpoint URL    Graph root, e.g. https://graph.microsoft.us',
  '  --config FILE           JSON file holding any of the above (default: <state-dir>/config.json)',
  '  --state-dir DIR         where the journal is kept (default: $AUTOPILOT_STATE_DIR or ~/.autopilot-console)',
  "  --pace TOTAL/WRITES     Graph budget per 20 s (default 900/90: 90% of Intune's documented limits)",
  "  --use-system-ca         also trust the operating system's certificate store (Node 22.15+; the packaged app always does)",
  '  --json                  JSON Lines on stdout',
  '  --log FILE              also append every output line, time-stamped, to FILE',
  'The client secret is read only from the environment variable AUTOPILOT_CLIENT_SECRET',
  'or from the file named by AUTOPILOT_CLIENT_SECRET_FILE (protect it: readable by its owner or SYSTEM only), never from a flag.',
  'Signing in as a person needs no secret: the app registration is a public client with delegated permissions.',
  'With no tenant configured, the built-in sandbox tenant is used.',
].join('\n');

/** Parsed values of one command line. */
export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

/** Parses a command's argv (its own options plus the tenant options); throws UsageError on anything unknown. */
export function parseCommandArgs(
  argv: string[],
  options: OptionSpec,
  allowPositionals = false,
): { values: ParsedValues; positionals: string[] } {
  if (argv.some((arg) => arg === '--client-secret' || arg.startsWith('--client-secret='))) {
    throw new UsageError(
      'The client secret is never accepted as a flag (flags leak into process lists and logs): set AUTOPILOT_CLIENT_SECRET instead.',
    );
  }
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...TENANT_OPTIONS, ...options },
      allowPositionals,
      strict: true,
    });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(parseErrorText(error, Object.keys({ ...TENANT_OPTIONS, ...options })));
  }
}

/** The parser's complaint in one line; an unknown option gets the nearest known one. */
function parseErrorText(error: unknown, known: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const typed = /^Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
  if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || !typed) return message.replace(/\s*\n\s*/g, ' ');
  const guess = nearest(typed.replace(/^-+/, '').split('=')[0] ?? '', known);
  return `unknown option "${typed}"${guess ? `: did you mean "--${guess}"?` : ''}`;
}

/** A string option, or undefined. */
export function stringOption(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Bounds of a duration option, in milliseconds. */
export interface DurationBounds {
  /** Smallest value accepted (default 1 ms: zero and negative durations are refused). */
  min?: number;
  /** Largest value accepted (default 7 days: anything longer is a typo, not a plan). */
  max?: number;
}

const DAY_MS = 86_400_000;

/** Says a duration in the largest unit that keeps it whole (90s, 15m, 7d). */
function sayDuration(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/**
 * Parses a duration such as "90s", "15m", "2h", "1d" or a number of minutes; throws UsageError, naming the
 * option, for anything unparseable, zero, negative or beyond the bounds.
 */
export function parseDuration(text: string, option: string, bounds: DurationBounds = {}): number {
  const min = bounds.min ?? 1;
  const max = bounds.max ?? 7 * DAY_MS;
  const range =
    min <= 1
      ? `${min === 0 ? 'of zero or more' : 'more than zero'}, at most ${sayDuration(max)}`
      : `from ${sayDuration(min)} to ${sayDuration(max)}`;
  const trimmed = text.trim();
  if (/^-/.test(trimmed)) throw new UsageError(`${option}: "${text}" is negative: give a duration ${range}`);
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(trimmed);
  if (!match)
    throw new UsageError(`${option}: "${text}" is not a duration (examples: 90s, 15m, 2h; a bare number is minutes)`);
  const value = Number(match[1]);
  const unit = match[2] ?? 'm';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS }[unit] ?? 60_000;
  const ms = Math.round(value * factor);
  if (ms === 0 && min > 0) throw new UsageError(`${option}: "${text}" is zero: give a duration ${range}`);
  if (ms < min) throw new UsageError(`${option}: "${text}" is too short: give a duration ${range}`);
  if (!Number.isFinite(ms) || ms > max)
    throw new UsageError(`${option}: "${text}" is too long: give a duration ${range}`);
  return ms;
}

/** Parses a whole number option within [min, max]; throws UsageError naming the option otherwise. */
export function parseWholeNumber(text: string, option: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim()))
    throw new UsageError(`${option}: "${text}" is not a whole number from ${min} to ${max}`);
  const value = Number(text.trim());
  if (value < min || value > max) throw new UsageError(`${option}: ${text} is out of range: give ${min} to ${max}`);
  return value;
}
