import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeviceView } from '../../shared/domain/device';
import type { BulkOutcome } from '../../shared/ipc/device-schemas';
import type { DesktopApi, EventOf, RequestOf } from '../../shared/ipc/contract';

/** A short message after an action, for the toaster. */
export interface Notice {
  id: number;
  intent: 'success' | 'info' | 'warning' | 'error';
  title: string;
  body?: string;
}

/** The board as the renderer holds it: a copy of main's state, updated by push events. */
export interface DevicesState {
  byId: Readonly<Record<string, DeviceView>>;
  /** Ids in the order devices were added. */
  order: readonly string[];
  loading: boolean;
  capturing: boolean;
  /** Provider of the last capture ("simulated", "windows", "winpe"). */
  lastProvider: string | null;
  /** The last error a person should see, in plain words. */
  error: string | null;
  /** Messages for the toaster, oldest first. */
  notices: readonly Notice[];
  /** Loads the board from main. */
  load: () => Promise<void>;
  /** Applies a coalesced change pushed by main. */
  applyChange: (change: EventOf<'devices:changed'>) => void;
  /** Captures this device and adds it to the board. */
  captureThisDevice: (options?: { groupTag?: string; assignedUser?: string }) => Promise<void>;
  /** Registers devices, optionally with a tag and user. */
  register: (ids: readonly string[], fields?: { groupTag?: string; assignedUser?: string }) => Promise<boolean>;
  /** Retries stopped devices. */
  retry: (ids: readonly string[]) => Promise<boolean>;
  /** Changes tag and/or user. */
  update: (ids: readonly string[], fields: { groupTag?: string; assignedUser?: string }) => Promise<boolean>;
  /** Removes devices from the board. */
  remove: (ids: readonly string[]) => Promise<boolean>;
  /** The board's view of devices as CSV text, or null on error. */
  exportCsv: (ids: readonly string[]) => Promise<{ fileName: string; content: string } | null>;
  /** Writes devices waiting at "Hash collected" as Intune CSV files into a folder main asks for. */
  exportOffline: () => Promise<void>;
  /** Adds a toaster message. */
  notify: (notice: Omit<Notice, 'id'>) => void;
  /** Drops a shown toaster message. */
  takeNotice: (id: number) => void;
  /** Hides the last error. */
  dismissError: () => void;
}

function merge(state: DevicesState, devices: readonly DeviceView[], removed: readonly string[] = []): Partial<DevicesState> {
  const gone = new Set(removed);
  const byId: Record<string, DeviceView> =
    gone.size > 0 ? Object.fromEntries(Object.entries(state.byId).filter(([id]) => !gone.has(id))) : { ...state.byId };
  let order = gone.size > 0 ? state.order.filter((id) => !gone.has(id)) : state.order;
  let appended: string[] | null = null;
  for (const device of devices) {
    if (!(device.id in byId) && !gone.has(device.id)) (appended ??= []).push(device.id);
    byId[device.id] = device;
  }
  if (appended) order = [...order, ...appended];
  return { byId, order };
}

function summarise(verb: string, outcome: BulkOutcome): Omit<Notice, 'id'> {
  const skipped = outcome.skipped.length;
  return {
    intent: outcome.done.length === 0 ? 'warning' : skipped > 0 ? 'warning' : 'success',
    title: `${verb}: ${outcome.done.length} device${outcome.done.length === 1 ? '' : 's'}`,
    ...(skipped > 0
      ? { body: `${skipped} skipped. ${outcome.skipped.slice(0, 3).map((s) => `${s.serial}: ${s.reason}`).join(' ')}` }
      : {}),
  };
}

/** Creates the devices store over an api (the real one, or a fake in tests). */
export function createDevicesStore(api: DesktopApi): StoreApi<DevicesState> {
  let nextNotice = 1;
  return createStore<DevicesState>()((set, get) => {
    const bulk = async <C extends 'devices:register' | 'devices:retry' | 'devices:update' | 'devices:remove'>(
      channel: C,
      request: RequestOf<C>,
      verb: string,
    ): Promise<boolean> => {
      const result = await api.invoke(channel, request);
      if (!result.ok) {
        get().notify({ intent: 'error', title: `${verb} failed`, body: result.error.message });
        return false;
      }
      get().notify(summarise(verb, result.value));
      return true;
    };
    return {
      byId: {},
      order: [],
      loading: false,
      capturing: false,
      lastProvider: null,
      error: null,
      notices: [],
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
        if (result.ok) set({ ...merge(get(), [result.value.device]), capturing: false, lastProvider: result.value.provider });
        else set({ capturing: false, error: result.error.message });
      },
      register: (ids, fields = {}) => bulk('devices:register', { ids: [...ids], ...fields }, 'Registration started'),
      retry: (ids) => bulk('devices:retry', { ids: [...ids] }, 'Retry started'),
      update: (ids, fields) => bulk('devices:update', { ids: [...ids], ...fields }, 'Tag or user changed'),
      remove: (ids) => bulk('devices:remove', { ids: [...ids] }, 'Removed from the board'),
      async exportCsv(ids) {
        const result = await api.invoke('devices:export-csv', { ids: [...ids] });
        if (result.ok) return result.value;
        get().notify({ intent: 'error', title: 'Export failed', body: result.error.message });
        return null;
      },
      async exportOffline() {
        const result = await api.invoke('export:offline', {});
        if (!result.ok) get().notify({ intent: 'error', title: 'Offline export failed', body: result.error.message });
        else if (result.value.refusals.length > 0)
          get().notify({ intent: 'error', title: 'Nothing was written', body: result.value.refusals.map((r) => `${r.serial}: ${r.message}`).join(' ') });
        else if (!result.value.cancelled)
          get().notify({ intent: 'success', title: `Exported ${result.value.count} devices`, body: `${result.value.files.join(', ')} in ${result.value.folder}` });
      },
      notify(notice) {
        set({ notices: [...get().notices, { ...notice, id: nextNotice++ }] });
      },
      takeNotice(id) {
        set({ notices: get().notices.filter((n) => n.id !== id) });
      },
      dismissError() {
        set({ error: null });
      },
    };
  });
}

/** Subscribes the store to main's pushes, once at start-up; returns the unsubscribe function. */
export function wireDeviceEvents(api: DesktopApi, store: StoreApi<DevicesState>): () => void {
  return api.on('devices:changed', (change) => store.getState().applyChange(change));
}
