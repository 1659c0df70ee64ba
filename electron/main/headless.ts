import type { NetworkProvider } from '../core/graph/transport';
import type { CliProcessOptions } from '../cli/process';

/** The part of Electron's `app` the headless mode uses (faked in tests). */
export interface HeadlessApp {
  whenReady(): Promise<unknown>;
  exit(code: number): void;
  getVersion(): string;
  disableHardwareAcceleration(): void;
}

/** The CLI bundle's entry (out/cli/embedded.js). */
export interface EmbeddedCli {
  runCliProcess(argv: readonly string[], options?: CliProcessOptions): Promise<number>;
}

/** A writable stream as far as the headless mode needs one. */
interface OutStream {
  write(text: string, callback?: (error?: Error | null) => void): boolean;
  isTTY?: boolean;
}

/** What the headless run is given. */
export interface HeadlessOptions {
  app: HeadlessApp;
  /** Loads the CLI bundle. */
  loadCli: () => Promise<EmbeddedCli>;
  /** Builds the network for a real tenant once the app is ready (Electron's stack). */
  createNetwork?: () => Promise<NetworkProvider>;
  stdout?: OutStream;
  stderr?: OutStream;
  /** Signals that stop the command (default SIGINT, SIGTERM on `process`). */
  onSignal?: (listener: (signal: string) => void) => void;
  program?: string;
}

function flush(stream: OutStream): Promise<void> {
  return new Promise((resolve) => {
    try {
      stream.write('', () => resolve());
    } catch {
      resolve();
    }
  });
}

/**
 * Runs one CLI command in the Electron main process with no window: same commands, JSON Lines and exit codes
 * as `node out/cli/cli.js`, then exits with the command's code. Output goes to the process's stdout and stderr:
 * a redirected handle (a task sequence, `> file`, a pipe) receives it as is; run from a console, Electron has
 * already attached that console at start-up (Chromium's RouteStdioToConsole, skipped with
 * ELECTRON_NO_ATTACH_CONSOLE); started with neither, only `--log FILE` keeps it.
 */
export async function runHeadless(args: readonly string[], options: HeadlessOptions): Promise<number> {
  const { app } = options;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  // No window, no GPU process: the command line needs neither.
  app.disableHardwareAcceleration();
  const controller = new AbortController();
  const onSignal =
    options.onSignal ??
    ((listener: (signal: string) => void) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => listener(signal));
    });
  onSignal((signal) => controller.abort(new Error(`stopped by ${signal}`)));
  let code: number;
  try {
    await app.whenReady();
    const network = options.createNetwork ? await options.createNetwork() : undefined;
    const cli = await options.loadCli();
    code = await cli.runCliProcess(args, {
      streams: { stdout, stderr },
      signal: controller.signal,
      context: { version: app.getVersion(), ...(network ? { network } : {}) },
      program: options.program ?? 'Autopilot Console.exe',
    });
    await network?.close();
  } catch (error) {
    stderr.write(
      `Autopilot Console could not run the command: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    code = 1;
  }
  await flush(stdout);
  await flush(stderr);
  app.exit(code);
  return code;
}
