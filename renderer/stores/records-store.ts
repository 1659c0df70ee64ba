import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LookupResult, RecordActionResult, RecordChange, SyncAnswer } from '../../shared/domain/tenant-record';
import type { DesktopApi } from '../../shared/ipc/contract';

/** The service desk's look-up: what was asked, what the tenant answered, the record shown and the last action. */
export interface RecordsState {
  open: boolean;
  /** Serials of the last look-up. */
  serials: readonly string[];
  results: readonly LookupResult[];
  /** The record shown in detail (its id). */
  selectedId: string | null;
  /** Something is in flight (a look-up or an action), in words. */
  busy: string | null;
  error: string | null;
  /** Outcomes of the last action, one per serial. */
  outcomes: readonly RecordActionResult[];
  sync: SyncAnswer | null;
  /** Opens (or closes) the look-up panel. */
  setOpen: (open: boolean) => void;
  /** Looks serials up in the tenant. */
  lookup: (serials: readonly string[]) => Promise<void>;
  select: (id: string | null) => void;
  /** Changes tag, user and/or name; resolves to the outcomes (empty on error). */
  change: (serials: readonly string[], change: RecordChange) => Promise<readonly RecordActionResult[]>;
  /** Deregisters records; resolves to the outcomes (empty on error). */
  deregister: (serials: readonly string[]) => Promise<readonly RecordActionResult[]>;
  /** Asks for an Autopilot sync. */
  requestSync: () => Promise<void>;
  /** Looks serials up without touching the panel (the check before registering); null when it failed. */
  check: (serials: readonly string[]) => Promise<readonly LookupResult[] | null>;
}

/** Creates the records store over an api. */
export function createRecordsStore(api: DesktopApi): StoreApi<RecordsState> {
  return createStore<RecordsState>()((set, get) => {
    /** True while the panel is open on a look-up that asked for or found one of these serials. */
    const showing = (serials: readonly string[]): boolean => {
      const found = get().results.flatMap((result) => result.records.map((record) => record.serialNumber));
      const shown = new Set([...get().serials, ...found].map((serial) => serial.trim().toUpperCase()));
      return get().open && serials.some((serial) => shown.has(serial.trim().toUpperCase()));
    };
    /** Looks the panel's serials up again so its detail shows what the tenant says now. */
    const refresh = async (): Promise<void> => {
      const result = await api.invoke('records:lookup', { serials: [...get().serials] });
      if (result.ok) set({ results: result.value.results });
    };
    /**
     * Runs an action on records. Only when the panel shows those serials does it take the outcomes and look its
     * serials up again: an action from the board leaves the panel's look-up and outcomes as they were.
     */
    const act = async (
      serials: readonly string[],
      busy: string,
      run: () => ReturnType<DesktopApi['invoke']>,
    ): Promise<readonly RecordActionResult[]> => {
      const inPanel = showing(serials);
      set({ busy, error: null, ...(inPanel ? { outcomes: [] } : {}) });
      const result = await run();
      if (!result.ok) {
        set({ busy: null, error: result.error.message });
        return [];
      }
      const outcomes = (result.value as { results: RecordActionResult[] }).results;
      if (inPanel) {
        set({ outcomes });
        await refresh();
      }
      set({ busy: null });
      return outcomes;
    };
    return {
      open: false,
      serials: [],
      results: [],
      selectedId: null,
      busy: null,
      error: null,
      outcomes: [],
      sync: null,
      setOpen: (open) => set({ open }),
      async lookup(serials) {
        set({
          busy: 'Looking up…',
          error: null,
          outcomes: [],
          sync: null,
          serials: [...serials],
          results: [],
          selectedId: null,
        });
        const result = await api.invoke('records:lookup', { serials: [...serials] });
        if (!result.ok) {
          set({ busy: null, error: result.error.message, results: [] });
          return;
        }
        const first = result.value.results.flatMap((r) => r.records)[0];
        set({ busy: null, results: result.value.results, selectedId: first?.id ?? null });
      },
      select: (id) => set({ selectedId: id, outcomes: [] }),
      change: (serials, change) =>
        act(serials, 'Changing; waiting until Intune shows the new values (this can take a few minutes)…', () =>
          api.invoke('records:change', { serials: [...serials], ...change }),
        ),
      deregister: (serials) =>
        act(serials, 'Deregistering…', () => api.invoke('records:deregister', { serials: [...serials] })),
      async check(serials) {
        const result = await api.invoke('records:lookup', { serials: [...serials] });
        return result.ok ? result.value.results : null;
      },
      async requestSync() {
        set({ busy: 'Asking for a sync…', error: null });
        const result = await api.invoke('records:sync', {});
        set(result.ok ? { busy: null, sync: result.value } : { busy: null, error: result.error.message });
      },
    };
  });
}
