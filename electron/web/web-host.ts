import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startApplication, type RunningApplication, type StartOptions } from '../core/application/start';
import { startWebTransport, type Middleware, type WebTransport } from './server';

/** Folder name of the browser console's state, beside the desktop app's own. */
export const WEB_STATE_FOLDER = 'Autopilot Console (browser)';

/**
 * Where the browser console keeps its settings, activity log and journals: AUTOPILOT_CONSOLE_STATE when
 * set, else the per-user application data folder (%APPDATA% on Windows, ~/Library/Application Support on
 * macOS, $XDG_CONFIG_HOME or ~/.config elsewhere), in "Autopilot Console (browser)".
 */
export function webStateDir(
  env: Record<string, string | undefined> = process.env,
  platform: string = process.platform,
  home: string = homedir(),
): string {
  const chosen = env['AUTOPILOT_CONSOLE_STATE'];
  if (chosen) return chosen;
  const base =
    platform === 'win32'
      ? (env['APPDATA'] ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env['XDG_CONFIG_HOME'] ?? join(home, '.config'));
  return join(base, WEB_STATE_FOLDER);
}

/** Options of the browser console's host. */
export interface WebHostOptions {
  version: string;
  stateDir: string;
  staticDir?: string;
  middleware?: Middleware;
  page?: string;
  /** A fixed port; by default the one of the last run (so an open page reconnects), else any free one. */
  port?: number;
  /** Further application options (tests: the sandbox's speed). */
  start?: Partial<StartOptions>;
  onError?: (what: string, error: unknown) => void;
}

/** The running browser console. */
export interface WebHost {
  app: RunningApplication;
  transport: WebTransport;
  close(): Promise<void>;
}

interface Endpoint {
  port?: number;
  token?: string;
}

const ENDPOINT_FILE = 'web-endpoint.json';

async function lastEndpoint(stateDir: string): Promise<Endpoint> {
  try {
    const parsed = JSON.parse(await readFile(join(stateDir, ENDPOINT_FILE), 'utf8')) as Endpoint;
    return {
      ...(Number.isInteger(parsed.port) ? { port: parsed.port } : {}),
      ...(typeof parsed.token === 'string' && parsed.token.length >= 32 ? { token: parsed.token } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * Starts the browser console the way the desktop app starts: the application on a state folder (settings,
 * activity log, journals survive a restart), offline exports as browser downloads. The port and the page's
 * token are kept in the state folder (readable by this user only), so a page left open reconnects after a
 * restart and reloads what it shows.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  await mkdir(options.stateDir, { recursive: true });
  const app = await startApplication({
    version: options.version,
    stateDir: options.stateDir,
    exportTo: 'download',
    ...(options.onError ? { onError: options.onError } : {}),
    ...options.start,
  });
  const last = await lastEndpoint(options.stateDir);
  const serve = (port: number): Promise<WebTransport> =>
    startWebTransport({
      app,
      ...(options.staticDir ? { staticDir: options.staticDir } : {}),
      ...(options.middleware ? { middleware: options.middleware } : {}),
      page: options.page ?? 'index.html',
      port,
      ...(last.token ? { token: last.token } : {}),
    });
  let transport: WebTransport;
  try {
    transport = await serve(options.port ?? last.port ?? 0);
  } catch (error) {
    // The last run's port is taken now: any free one (an open page then needs the new address).
    if (options.port !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      await app.close();
      throw error;
    }
    transport = await serve(0);
  }
  await writeFile(
    join(options.stateDir, ENDPOINT_FILE),
    JSON.stringify({ port: transport.port, token: transport.token }),
    { mode: 0o600 },
  );
  return {
    app,
    transport,
    close: async () => {
      await transport.close();
      await app.close();
    },
  };
}
