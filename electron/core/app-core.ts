import { randomUUID } from 'node:crypto';
import type { DeviceView } from '../../shared/domain/device';
import { decodeHash } from '../../shared/domain/hash/decode';
import { DeviceBoard, type FlushScheduler } from './board/device-board';
import type { CaptureProvider, CapturedDevice } from './capture/types';
import { EventHub } from './events';

/** Which tenant the core works against. */
export interface TenantDescription {
  kind: 'sandbox' | 'tenant';
  label: string;
}

/** What the core needs from its host (Electron main, the web transport, tests). */
export interface AppCoreOptions {
  version: string;
  platform: string;
  tenant: TenantDescription;
  captureProvider: CaptureProvider;
  now?: () => number;
  newId?: () => string;
  schedule?: FlushScheduler;
}

/** The console's state and operations, hosted by main (or the web transport); free of Electron. */
export interface AppCore {
  readonly version: string;
  readonly platform: string;
  readonly tenant: TenantDescription;
  readonly board: DeviceBoard;
  /** Every push event for renderers. */
  readonly events: EventHub;
  readonly captureProvider: CaptureProvider;
  /** Adds a captured device to the board at "Hash collected". */
  addCaptured(device: CapturedDevice, options: { groupTag?: string; assignedUser?: string }): DeviceView;
}

/** Creates the core. */
export function createAppCore(options: AppCoreOptions): AppCore {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const board = new DeviceBoard(options.schedule);
  const events = new EventHub();
  board.subscribe((change) => events.publish('devices:changed', change));
  return {
    version: options.version,
    platform: options.platform,
    tenant: options.tenant,
    board,
    events,
    captureProvider: options.captureProvider,
    addCaptured(device, { groupTag = '', assignedUser = '' }) {
      const decoded = decodeHash(device.hardwareHash);
      const at = new Date(now()).toISOString();
      const view: DeviceView = {
        id: newId(),
        serial: device.serial,
        manufacturer: device.manufacturer,
        model: device.model,
        groupTag,
        assignedUser,
        stage: 'collected',
        stageTimes: { collected: at },
        notObservable: [],
        problem: null,
        source: 'capture',
        origin: device.provider,
        warnings: decoded.ok ? device.notes : [decoded.error.message, ...device.notes],
        autopilotDeviceId: null,
        entraDeviceId: null,
        updatedAt: at,
      };
      board.upsert(view);
      return view;
    },
  };
}
