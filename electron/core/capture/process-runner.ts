import { spawn } from 'node:child_process';
import { system32Path } from './system32';

/** How to run one process. */
export interface RunOptions {
  timeoutMs: number;
  windowsHide?: boolean;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /**
   * Written to the child's standard input, then closed: the way a secret (a remote PC's password) reaches the
   * child without appearing on its command line or in its environment.
   */
  input?: string;
}

/** What a finished (or killed) process left behind. */
export interface RunResult {
  /** Exit code; null when the process was killed or could not start. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** True when the timeout elapsed and the process tree was killed. */
  timedOut: boolean;
  /** Why the process could not start (e.g. ENOENT), when it did not. */
  startError?: string;
}

/** Runs processes; injected so providers are tested with recorded outputs. */
export interface ProcessRunner {
  run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult>;
}

/** Output beyond this is dropped: a capture prints one JSON object, never megabytes. */
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
/** After killing on timeout, how long to wait for the pipes to close. */
const KILL_GRACE_MS = 2000;

/** What the runner needs from the system (injected in tests). */
export interface ProcessRunnerDeps {
  spawn?: typeof spawn;
  /** Environment for %SystemRoot% (default process.env). */
  env?: Record<string, string | undefined>;
}

function killTree(pid: number, platform: NodeJS.Platform, deps: ProcessRunnerDeps): void {
  const start = deps.spawn ?? spawn;
  try {
    if (platform === 'win32') {
      // taskkill /T takes the children (WMI provider hosts stay: they are not ours). By its System32 path:
      // a bare name would be looked for in the current folder first.
      start(system32Path('taskkill.exe', deps.env), ['/PID', String(pid), '/T', '/F'], {
        windowsHide: true,
        stdio: 'ignore',
      }).on('error', () => undefined);
    } else {
      // The child leads its own process group (detached), so -pid reaches its descendants.
      process.kill(-pid, 'SIGKILL');
    }
  } catch {
    // Already gone.
  }
}

/** The real runner on node:child_process: no shell, hidden window, whole tree killed on timeout. */
export function createNodeProcessRunner(
  platform: NodeJS.Platform = process.platform,
  deps: ProcessRunnerDeps = {},
): ProcessRunner {
  return {
    run(command, args, options) {
      return new Promise((resolve) => {
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let size = 0;
        let timedOut = false;
        let settled = false;
        const child = (deps.spawn ?? spawn)(command, [...args], {
          cwd: options.cwd,
          env: options.env ? { ...options.env } : process.env,
          windowsHide: options.windowsHide ?? true,
          detached: platform !== 'win32',
          stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        });
        if (options.input !== undefined && child.stdin) {
          // A child that exits before reading its input must not crash the console (EPIPE).
          child.stdin.on('error', () => undefined);
          child.stdin.end(options.input);
        }
        const collect = (into: Buffer[]) => (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_OUTPUT_BYTES) into.push(chunk);
        };
        child.stdout?.on('data', collect(stdout));
        child.stderr?.on('data', collect(stderr));
        const timer = setTimeout(() => {
          timedOut = true;
          if (child.pid !== undefined) killTree(child.pid, platform, deps);
          // A descendant that left the process group could keep the pipes open: do not wait for it.
          setTimeout(() => {
            finish(null);
          }, KILL_GRACE_MS).unref();
        }, options.timeoutMs);
        const finish = (exitCode: number | null, startError?: string): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            exitCode,
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8'),
            timedOut,
            ...(startError === undefined ? {} : { startError }),
          });
        };
        child.on('error', (error: NodeJS.ErrnoException) => {
          finish(null, error.code ?? error.message);
        });
        child.on('close', (code) => {
          finish(timedOut ? null : code);
        });
      });
    },
  };
}
