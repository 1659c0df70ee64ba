import { createStore, type StoreApi } from 'zustand/vanilla';
import { DEVICE_STAGES, type DeviceStage, type DeviceView } from '../../shared/domain/device';
import type { BulkOutcome, GroupChoice, StaticGroupRef } from '../../shared/ipc/device-schemas';
import type { DesktopApi, EventOf, RequestOf } from '../../shared/ipc/contract';
import { downloadText } from '../components/download';

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
  /** Devices per stage, kept up to date with every change (the header reads it without a scan). */
  counts: Readonly<Record<DeviceStage, number>>;
  /** Distinct group tags on the board, sorted (for the tag filter). */
  tags: readonly string[];
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
  /**
   * Captures another PC over WinRM; answers null when it was added, else what went wrong. The password goes
   * straight to main and is kept nowhere here.
   */
  captureRemote: (request: RequestOf<'capture:remote'>) => Promise<string | null>;
  /** Registers devices, optionally with a tag, user and static groups; `replace` devices replace their existing record. */
  register: (
    ids: readonly string[],
    fields?: { groupTag?: string; assignedUser?: string; deviceName?: string; staticGroups?: StaticGroupRef[] },
    replace?: readonly string[],
  ) => Promise<boolean>;
  /** Adds devices as corporate identifiers for Windows Autopilot device preparation. */
  registerCorporate: (ids: readonly string[]) => Promise<boolean>;
  /** Groups by display name for the static group picker. */
  searchGroups: (query: string) => Promise<{ ok: true; groups: GroupChoice[] } | { ok: false; message: string }>;
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

const EMPTY_COUNTS = Object.fromEntries(DEVICE_STAGES.map((stage) => [stage, 0])) as Record<DeviceStage, number>;

function merge(
  state: DevicesState,
  devices: readonly DeviceView[],
  removed: readonly string[] = [],
): Partial<DevicesState> {
  const gone = new Set(removed.filter((id) => id in state.byId));
  const counts = { ...state.counts };
  const tagsBefore = state.tags;
  const tagSet = new Set(tagsBefore);
  let tagsChanged = false;
  for (const id of gone) {
    const old = state.byId[id];
    if (old) counts[old.stage]--;
  }
  const byId: Record<string, DeviceView> =
    gone.size > 0 ? Object.fromEntries(Object.entries(state.byId).filter(([id]) => !gone.has(id))) : { ...state.byId };
  let order = gone.size > 0 ? state.order.filter((id) => !gone.has(id)) : state.order;
  let appended: string[] | null = null;
  for (const device of devices) {
    const old = byId[device.id];
    if (old) counts[old.stage]--;
    else (appended ??= []).push(device.id);
    counts[device.stage]++;
    byId[device.id] = device;
    if (!tagSet.has(device.groupTag)) {
      tagSet.add(device.groupTag);
      tagsChanged = true;
    }
  }
  if (appended) order = [...order, ...appended];
  // Tags only grow here; a removal rebuilds them (rare, and a scan is fine then).
  const tags =
    gone.size > 0
      ? [...new Set(Object.values(byId).map((d) => d.groupTag))].sort()
      : tagsChanged
        ? [...tagSet].sort()
        : tagsBefore;
  return { byId, order, counts, tags };
}

function summarise(verb: string, outcome: BulkOutcome): Omit<Notice, 'id'> {
  const skipped = outcome.skipped.length;
  return {
    intent: outcome.done.length === 0 ? 'warning' : skipped > 0 ? 'warning' : 'success',
    title: `${verb}: ${outcome.done.length} device${outcome.done.length === 1 ? '' : 's'}`,
    ...(skipped > 0
      ? {
          body: `${skipped} skipped. ${outcome.skipped
            .slice(0, 3)
            .map((s) => `${s.serial}: ${s.reason}`)
            .join(' ')}`,
        }
      : {}),
  };
}

/** Creates the devices store over an api (the real one, or a fake in tests). */
export function createDevicesStore(api: DesktopApi): StoreApi<DevicesState> {
  let nextNotice = 1;
  return createStore<DevicesState>()((set, get) => {
    const bulk = async <
      C extends 'devices:register' | 'devices:register-corporate' | 'devices:retry' | 'devices:update',
    >(
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
      counts: EMPTY_COUNTS,
      tags: [],
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
        if (result.ok)
          set({ ...merge(get(), [result.value.device]), capturing: false, lastProvider: result.value.provider });
        else set({ capturing: false, error: result.error.message });
      },
      async captureRemote(request) {
        const result = await api.invoke('capture:remote', request);
        if (!result.ok) return result.error.message;
        set({ ...merge(get(), [result.value.device]), lastProvider: result.value.provider });
        get().notify({
          intent: 'success',
          title: `Added ${request.computer.toUpperCase()}`,
          body: `Serial ${result.value.device.serial}, hash collected.`,
        });
        return null;
      },
      register: (ids, fields = {}, replace = []) =>
        bulk(
          'devices:register',
          { ids: [...ids], ...fields, ...(replace.length > 0 ? { replaceIds: [...replace] } : {}) },
          'Registration started',
        ),
      registerCorporate: (ids) =>
        bulk('devices:register-corporate', { ids: [...ids] }, 'Adding as corporate identifiers'),
      async searchGroups(query) {
        const result = await api.invoke('groups:search', { query });
        return result.ok ? { ok: true, groups: result.value.groups } : { ok: false, message: result.error.message };
      },
      retry: (ids) => bulk('devices:retry', { ids: [...ids] }, 'Retry started'),
      update: (ids, fields) => bulk('devices:update', { ids: [...ids], ...fields }, 'Tag or user changed'),
      async remove(ids) {
        const result = await api.invoke('devices:remove', { ids: [...ids] });
        if (!result.ok) {
          get().notify({ intent: 'error', title: 'Removed from the board failed', body: result.error.message });
          return false;
        }
        // Gone at once rather than at the next push: what opened the confirmation may leave with them, and focus
        // must land on what stays.
        set(merge(get(), [], result.value.done));
        get().notify(summarise('Removed from the board', result.value));
        return true;
      },
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
          get().notify({
            intent: 'error',
            title: 'Nothing was written',
            body: result.value.refusals.map((r) => `${r.serial}: ${r.message}`).join(' '),
          });
        else if (result.value.downloads) {
          for (const file of result.value.downloads) downloadText(file.fileName, file.content);
          get().notify({
            intent: 'success',
            title: `Exported ${result.value.count} devices`,
            body: `${result.value.files.join(', ')}: saved by the browser in its downloads folder`,
          });
        } else if (!result.value.cancelled)
          get().notify({
            intent: 'success',
            title: `Exported ${result.value.count} devices`,
            body: `${result.value.files.join(', ')} in ${result.value.folder}`,
          });
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

/** How often pushed changes are applied at most: fast enough to feel live, slow enough that bursts never freeze the window. */
export const APPLY_INTERVAL_MS = 120;
/** Devices applied in one task at most. */
export const APPLY_SLICE = 500;

/**
 * Subscribes the store to main's pushes, once at start-up; returns the unsubscribe function. Pushes
 * arriving within APPLY_INTERVAL_MS are folded into one change (latest state of each device wins), so a
 * burst of thousands of stage changes renders a handful of times instead of once per push.
 */
export function wireDeviceEvents(
  api: DesktopApi,
  store: StoreApi<DevicesState>,
  intervalMs = APPLY_INTERVAL_MS,
): () => void {
  let upserts = new Map<string, DeviceView>();
  let removed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    timer = null;
    const all = [...upserts.values()];
    // A very large change (a whole file landing) is applied in parts, one task each, so no single
    // task holds the window for long; the parts follow each other immediately.
    const now = all.slice(0, APPLY_SLICE);
    const later = all.slice(APPLY_SLICE);
    const change = { upserts: now, removed: [...removed] };
    upserts = new Map(later.map((device) => [device.id, device]));
    removed = new Set();
    store.getState().applyChange(change);
    if (upserts.size > 0) timer ??= setTimeout(flush, 0);
  };
  const off = api.on('devices:changed', (change) => {
    for (const id of change.removed) {
      upserts.delete(id);
      removed.add(id);
    }
    for (const device of change.upserts) {
      removed.delete(device.id);
      upserts.set(device.id, device);
    }
    if (intervalMs <= 0) flush();
    else timer ??= setTimeout(flush, intervalMs);
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
  };
}
