import { mkdtempSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore } from './app-core';
import { ActivityLog } from './app/activity-log';
import type { BackendFactory } from './app/backend';
import { fixedFolderPicker, type FolderPicker, type SafeStorageLike } from './app/platform';
import { createPracticeBackend } from './app/practice-backend';
import { createMemorySecretStore, createSafeStorageSecretStore } from './app/secret-store';
import { SettingsService } from './app/settings-service';
import type { WatchStarter } from './app/watch-service';
import { createSimulatedProvider } from './capture/simulated';
import { createHandlers } from './handlers';
import type { HandlerTable } from './ipc/dispatch';

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
  /** Replaces the registration backends (tests). */
  backends?: BackendFactory;
}

const PRACTICE_LATENCY: Record<HostSpeed, { import: number; group: number; profile: number }> = {
  demo: { import: 2500, group: 2500, profile: 3000 },
  test: { import: 40, group: 30, profile: 30 },
};

/** Builds the core and its handler table; with no tenant configured the console uses the sandbox. */
export async function startConsoleHost(options: ConsoleHostOptions): Promise<ConsoleHost> {
  const speed = options.speed ?? 'demo';
  const stateDir = options.stateDir ?? null;
  const secrets = options.safeStorage && stateDir ? createSafeStorageSecretStore(options.safeStorage, join(stateDir, 'secrets')) : createMemorySecretStore();
  const settings = await SettingsService.open(stateDir ? join(stateDir, 'settings.json') : null, secrets);
  const actor = safeUserName();
  const activity = await ActivityLog.open({ file: stateDir ? join(stateDir, 'activity.jsonl') : null, actor, now: Date.now });
  const backends: BackendFactory =
    options.backends ?? ((_kind, context) => Promise.resolve(createPracticeBackend({ onUpdate: context.onUpdate, latency: PRACTICE_LATENCY[speed] })));
  const core = createAppCore({
    version: options.version,
    platform: options.platform ?? process.platform,
    captureProvider: createSimulatedProvider(),
    settings,
    activity,
    backends,
    actor,
    picker: options.picker ?? fixedFolderPicker({ export: join(stateDir ?? mkdtempSync(join(tmpdir(), 'autopilot-console-')), 'exports') }),
    ...(options.watchStarter ? { watchStarter: options.watchStarter } : {}),
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

function safeUserName(): string {
  try {
    return userInfo().username || 'technician';
  } catch {
    return 'technician';
  }
}
