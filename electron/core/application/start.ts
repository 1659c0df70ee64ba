import { mkdirSync, mkdtempSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore } from './console-application';
import { ActivityLog } from './activity-log';
import type { BackendFactory } from './registration-backend';
import { fixedFolderPicker, type FolderPicker, type SafeStorageLike } from './platform';
import { createEngineBackend } from './engine-backend';
import { createMemorySecretStore, createSafeStorageSecretStore } from './secret-store';
import { SettingsService } from './settings-service';
import type { WatchStarter } from './watch-service';
import type { CsvDevice } from '../../../shared/domain/csv/row-checker';
import { createAutoCaptureProvider } from '../capture/choose';
import type { CaptureProvider } from '../capture/types';
import { folderWatchStarter } from '../files/watch-folder';
import { systemClock } from '../clock';
import type { PollIntervals } from '../pipeline/types';
import { startSandbox, type SandboxOptions } from '../sandbox/index';
import { sandboxTenantSettings } from '../sandbox/tenant-settings';
import { createHandlers } from '../ipc/handlers';
import type { HandlerTable } from '../ipc/dispatch';
import type { NetworkProvider } from '../graph/transport';

/** What a transport needs to serve the console. */
export interface ConsoleHost {
  core: AppCore;
  handlers: HandlerTable;
  close(): Promise<void>;
}

/** How fast the sandbox tenant moves: seconds for people, milliseconds for tests. */
export type HostSpeed = 'demo' | 'test';

/** Options shared by the Electron main process, the web transport and tests. */
export interface ConsoleHostOptions {
  version: string;
  platform?: string;
  /** Folder for settings, the activity log and journals; memory only when absent. */
  stateDir?: string;
  /** Electron's safeStorage (main passes it); without it secrets live in memory for this session only. */
  safeStorage?: SafeStorageLike;
  /** Native folder picker (Electron); the web transport answers a fixed folder instead. */
  picker?: FolderPicker;
  watchStarter?: WatchStarter;
  speed?: HostSpeed;
  /** Sandbox tenant options (tests: granted permissions, faults). */
  sandbox?: Pick<SandboxOptions, 'grantedRoles' | 'faults' | 'latencies'>;
  /** Replaces the automatic capture provider (tests). */
  captureProvider?: CaptureProvider;
  /** Replaces the registration backends (tests). */
  backends?: BackendFactory;
  /** The network for a real tenant: Electron's stack in the desktop app (OS trust store, system proxy). */
  network?: NetworkProvider;
}

/** How often the watch folder is scanned, and how long a file must be unchanged before it is taken. */
const WATCH_TUNING: Record<HostSpeed, { pollMs: number; stableMs: number }> = {
  demo: { pollMs: 2000, stableMs: 3000 },
  test: { pollMs: 50, stableMs: 100 },
};

function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

/** The engine polls the sandbox as fast as its latencies make sense (a real tenant keeps the engine's defaults). */
const SANDBOX_POLL: Record<HostSpeed, PollIntervals> = {
  demo: { import: 1000, identity: 1000, group: 1000, profile: 1000 },
  test: { import: 40, identity: 40, group: 40, profile: 40 },
};

/** The sandbox tenant in this process plus the engine on it, or the configured tenant. */
function defaultBackends(
  speed: HostSpeed,
  stateRoot: string,
  persistent: boolean,
  sandboxOptions: ConsoleHostOptions['sandbox'] = {},
  network?: NetworkProvider,
): BackendFactory {
  return async (kind, context) => {
    const configuredTags = context.settings.current.configTags;
    if (kind === 'tenant') {
      const tenant = await context.settings.credentials();
      return createEngineBackend({
        mode: { kind: 'tenant', label: tenant.tenantId },
        tenant,
        stateDir: stateRoot,
        clock: systemClock,
        onUpdate: context.onUpdate,
        configuredTags,
        ...(network ? { network } : {}),
      });
    }
    const sandbox = await startSandbox({
      ...sandboxOptions,
      speed,
      ...(persistent ? { stateFile: join(stateRoot, 'sandbox', 'state.json'), seed: 1 } : {}),
    });
    return createEngineBackend({
      mode: { kind: 'sandbox', label: `Sandbox tenant (${speed} speed)` },
      tenant: sandboxTenantSettings(sandbox),
      stateDir: join(stateRoot, 'sandbox'),
      clock: systemClock,
      onUpdate: context.onUpdate,
      poll: SANDBOX_POLL[speed],
      configuredTags,
      onClose: () => sandbox.close(),
    });
  };
}

/** Builds the core and its handler table; with no tenant configured the console uses the sandbox. */
export async function startConsoleHost(options: ConsoleHostOptions): Promise<ConsoleHost> {
  const speed = options.speed ?? 'demo';
  const stateDir = options.stateDir ?? null;
  const secrets =
    options.safeStorage && stateDir
      ? createSafeStorageSecretStore(options.safeStorage, join(stateDir, 'secrets'))
      : createMemorySecretStore();
  const settings = await SettingsService.open(stateDir ? join(stateDir, 'settings.json') : null, secrets);
  const actor = safeUserName();
  const activity = await ActivityLog.open({
    file: stateDir ? join(stateDir, 'activity.jsonl') : null,
    actor,
    now: Date.now,
  });
  const stateRoot = stateDir ?? mkdtempSync(join(tmpdir(), 'autopilot-console-'));
  const backends =
    options.backends ?? defaultBackends(speed, stateRoot, stateDir !== null, options.sandbox, options.network);
  const core = createAppCore({
    version: options.version,
    platform: options.platform ?? process.platform,
    // Simulated devices on the sandbox; the real provider (MDM bridge or OA3Tool) against a tenant.
    captureProvider:
      options.captureProvider ??
      createAutoCaptureProvider({
        isSandbox: () => core.tenant.kind === 'sandbox',
        // The console runs as the user: only the capture is elevated, with one UAC prompt.
        settings: { elevation: 'prompt' },
      }),
    settings,
    activity,
    backends,
    actor,
    // Without a native dialog (web transport, tests) the folders are fixed ones under the state folder.
    picker:
      options.picker ??
      fixedFolderPicker({ export: join(stateRoot, 'exports'), watch: ensureDir(join(stateRoot, 'watch')) }),
    watchStarter:
      options.watchStarter ??
      folderWatchStarter((devices, file, watch) => ingestWatched(core, devices, file.name, watch), WATCH_TUNING[speed]),
  });
  await core.app.use(settings.tenantReady() ? 'tenant' : 'sandbox').catch(() => core.app.use('sandbox'));
  await core.watch.resume();
  return {
    core,
    handlers: createHandlers(core),
    close: async () => {
      await core.watch.close();
      await core.app.close();
      await activity.flushed();
    },
  };
}

/** Adds the good devices of a watched file to the board (with the watch's tag when a row has none), registering them if asked. */
async function ingestWatched(
  core: AppCore,
  devices: CsvDevice[],
  fileName: string,
  watch: { groupTag: string; register: boolean },
): Promise<void> {
  const ids: string[] = [];
  for (const device of devices) {
    if (core.app.records.findBySerial(device.serial)) continue;
    const record = core.app.addDevice(
      { ...device, provider: fileName, warnings: [] },
      { groupTag: device.groupTag || watch.groupTag, assignedUser: device.assignedUser },
      'watch',
    );
    ids.push(record.view.id);
  }
  core.app.activity.add({
    action: 'Watch folder',
    serial: '',
    groupTag: watch.groupTag,
    outcome: 'info',
    detail: `${fileName}: ${ids.length} added`,
  });
  if (watch.register && ids.length > 0) await core.app.register(ids);
}

function safeUserName(): string {
  try {
    return userInfo().username || 'technician';
  } catch {
    return 'technician';
  }
}
