import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeviceView } from '../../shared/domain/device';
import type { DesktopApi, EventOf } from '../../shared/ipc/contract';

/** The board as the renderer holds it: a copy of main's state, updated by push events. */
export interface DevicesState {
  byId: Readonly<Record<string, DeviceView>>;
  /** Ids in the order devices were added. */
  order: readonly string[];
  loading: boolean;
  capturing: boolean;
  /** The last error a person should see, in plain words. */
  error: string | null;
  /** Loads the board from main. */
  load: () => Promise<void>;
  /** Applies a coalesced change pushed by main. */
  applyChange: (change: EventOf<'devices:changed'>) => void;
  /** Captures this device and adds it to the board. */
  captureThisDevice: (options?: { groupTag?: string; assignedUser?: string }) => Promise<void>;
  /** Hides the last error. */
  dismissError: () => void;
}

function merge(state: DevicesState, devices: readonly DeviceView[], removed: readonly string[] = []): Partial<DevicesState> {
  const gone = new Set(removed);
  const byId =
    gone.size > 0
      ? Object.fromEntries(Object.entries(state.byId).filter(([id]) => !gone.has(id)))
      : { ...state.byId };
  const order = gone.size > 0 ? state.order.filter((id) => !gone.has(id)) : [...state.order];
  for (const device of devices) {
    if (!(device.id in byId)) order.push(device.id);
    byId[device.id] = device;
  }
  return { byId, order };
}

/** Creates the devices store over an api (the real one, or a fake in tests). */
export function createDevicesStore(api: DesktopApi): StoreApi<DevicesState> {
  return createStore<DevicesState>()((set, get) => ({
    byId: {},
    order: [],
    loading: false,
    capturing: false,
    error: null,
    async load() {
      set({ loading: true });
      const result = await api.invoke('devices:list', {});
      if (result.ok) set({ ...merge(get(), result.value.devices), loading: false });
      else set({ loading: false, error: result.error.message });
    },
    applyChange(change) {
      set(merge(get(), change.upserts, change.removed));
    },
    async captureThisDevice(options = {}) {
      set({ capturing: true, error: null });
      const result = await api.invoke('capture:this-device', options);
      if (result.ok) set({ ...merge(get(), [result.value.device]), capturing: false });
      else set({ capturing: false, error: result.error.message });
    },
    dismissError() {
      set({ error: null });
    },
  }));
}

/** Subscribes the store to main's pushes, once at start-up; returns the unsubscribe function. */
export function wireDeviceEvents(api: DesktopApi, store: StoreApi<DevicesState>): () => void {
  return api.on('devices:changed', (change) => store.getState().applyChange(change));
}
