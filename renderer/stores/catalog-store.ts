import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ActivityEntry, ImportReport, TagChain } from '../../shared/ipc/device-schemas';
import type { DesktopApi, RequestOf } from '../../shared/ipc/contract';
import type { WatchStatus } from '../../shared/ipc/settings-schemas';

/** Tags, the activity log, the CSV import in progress and the watch folder. */
export interface CatalogState {
  tags: readonly TagChain[];
  tagNote: string | null;
  activity: readonly ActivityEntry[];
  watch: WatchStatus | null;
  report: ImportReport | null;
  reading: boolean;
  importError: string | null;
  /** Loads known tags (refresh asks the tenant again). */
  loadTags: (refresh?: boolean) => Promise<void>;
  loadActivity: () => Promise<void>;
  addActivity: (entries: readonly ActivityEntry[]) => void;
  /** Sends a file's bytes to main and keeps the per-row report. */
  readFile: (fileName: string, bytes: Uint8Array) => Promise<void>;
  /** Queues the valid rows of the report; resolves to the ids added, or null on error. */
  queueImport: (options: Omit<RequestOf<'import:queue'>, 'importId'>) => Promise<string[] | null>;
  clearImport: () => void;
  loadWatch: () => Promise<void>;
  chooseWatchFolder: () => Promise<void>;
  setWatch: (request: RequestOf<'watch:set'>) => Promise<void>;
  applyWatch: (status: WatchStatus) => void;
}

const MAX_ACTIVITY = 2000;

/** Bytes to base64 in chunks (String.fromCharCode on a large array overflows the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Creates the catalog store over an api. */
export function createCatalogStore(api: DesktopApi): StoreApi<CatalogState> {
  return createStore<CatalogState>()((set, get) => ({
    tags: [],
    tagNote: null,
    activity: [],
    watch: null,
    report: null,
    reading: false,
    importError: null,
    async loadTags(refresh = false) {
      const result = await api.invoke('tags:list', refresh ? { refresh } : {});
      if (result.ok) set({ tags: result.value.tags, tagNote: result.value.note });
      else set({ tagNote: result.error.message });
    },
    async loadActivity() {
      const result = await api.invoke('activity:list', {});
      if (result.ok) set({ activity: result.value.entries.slice(-MAX_ACTIVITY) });
    },
    addActivity(entries) {
      set({ activity: [...get().activity, ...entries].slice(-MAX_ACTIVITY) });
    },
    async readFile(fileName, bytes) {
      set({ reading: true, importError: null, report: null });
      const result = await api.invoke('import:read', { fileName, bytesBase64: toBase64(bytes) });
      set(result.ok ? { reading: false, report: result.value } : { reading: false, importError: result.error.message });
    },
    async queueImport(options) {
      const report = get().report;
      if (!report) return null;
      const result = await api.invoke('import:queue', { importId: report.importId, ...options });
      if (!result.ok) {
        set({ importError: result.error.message });
        return null;
      }
      set({ report: null });
      return result.value.added;
    },
    clearImport: () => set({ report: null, importError: null, reading: false }),
    async loadWatch() {
      const result = await api.invoke('watch:get', {});
      if (result.ok) set({ watch: result.value });
    },
    async chooseWatchFolder() {
      const result = await api.invoke('watch:choose-folder', {});
      if (result.ok) set({ watch: result.value });
    },
    async setWatch(request) {
      const result = await api.invoke('watch:set', request);
      if (result.ok) set({ watch: result.value });
    },
    applyWatch: (watch) => set({ watch }),
  }));
}

/** Subscribes to activity and watch-folder pushes. */
export function wireCatalogEvents(api: DesktopApi, store: StoreApi<CatalogState>): () => void {
  const offActivity = api.on('activity:added', ({ entries }) => store.getState().addActivity(entries));
  const offWatch = api.on('watch:status', (status) => store.getState().applyWatch(status));
  return () => {
    offActivity();
    offWatch();
  };
}
