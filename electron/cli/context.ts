import { readHiddenLine } from './secret-prompt';
import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import type { NetworkProvider } from '../core/graph/transport';

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
  /**
   * The network for a real tenant when the host has a better one than the Node transport: the packaged
   * app passes Electron's (the operating system's trust store and proxy settings).
   */
  network?: NetworkProvider;
  /** The product version (--version); the packaged app passes its own. */
  version?: string;
  /**
   * Asks the person at the terminal a yes/no question (true for yes); absent when stdin is not a terminal,
   * so a script is never left waiting for an answer.
   */
  confirm?: (question: string) => Promise<boolean>;
  /** Asks for a secret on the terminal without echoing it; absent when there is no terminal to ask on. */
  readSecret?: (prompt: string) => Promise<string>;
}

/** A command of the CLI, registered in commands/index.ts. */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full usage text shown by `<command> --help`. */
  usage: string;
  /** The command's own exit-code table for --help (replaces the general one when its codes differ). */
  exitCodes?: string;
  /** True when the command prints its own --help (the dispatcher then passes --help through). */
  ownsHelp?: boolean;
  run(argv: string[], ctx: CliContext): Promise<number>;
}

/** Where the process context writes: the process's streams, or others (the packaged app, tests). */
export interface ProcessStreams {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Receives every line written to stdout ('out') and stderr ('err'): the --log file. */
  tee?: (stream: 'out' | 'err', line: string) => void;
}

/** The context of the running process. */
export function createProcessContext(
  signal?: AbortSignal,
  streams: ProcessStreams = { stdout: process.stdout, stderr: process.stderr },
): CliContext {
  const { stdout, stderr, tee } = streams;
  const isTty = stdout.isTTY === true;
  let drawn = 0;
  const clearProgress = (): void => {
    if (drawn > 0) stderr.write(`\x1b[${drawn}A\x1b[0J`);
    drawn = 0;
  };
  return {
    out: (line) => {
      clearProgress();
      stdout.write(`${line}\n`);
      tee?.('out', line);
    },
    err: (line) => {
      clearProgress();
      stderr.write(`${line}\n`);
      tee?.('err', line);
    },
    progress: (lines) => {
      if (stderr.isTTY !== true) return;
      clearProgress();
      if (lines.length > 0) stderr.write(`${lines.join('\n')}\n`);
      drawn = lines.length;
    },
    env: process.env,
    cwd: process.cwd(),
    isTty,
    // Only an interactive terminal is asked: a task sequence gives the password in the environment instead.
    ...(process.stdin.isTTY && stderr.isTTY === true
      ? { readSecret: (prompt: string) => readHiddenLine(prompt, { input: process.stdin, output: stderr }) }
      : {}),
    clock: systemClock,
    ...(signal ? { signal } : {}),
    ...(process.stdin.isTTY ? { confirm: (question: string) => askYesNo(question, stderr) } : {}),
  };
}

/** Asks on the terminal (the question on stderr, so stdout stays the command's output); yes only for y/yes. */
async function askYesNo(question: string, stderr: ProcessStreams['stderr']): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: stderr as NodeJS.WritableStream });
  try {
    const answer = await terminal.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    terminal.close();
  }
}
