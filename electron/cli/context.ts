import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';

/** What a command may touch: output streams, environment, clock. Injected so tests run commands in-process. */
export interface CliContext {
  /** Writes one line to stdout. */
  out: (line: string) => void;
  /** Writes one line to stderr. */
  err: (line: string) => void;
  /** Rewrites the live progress area on a terminal (no-op elsewhere). */
  progress?: (lines: string[]) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** True when stdout is a terminal (live progress view). */
  isTty: boolean;
  clock: Clock;
  /** Aborted on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

/** A command of the CLI, registered in commands/index.ts. */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full usage text shown by `<command> --help`. */
  usage: string;
  /** True when the command prints its own --help (the dispatcher then passes --help through). */
  ownsHelp?: boolean;
  run(argv: string[], ctx: CliContext): Promise<number>;
}

/** The context of the running process. */
export function createProcessContext(signal?: AbortSignal): CliContext {
  const isTty = process.stdout.isTTY;
  let drawn = 0;
  const clearProgress = (): void => {
    if (drawn > 0) process.stderr.write(`\x1b[${drawn}A\x1b[0J`);
    drawn = 0;
  };
  return {
    out: (line) => {
      clearProgress();
      process.stdout.write(`${line}\n`);
    },
    err: (line) => {
      clearProgress();
      process.stderr.write(`${line}\n`);
    },
    progress: (lines) => {
      if (!process.stderr.isTTY) return;
      clearProgress();
      if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
      drawn = lines.length;
    },
    env: process.env,
    cwd: process.cwd(),
    isTty,
    clock: systemClock,
    ...(signal ? { signal } : {}),
  };
}
