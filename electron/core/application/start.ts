import { mkdirSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleApplication } from './console-application';
import { ActivityLog } from './activity-log';
import type { ExportDelivery } from './offline-export';
import type { BackendFactory } from './registration-backend';
import { fixedFolderPicker, type FolderPicker, type SafeStorageLike } from './platform';
import { createEngineBackend, doctorView } from './engine-backend';
import { networkTester, type TenantTester } from './form-test';
import { resolveCloud } from '../graph/clouds';
import { AppError } from '../errors';
import { stateFolderQueue } from './offline-queue-service';
import { createMemorySecretStore, createSafeStorageSecretStore } from './secret-store';
import { SettingsService } from './settings-service';
import type { WatchStarter } from './watch-service';
import { createAutoCaptureProvider } from '../capture/choose';
import type { CaptureProvider } from '../capture/types';
import { folderWatchStarter } from '../files/watch-folder';
import { systemClock, type Clock } from '../clock';
import { createAutoRemoteProvider } from '../capture/remote-choose';
import type { RemoteCaptureProvider } from '../capture/remote';
import type { SandboxOptions } from '../sandbox/index';
import { startSandboxTenant, type SandboxSpeed } from './sandbox-tenant';
import { createHandlers } from '../ipc/handlers';
import type { TenantMode } from '../../../shared/ipc/settings-schemas';
import { fileStore, memoryStore, sealedStore, type CacheStore } from '../graph/token-cache';
import { rememberedAccount, type OpenExternal } from './person-sign-in';
import type { HandlerTable } from '../ipc/dispatch';
import type { EventHub } from '../events';
import type { FetchLike, NetworkProvider } from '../graph/transport';

/** The application started, with the handler table a host (Electron main, the web transport) serves. */
export interface RunningApplication {
  application: ConsoleApplication;
  handlers: HandlerTable;
  /** Every push event for renderers. */
  events: EventHub;
  close(): Promise<void>;
}

/** Options shared by the hosts (the Electron main process, the web transport) and tests. */
export interface StartOptions {
  version: string;
  platform?: string;
  /** Opens the system browser for a person's sign-in (Electron: shell.openExternal); the browser console has none. */
  openExternal?: OpenExternal;
  /** Every tenant choice runs on the sandbox (tests that must never leave this machine, whatever is configured). */
  sandboxOnly?: boolean;
  /** Folder for settings, the activity log and journals; memory only when absent. */
  stateDir?: string;
  /** Electron's safeStorage (main passes it); without it secrets live in memory for this session only. */
  safeStorage?: SafeStorageLike;
  /** Native folder picker (Electron); the web transport answers a fixed folder instead. */
  picker?: FolderPicker;
  /** The browser console hands offline exports to the browser as downloads; the desktop asks for a folder. */
  exportTo?: ExportDelivery;
  watchStarter?: WatchStarter;
  speed?: SandboxSpeed;
  /** Sandbox tenant options (tests: granted permissions, faults). */
  sandbox?: Pick<SandboxOptions, 'grantedRoles' | 'faults' | 'latencies' | 'fidelity' | 'quirks'>;
  /** Replaces the automatic capture provider (tests). */
  captureProvider?: CaptureProvider;
  /** Replaces the automatic remote capture provider (tests). */
  remoteCaptureProvider?: RemoteCaptureProvider;
  /** Replaces the registration backends (tests). */
  backends?: BackendFactory;
  /** The network for a real tenant: Electron's stack in the desktop app (OS trust store, system proxy). */
  network?: NetworkProvider;
  /** The application's time (the real clock unless a test passes a virtual one, with its `wrapFetch`). */
  clock?: Clock;
  wrapFetch?: (fetch: FetchLike) => FetchLike;
  /** Who works at this console, for activity-log entries before a tenant is in use (the OS user by default). */
  actor?: string;
  /** Told about failures no device or answer can carry (the host logs them). */
  onError?: (what: string, error: unknown) => void;
}

/** How often the watch folder is scanned, and how long a file must be unchanged before it is taken. */
const WATCH_TUNING: Record<SandboxSpeed, { pollMs: number; stableMs: number }> = {
  demo: { pollMs: 2000, stableMs: 3000 },
  test: { pollMs: 50, stableMs: 100 },
};

function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

/** The sandbox tenant in this process plus the engine on it, or the configured tenant. */
function defaultBackends(options: StartOptions, stateRoot: string, persistent: boolean, clock: Clock): BackendFactory {
  const speed = options.speed ?? 'demo';
  const { network, wrapFetch, onError } = options;
  const shared = { clock, ...(wrapFetch ? { wrapFetch } : {}), ...(onError ? { onError } : {}) };
  return async (kind, context) => {
    const configuredTags = context.settings.current.configTags;
    if (kind === 'tenant' && !options.sandboxOnly) {
      const tenant = await context.settings.credentials();
      const mode: TenantMode = { kind: 'tenant', label: tenant.tenantId };
      const backend = createEngineBackend({
        mode,
        tenant,
        stateDir: stateRoot,
        ...shared,
        onUpdate: context.onUpdate,
        configuredTags,
        ...(context.logger ? { logger: context.logger } : {}),
        ...(network ? { network } : {}),
      });
      const account = await rememberedAccount(backend.person);
      if (account) mode.account = account;
      return backend;
    }
    const {
      sandbox,
      settings: tenant,
      poll,
    } = await startSandboxTenant({
      stateDir: persistent ? stateRoot : null,
      speed,
      ...(clock === systemClock ? {} : { clock }),
      ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    });
    // "Sign in as a person" works on the sandbox too, with its practice accounts.
    const person = context.settings.current.auth === 'person';
    const mode: TenantMode = { kind: 'sandbox', label: `Sandbox tenant (${speed} speed)` };
    const backend = createEngineBackend({
      mode,
      tenant: person
        ? {
            ...tenant,
            clientSecret: undefined,
            delegated: { prompt: { kind: 'none' }, store: context.settings.personCache },
          }
        : tenant,
      stateDir: join(stateRoot, 'sandbox'),
      ...shared,
      onUpdate: context.onUpdate,
      ...(context.logger ? { logger: context.logger } : {}),
      poll,
      configuredTags,
      onClose: () => sandbox.close(),
    });
    const account = await rememberedAccount(backend.person);
    if (account) mode.account = account;
    return backend;
  };
}

/**
 * Tests the settings form's values on the application's network. With `sandboxOnly` (tests that must never leave
 * this machine) only endpoints on this machine are tried.
 */
function formTester(options: StartOptions, clock: Clock): TenantTester {
  const tester = networkTester({ clock, network: options.network, wrapFetch: options.wrapFetch, toReport: doctorView });
  return async (tenant, label) => {
    if (options.sandboxOnly) {
      const { authorityHost, graphEndpoint } = resolveCloud(tenant);
      const local = [authorityHost, graphEndpoint].every((url) =>
        /^https:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(url),
      );
      if (!local)
        throw new AppError('not-allowed', 'This console runs on the sandbox only: other tenants are not tested.');
    }
    return tester(tenant, label);
  };
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

/** Starts the application and its handler table; with no tenant configured the console uses the sandbox. */
export async function startApplication(options: StartOptions): Promise<RunningApplication> {
  const speed = options.speed ?? 'demo';
  const clock = options.clock ?? systemClock;
  const stateDir = options.stateDir ?? null;
  const secrets =
    options.safeStorage && stateDir
      ? createSafeStorageSecretStore(options.safeStorage, join(stateDir, 'secrets'))
      : createMemorySecretStore();
  const settings = await SettingsService.open(stateDir ? join(stateDir, 'settings.json') : null, secrets);
  settings.personCache = personCacheOf(options.safeStorage, stateDir);
  const actor = options.actor ?? safeUserName();
  // Kept in the state folder the host passes (the desktop app's and the web host's alike), reloaded here.
  const activity = await ActivityLog.forStateDir(stateDir, {
    actor,
    now: () => clock.now(),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  if (settings.notice) {
    activity.add({
      action: 'Settings recovered',
      serial: '',
      groupTag: '',
      outcome: 'warning',
      detail: settings.notice,
    });
  }
  const stateRoot = stateDir ?? mkdtempSync(join(tmpdir(), 'autopilot-console-'));
  const application: ConsoleApplication = new ConsoleApplication({
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    version: options.version,
    platform: options.platform ?? process.platform,
    clock,
    // Simulated devices on the sandbox; the real provider (MDM bridge or OA3Tool) against a tenant.
    captureProvider:
      options.captureProvider ??
      createAutoCaptureProvider({
        isSandbox: () => application.tenant.kind === 'sandbox',
        // The console runs as the user: only the capture is elevated, with one UAC prompt.
        settings: { elevation: 'prompt' },
      }),
    // The sandbox's bench network on the sandbox tenant; a CIM session from this Windows PC against a tenant.
    remoteCaptureProvider:
      options.remoteCaptureProvider ??
      createAutoRemoteProvider({
        isSandbox: () => application.tenant.kind === 'sandbox',
        now: () => clock.now(),
      }),
    settings,
    activity,
    ...(options.exportTo ? { exportTo: options.exportTo } : {}),
    backends: options.backends ?? defaultBackends(options, stateRoot, stateDir !== null, clock),
    ...(stateDir ? { offlineQueue: stateFolderQueue(stateDir, clock) } : {}),
    tester: formTester(options, clock),
    actor,
    // Without a native dialog (web transport, tests) the folders are fixed ones under the state folder.
    picker:
      options.picker ??
      fixedFolderPicker({ export: join(stateRoot, 'exports'), watch: ensureDir(join(stateRoot, 'watch')) }),
    watchStarter:
      options.watchStarter ??
      folderWatchStarter(
        (devices, file, watch) => application.ingestWatched(devices, file.name, watch),
        WATCH_TUNING[speed],
      ),
  });
  await application.start();
  return {
    application,
    handlers: createHandlers(application),
    events: application.events,
    close: async () => {
      await application.close();
      // Without a state folder everything lived in a temporary one: it goes with the application.
      if (stateDir === null) await rm(stateRoot, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

function safeUserName(): string {
  try {
    return userInfo().username || 'technician';
  } catch {
    return 'technician';
  }
}
