import { mkdirSync, mkdtempSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore } from './app-core';
import { ActivityLog } from './app/activity-log';
import type { BackendFactory } from './app/backend';
import type { TenantMode } from '../../shared/ipc/settings-schemas';
import { fixedFolderPicker, type FolderPicker, type SafeStorageLike } from './app/platform';
import { createEngineBackend } from './app/engine-backend';
import { createMemorySecretStore, createSafeStorageSecretStore } from './app/secret-store';
import { SettingsService } from './app/settings-service';
import type { WatchStarter } from './app/watch-service';
import type { CsvDevice } from '../../shared/domain/csv/row-checker';
import { createAutoCaptureProvider } from './capture/choose';
import type { CaptureProvider } from './capture/types';
import { folderWatchStarter } from './files/watch-folder';
import { systemClock } from './clock';
import type { PollIntervals } from './pipeline/types';
import { startSandbox, type SandboxOptions } from './sandbox/index';
import { sandboxTenantSettings } from './sandbox/tenant-settings';
import { createHandlers } from './handlers';
import type { HandlerTable } from './ipc/dispatch';
import type { NetworkProvider } from './graph/transport';
import { fileStore, memoryStore, sealedStore, type CacheStore } from './graph/token-cache';
import { rememberedAccount, type OpenExternal } from './app/person-sign-in';

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
  /** Opens the system browser for a person's sign-in (Electron: shell.openExternal); the browser console has none. */
  openExternal?: OpenExternal;
}

/** A person's token cache: sealed with safeStorage in a file in Electron, memory only otherwise (labelled). */
function personCacheOf(safeStorage: SafeStorageLike | undefined, stateDir: string | null): CacheStore {
  if (!safeStorage || !stateDir || !safeStorage.isEncryptionAvailable())
    return {
      ...memoryStore(),
      description: 'Kept in memory only (browser console): sign in again after a restart.',
    };
  return sealedStore(
    fileStore(join(stateDir, 'secrets', 'person-token-cache.bin')),
    {
      encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
      decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
    },
    "Encrypted with this computer's user key (Windows DPAPI)",
  );
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
      const mode: TenantMode = { kind: 'tenant', label: tenant.tenantId };
      const backend = createEngineBackend({
        mode,
        tenant,
        stateDir: stateRoot,
        clock: systemClock,
        onUpdate: context.onUpdate,
        configuredTags,
        ...(network ? { network } : {}),
      });
      const account = await rememberedAccount(backend.person);
      if (account) mode.account = account;
      return backend;
    }
    const sandbox = await startSandbox({
      ...sandboxOptions,
      speed,
      ...(persistent ? { stateFile: join(stateRoot, 'sandbox', 'state.json'), seed: 1 } : {}),
    });
    // "Sign in as a person" works on the sandbox too, with its practice accounts.
    const person = context.settings.current.auth === 'person';
    const mode: TenantMode = { kind: 'sandbox', label: `Sandbox tenant (${speed} speed)` };
    const backend = createEngineBackend({
      mode,
      tenant: person
        ? {
            ...sandboxTenantSettings(sandbox),
            clientSecret: undefined,
            delegated: { prompt: { kind: 'none' }, store: context.settings.personCache },
          }
        : sandboxTenantSettings(sandbox),
      stateDir: join(stateRoot, 'sandbox'),
      clock: systemClock,
      onUpdate: context.onUpdate,
      poll: SANDBOX_POLL[speed],
      configuredTags,
      onClose: () => sandbox.close(),
    });
    const account = await rememberedAccount(backend.person);
    if (account) mode.account = account;
    return backend;
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
  settings.personCache = personCacheOf(options.safeStorage, stateDir);
  const actor = safeUserName();
  const activity = await ActivityLog.open({
    file: stateDir ? join(stateDir, 'activity.jsonl') : null,
    actor,
    now: Date.now,
  });
  if (settings.notice) {
    console.warn(`[settings] ${settings.notice}`);
    activity.add({
      action: 'Settings recovered',
      serial: '',
      groupTag: '',
      outcome: 'warning',
      detail: settings.notice,
    });
  }
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
    handlers: createHandlers(core, options.openExternal),
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
