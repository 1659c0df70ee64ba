import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLI_COMMAND_NAMES } from '../../../electron/cli/command-names';
import { COMMANDS } from '../../../electron/cli/commands/index';
import { cliInvocation } from '../../../electron/main/cli-args';
import { runHeadless, type HeadlessApp } from '../../../electron/main/headless';
import { buildCliBundle } from '../../helpers/cli-bundle';
import { numberedHash } from '../../fixtures/hashes';

// Electron stands in at the edge only: the app object, windows, the session. Everything behind it is real,
// down to the CLI bundle that `npm run build:cli` produces.
const electron = vi.hoisted(() => {
  const state = {
    appPath: '',
    windows: 0,
    exits: [] as number[],
    onExit: ((_code: number) => undefined) as (code: number) => void,
    calls: [] as string[],
  };
  const app = {
    whenReady: () => Promise.resolve(),
    exit: (code: number) => {
      state.exits.push(code);
      state.onExit(code);
    },
    getVersion: () => '9.8.7',
    getAppPath: () => state.appPath,
    getPath: () => state.appPath,
    isPackaged: true,
    disableHardwareAcceleration: () => state.calls.push('disableHardwareAcceleration'),
    requestSingleInstanceLock: () => {
      state.calls.push('requestSingleInstanceLock');
      return false;
    },
    quit: () => state.calls.push('quit'),
    on: (event: string) => state.calls.push(`on:${event}`),
  };
  class BrowserWindow {
    constructor() {
      state.windows += 1;
    }
    show(): void {}
  }
  const session = {
    defaultSession: {
      setProxy: () => Promise.resolve(),
      resolveProxy: () => Promise.resolve('DIRECT'),
      fetch: () => Promise.reject(new Error('no network in tests')),
    },
  };
  return { state, app, BrowserWindow, session };
});

vi.mock('electron', () => ({
  app: electron.app,
  BrowserWindow: electron.BrowserWindow,
  session: electron.session,
  dialog: {},
  safeStorage: {},
  shell: {},
  ipcMain: { handle: () => undefined },
}));

describe('which launches are the command line', () => {
  it('takes a command name (or help/version) in first position, packaged or from a checkout', () => {
    expect(cliInvocation(['C:\\AC\\Autopilot Console.exe', 'register', 'a.csv', '--json'], false)).toEqual([
      'register',
      'a.csv',
      '--json',
    ]);
    expect(cliInvocation(['/usr/bin/electron', '.', 'doctor'], true)).toEqual(['doctor']);
    expect(cliInvocation(['Autopilot Console.exe', '--help'], false)).toEqual(['--help']);
    expect(cliInvocation(['Autopilot Console.exe', '--version'], false)).toEqual(['--version']);
  });

  it('opens the console for a plain launch, Chromium switches or an unknown word', () => {
    expect(cliInvocation(['Autopilot Console.exe'], false)).toBeNull();
    expect(cliInvocation(['/usr/bin/electron', '.'], true)).toBeNull();
    expect(cliInvocation(['Autopilot Console.exe', '--enable-logging'], false)).toBeNull();
    expect(cliInvocation(['Autopilot Console.exe', 'C:\\devices.csv'], false)).toBeNull();
    // From a checkout, argv[1] is the app folder, never a command.
    expect(cliInvocation(['/usr/bin/electron', 'register'], true)).toBeNull();
  });

  it('knows every command of the CLI by name', () => {
    expect([...CLI_COMMAND_NAMES].sort()).toEqual(COMMANDS.map((command) => command.name).sort());
  });
});

describe('runHeadless', () => {
  const fakeApp = (): HeadlessApp & { exits: number[]; order: string[] } => {
    const order: string[] = [];
    const exits: number[] = [];
    return {
      order,
      exits,
      whenReady: () => {
        order.push('ready');
        return Promise.resolve();
      },
      exit: (code) => {
        order.push('exit');
        exits.push(code);
      },
      getVersion: () => '1.2.3',
      disableHardwareAcceleration: () => order.push('no-gpu'),
    };
  };
  const sink = () => {
    const lines: string[] = [];
    return { lines, write: (text: string, done?: () => void) => (lines.push(text), done?.(), true) };
  };

  it('exits with the command exit code after the app is ready, passing version, network and streams', async () => {
    const app = fakeApp();
    const stdout = sink();
    const network = { fetch: vi.fn(), describe: vi.fn(), close: vi.fn(() => Promise.resolve()) };
    const runCliProcess = vi.fn((_argv: readonly string[], options?: { context?: Record<string, unknown> }) => {
      app.order.push('cli');
      expect(options?.context).toMatchObject({ version: '1.2.3', network });
      return Promise.resolve(3);
    });
    const code = await runHeadless(['doctor'], {
      app,
      loadCli: () => Promise.resolve({ runCliProcess }),
      createNetwork: () => Promise.resolve(network),
      stdout,
      stderr: sink(),
      onSignal: () => undefined,
    });
    expect(code).toBe(3);
    expect(app.exits).toEqual([3]);
    expect(app.order).toEqual(['no-gpu', 'ready', 'cli', 'exit']);
    expect(runCliProcess.mock.calls[0]?.[0]).toEqual(['doctor']);
    expect(network.close).toHaveBeenCalled();
  });

  it('says why and exits 1 when the CLI bundle cannot be loaded', async () => {
    const app = fakeApp();
    const stderr = sink();
    const code = await runHeadless(['status'], {
      app,
      loadCli: () => Promise.reject(new Error('Cannot find module out/cli/embedded.js')),
      stdout: sink(),
      stderr,
      onSignal: () => undefined,
    });
    expect(code).toBe(1);
    expect(app.exits).toEqual([1]);
    expect(stderr.lines.join('')).toContain('Cannot find module out/cli/embedded.js');
  });

  it('aborts the running command on SIGINT/SIGTERM', async () => {
    let fire: (signal: string) => void = () => undefined;
    let seen: AbortSignal | undefined;
    await runHeadless(['register', 'x.csv'], {
      app: fakeApp(),
      loadCli: () =>
        Promise.resolve({
          runCliProcess: (_argv, options) => {
            seen = options?.signal;
            fire('SIGTERM');
            return Promise.resolve(1);
          },
        }),
      stdout: sink(),
      stderr: sink(),
      onSignal: (listener) => (fire = listener),
    });
    expect(seen?.aborted).toBe(true);
  });
});

describe('the packaged entry (electron/main/index.ts) with Electron faked', () => {
  let work: string;
  const argv = process.argv;

  beforeAll(() => {
    // out/cli/embedded.js as the packaged app has it, built by the project's own build:cli script.
    electron.state.appPath = buildCliBundle();
    work = mkdtempSync(join(tmpdir(), 'headless-'));
  }, 60_000);

  beforeEach(() => {
    vi.resetModules();
    electron.state.windows = 0;
    electron.state.exits.length = 0;
    electron.state.calls.length = 0;
  });

  afterEach(() => {
    process.argv = argv;
    vi.restoreAllMocks();
  });

  it('runs a CLI command with no window and exits with its code', async () => {
    const device = numberedHash(7);
    const csv = join(work, 'devices.csv');
    writeFileSync(csv, `Device Serial Number,Windows Product ID,Hardware Hash\r\n${device.serial},,${device.hash}\r\n`);
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    });
    const exited = new Promise<number>((resolve) => (electron.state.onExit = resolve));
    process.argv = ['C:\\Program Files\\Autopilot Console\\Autopilot Console.exe', 'validate', csv, '--json'];
    await import('../../../electron/main/index');
    await expect(exited).resolves.toBe(0);
    expect(electron.state.windows).toBe(0);
    expect(electron.state.calls).toContain('disableHardwareAcceleration');
    // The single-instance lock belongs to the console: a CLI run never takes it, nor quits an open console.
    expect(electron.state.calls).not.toContain('requestSingleInstanceLock');
    const lines = written
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ serial: device.serial, status: 'ok' });
    expect(lines.at(-1)).toMatchObject({ file: 'devices.csv', summary: { rows: 1, ok: 1, invalid: 0 } });
  });

  it('exits 2 for a command line the CLI refuses (same codes as the Node CLI)', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation((_chunk: string | Uint8Array, ...rest: unknown[]) => {
      (rest.find((item) => typeof item === 'function') as (() => void) | undefined)?.();
      return true;
    });
    const exited = new Promise<number>((resolve) => (electron.state.onExit = resolve));
    process.argv = ['Autopilot Console.exe', 'register', '--client-secret', 'hunter2'];
    await import('../../../electron/main/index');
    await expect(exited).resolves.toBe(2);
    expect(electron.state.windows).toBe(0);
  });

  it('starts the desktop console (single-instance lock first) for a plain launch', async () => {
    process.argv = ['Autopilot Console.exe'];
    await import('../../../electron/main/index');
    expect(electron.state.calls).toEqual(['requestSingleInstanceLock', 'quit']);
    expect(electron.state.exits).toEqual([]);
  });
});
