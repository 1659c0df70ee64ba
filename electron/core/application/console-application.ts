import { randomUUID } from 'node:crypto';
import type { DeviceView } from '../../../shared/domain/device';
import { validateHash } from '../../../shared/domain/hash/validate';
import { ActivityLog } from './activity-log';
import type { BackendFactory } from './registration-backend';
import { ConsoleApp } from './registrations';
import { fixedFolderPicker, type FolderPicker } from './platform';
import { createMemorySecretStore } from './secret-store';
import { SettingsService } from './settings-service';
import { WatchService, type WatchStarter } from './watch-service';
import { DeviceBoard, type FlushScheduler } from './device-board';
import type { CaptureProvider, CapturedDevice } from '../capture/types';
import { EventHub } from '../events';

/** Devices per pushed 'devices:changed' event at most. */
export const PUSH_SLICE = 400;

/** Which tenant the core works against. */
export interface TenantDescription {
  kind: 'sandbox' | 'tenant';
  label: string;
}

/** What the core needs from its host (Electron main, the web transport, tests). */
export interface AppCoreOptions {
  version: string;
  platform: string;
  /** Shown until a backend is started. */
  tenant?: TenantDescription;
  captureProvider: CaptureProvider;
  now?: () => number;
  newId?: () => string;
  schedule?: FlushScheduler;
  settings?: SettingsService;
  activity?: ActivityLog;
  /** Starts the sandbox or tenant backend (the host's engine on a sandbox or tenant; a fake in tests). */
  backends: BackendFactory;
  picker?: FolderPicker;
  watchStarter?: WatchStarter | null;
  /** Who works at this console (the OS user), for the activity log. */
  actor?: string;
}

/** The console's state and operations, hosted by main (or the web transport); free of Electron. */
export interface AppCore {
  readonly version: string;
  readonly platform: string;
  /** The tenant in use. */
  readonly tenant: TenantDescription;
  readonly board: DeviceBoard;
  /** Every push event for renderers. */
  readonly events: EventHub;
  readonly captureProvider: CaptureProvider;
  readonly app: ConsoleApp;
  readonly watch: WatchService;
  readonly picker: FolderPicker;
  /** Adds a captured device to the board at "Hash collected". */
  addCaptured(device: CapturedDevice, options: { groupTag?: string; assignedUser?: string }): DeviceView;
}

/** Creates the core (settings and log in memory unless the host passes opened ones). */
export function createAppCore(options: AppCoreOptions): AppCore {
  const now = options.now ?? Date.now;
  const board = new DeviceBoard(options.schedule);
  const events = new EventHub();
  board.subscribe((change) => {
    // Large changes go out in slices: one 5,000-device frame is a single parse long enough to stall a
    // renderer, while slices are parsed between frames (the renderer folds them back into one update).
    const slices = Math.max(1, Math.ceil(change.upserts.length / PUSH_SLICE));
    for (let i = 0; i < slices; i++) {
      const upserts = change.upserts.slice(i * PUSH_SLICE, (i + 1) * PUSH_SLICE);
      events.publish('devices:changed', { upserts, removed: i === 0 ? change.removed : [] });
    }
  });
  const settings = options.settings ?? SettingsService.inMemory(createMemorySecretStore());
  const activity = options.activity ?? ActivityLog.inMemory({ actor: options.actor ?? 'technician', now });
  const app = new ConsoleApp({
    board,
    events,
    settings,
    activity,
    backends: options.backends,
    now,
    newId: options.newId ?? randomUUID,
  });
  const picker = options.picker ?? fixedFolderPicker({});
  const watch = new WatchService(
    settings,
    picker,
    options.watchStarter ?? null,
    (status) => events.publish('watch:status', status),
    now,
  );
  const initial = options.tenant ?? { kind: 'sandbox', label: 'Sandbox tenant' };
  return {
    version: options.version,
    platform: options.platform,
    get tenant() {
      return app.mode ?? initial;
    },
    board,
    events,
    captureProvider: options.captureProvider,
    app,
    watch,
    picker,
    addCaptured(device, { groupTag = '', assignedUser = '' }) {
      const check = validateHash(device.hardwareHash, { serial: device.serial, now: now() });
      const warnings = [...check.errors, ...check.warnings].map((finding) => finding.message);
      const record = app.addDevice({ ...device, warnings }, { groupTag, assignedUser }, 'capture');
      // Provider notes (which provider and why, missing TPM driver ...) belong on the device's timeline.
      for (const note of device.notes) app.records.patch(record.view.id, { note });
      app.activity.add({
        action: 'Add this device',
        serial: device.serial,
        groupTag,
        outcome: 'ok',
        detail: `Captured with the ${device.provider} provider`,
      });
      return record.view;
    },
  };
}
