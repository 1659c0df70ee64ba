import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createProcessContext, type CliContext, type ProcessStreams } from './context';
import { EXIT } from './exit-codes';
import { runCli } from './main';

/** The command line without `--log FILE`, and the file. */
export interface LogOption {
  argv: string[];
  logFile?: string;
  /** Set when --log has no file after it. */
  error?: string;
}

/** Takes `--log FILE` / `--log=FILE` out of the command line (it works on every command, before parsing). */
export function extractLogOption(argv: readonly string[]): LogOption {
  const rest: string[] = [];
  let logFile: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      rest.push(...argv.slice(index));
      break;
    }
    if (arg === '--log') {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) return { argv: rest, error: '--log needs a file name' };
      logFile = next;
      index += 1;
    } else if (arg.startsWith('--log=')) {
      logFile = arg.slice('--log='.length);
      if (!logFile) return { argv: rest, error: '--log needs a file name' };
    } else {
      rest.push(arg);
    }
  }
  return { argv: rest, ...(logFile === undefined ? {} : { logFile }) };
}

/** What one CLI run in a process needs: where output goes and what the host adds (signal, network). */
export interface CliProcessOptions {
  streams?: Omit<ProcessStreams, 'tee'>;
  signal?: AbortSignal;
  /** Fields of the context the host sets (cwd, env, network). */
  context?: Partial<Pick<CliContext, 'cwd' | 'env' | 'network' | 'version'>>;
  /** Names the program in the log header, e.g. "Autopilot Console.exe". */
  program?: string;
}

/**
 * Runs one command line as a process does: `--log FILE` appends every stdout and stderr line, time-stamped,
 * to FILE (where a technician finds the output of a run that had no console), then the command's exit code.
 * Shared by `node out/cli/cli.js` and the packaged app's headless mode, so both behave alike.
 */
export async function runCliProcess(argv: readonly string[], options: CliProcessOptions = {}): Promise<number> {
  const streams = options.streams ?? { stdout: process.stdout, stderr: process.stderr };
  const parsed = extractLogOption(argv);
  if (parsed.error) {
    streams.stderr.write(`${parsed.error}\n`);
    return EXIT.usage;
  }
  let tee: ProcessStreams['tee'];
  let logPath: string | undefined;
  const base = createProcessContext(options.signal, streams);
  const cwd = options.context?.cwd ?? base.cwd;
  if (parsed.logFile !== undefined) {
    logPath = resolve(cwd, parsed.logFile);
    try {
      mkdirSync(dirname(logPath), { recursive: true });
      appendFileSync(
        logPath,
        `${new Date().toISOString()} --- ${options.program ?? 'autopilot-console'} ${parsed.argv.join(' ')} (pid ${process.pid})\n`,
      );
    } catch (error) {
      streams.stderr.write(
        `--log: cannot write ${logPath}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return EXIT.usage;
    }
    const file = logPath;
    tee = (stream, line) => {
      try {
        // Synchronous appends: the line is on disk even if the process is killed right after.
        appendFileSync(file, `${new Date().toISOString()} ${stream} ${line}\n`);
      } catch {
        // A full or vanished disk must not stop the command; stdout and stderr still carry everything.
      }
    };
  }
  const ctx: CliContext = {
    ...createProcessContext(options.signal, { ...streams, ...(tee ? { tee } : {}) }),
    ...options.context,
  };
  const code = await runCli(parsed.argv, ctx);
  if (logPath !== undefined) {
    try {
      appendFileSync(logPath, `${new Date().toISOString()} --- exit ${code}\n`);
    } catch {
      // See above.
    }
  }
  return code;
}
