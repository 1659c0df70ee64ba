import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeviceStage } from '../../shared/domain/device';

/** Columns the board sorts by. */
export type SortKey = 'added' | 'serial' | 'model' | 'tag' | 'stage' | 'updated';

/** Which rows show: problem filter values. */
export type ProblemFilter = 'all' | 'problems' | 'ok';

/** Search, filters, sort, selection and the open detail panel: view state only, never device data. */
export interface BoardViewState {
  search: string;
  stages: readonly DeviceStage[];
  tag: string | null;
  problem: ProblemFilter;
  sort: { key: SortKey; descending: boolean };
  selected: ReadonlySet<string>;
  /** Anchor of shift-click range selection. */
  anchor: string | null;
  detailId: string | null;
  setSearch: (search: string) => void;
  setStages: (stages: readonly DeviceStage[]) => void;
  setTag: (tag: string | null) => void;
  setProblem: (problem: ProblemFilter) => void;
  setSort: (key: SortKey, descending?: boolean) => void;
  /** Toggles one row; with `range`, selects from the anchor to it within `visible`. */
  toggle: (id: string, options?: { range?: boolean; visible?: readonly string[] }) => void;
  /** Selects exactly these ids (select all visible, or none). */
  selectOnly: (ids: readonly string[]) => void;
  /** Drops ids that left the board. */
  prune: (present: (id: string) => boolean) => void;
  /** Keeps selected only the devices shown: bulk actions act on what is on screen, never on rows a filter hides. */
  keepShown: (shown: readonly string[]) => void;
  openDetail: (id: string | null) => void;
  clearFilters: () => void;
}

/** Creates the board's view store. */
export function createBoardViewStore(): StoreApi<BoardViewState> {
  return createStore<BoardViewState>()((set, get) => ({
    search: '',
    stages: [],
    tag: null,
    problem: 'all',
    sort: { key: 'added', descending: false },
    selected: new Set(),
    anchor: null,
    detailId: null,
    setSearch: (search) => set({ search }),
    setStages: (stages) => set({ stages }),
    setTag: (tag) => set({ tag }),
    setProblem: (problem) => set({ problem }),
    setSort: (key, descending) => {
      const current = get().sort;
      set({ sort: { key, descending: descending ?? (current.key === key ? !current.descending : false) } });
    },
    toggle: (id, options = {}) => {
      const selected = new Set(get().selected);
      const { anchor } = get();
      if (options.range && anchor && options.visible) {
        const from = options.visible.indexOf(anchor);
        const to = options.visible.indexOf(id);
        if (from >= 0 && to >= 0) {
          for (const rangeId of options.visible.slice(Math.min(from, to), Math.max(from, to) + 1))
            selected.add(rangeId);
          set({ selected });
          return;
        }
      }
      if (selected.has(id)) selected.delete(id);
      else selected.add(id);
      set({ selected, anchor: id });
    },
    selectOnly: (ids) => set({ selected: new Set(ids), anchor: null }),
    prune: (present) => {
      const { selected, detailId } = get();
      const kept = [...selected].filter(present);
      if (kept.length !== selected.size) set({ selected: new Set(kept) });
      if (detailId && !present(detailId)) set({ detailId: null });
    },
    keepShown: (shown) => {
      const { selected, anchor } = get();
      if (selected.size === 0) return;
      const visible = new Set(shown);
      const kept = [...selected].filter((id) => visible.has(id));
      if (kept.length !== selected.size)
        set({ selected: new Set(kept), anchor: anchor !== null && visible.has(anchor) ? anchor : null });
    },
    openDetail: (detailId) => set({ detailId }),
    clearFilters: () => set({ search: '', stages: [], tag: null, problem: 'all' }),
  }));
}
