import { Checkbox, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSortDown16Regular, ArrowSortUp16Regular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DeviceView } from '../../../shared/domain/device';
import type { SortKey } from '../../stores/board-view-store';
import { boardViewStore, useBoardView } from '../../stores';
import { DeviceRow, GRID_COLUMNS } from './DeviceRow';
import { rowHeight } from './StatusCell';

// Griffel's typings lack scrollbar-gutter; the property is supported by every Chromium the app runs in.
const STABLE_GUTTER = { scrollbarGutter: 'stable' } as unknown as object;

const useStyles = makeStyles({
  grid: { display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 },
  header: {
    display: 'grid',
    gridTemplateColumns: GRID_COLUMNS,
    columnGap: tokens.spacingHorizontalM,
    alignItems: 'center',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    // Reserves the scrollbar's width as the body does, so header columns line up with the rows.
    ...STABLE_GUTTER,
    overflow: 'hidden',
  },
  sortButton: {
    border: 'none',
    backgroundColor: 'transparent',
    padding: 0,
    font: 'inherit',
    color: 'inherit',
    cursor: 'pointer',
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXXS,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  body: { flex: 1, minHeight: 0, overflowY: 'auto', ...STABLE_GUTTER, outline: 'none' },
  sizer: { position: 'relative', width: '100%' },
  slot: { position: 'absolute', top: 0, left: 0, width: '100%' },
});

const COLUMNS: readonly { label: string; sort: SortKey | null }[] = [
  { label: 'Serial number', sort: 'serial' },
  { label: 'Make and model', sort: 'model' },
  { label: 'Group tag and user', sort: 'tag' },
  { label: 'Progress', sort: 'stage' },
  { label: 'Status', sort: 'updated' },
];

/** The virtualised device grid: only visible rows are rendered; arrows, Space, Enter and Ctrl+A work. */
export function DeviceGrid({
  ids,
  byId,
}: {
  ids: readonly string[];
  byId: Readonly<Record<string, DeviceView>>;
}): React.JSX.Element {
  const styles = useStyles();
  const bodyRef = useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const { selected, sort } = useBoardView(useShallow((s) => ({ selected: s.selected, sort: s.sort })));

  // Rows get stable callbacks (the visible ids change with every push; reading them through a ref keeps memoised rows still).
  const idsRef = useRef(ids);
  // Kept current during render: the virtualizer asks for keys while this component renders.
  idsRef.current = ids;
  // Heights come from each row's state, not from measuring the DOM (measuring forced a layout per row
  // while scrolling). A new key function per visible list makes the virtualizer recompute positions
  // once per update, which also picks up rows whose height changed.
  const byIdRef = useRef(byId);
  byIdRef.current = byId;
  const getItemKey = useCallback((index: number) => ids[index] ?? index, [ids]);
  const estimateSize = useCallback((index: number) => rowHeight(byIdRef.current[idsRef.current[index] ?? '']), []);
  const onToggle = useCallback(
    (id: string, range: boolean) => boardViewStore.getState().toggle(id, { range, visible: idsRef.current }),
    [],
  );
  const onOpen = useCallback((id: string) => boardViewStore.getState().openDetail(id), []);
  const onFocusRow = useCallback((index: number) => setFocusIndex(index), []);

  // The virtualizer's functions are read during render only, never memoised: the compiler may skip this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => bodyRef.current,
    estimateSize,
    overscan: 3,
    getItemKey,
  });

  const moveFocus = (index: number): void => {
    const next = Math.max(0, Math.min(ids.length - 1, index));
    setFocusIndex(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    requestAnimationFrame(() =>
      bodyRef.current?.querySelector<HTMLElement>(`[data-index="${next}"] [role="row"]`)?.focus(),
    );
  };

  const onKeyDown = (event: React.KeyboardEvent): void => {
    const current = Math.min(focusIndex, ids.length - 1);
    const id = ids[current];
    const page = Math.max(1, Math.floor((bodyRef.current?.clientHeight ?? 640) / 64));
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveFocus(current + 1),
      ArrowUp: () => moveFocus(current - 1),
      PageDown: () => moveFocus(current + page),
      PageUp: () => moveFocus(current - page),
      Home: () => moveFocus(0),
      End: () => moveFocus(ids.length - 1),
      ' ': () => id && boardViewStore.getState().toggle(id, { range: event.shiftKey, visible: ids }),
      Enter: () => id && boardViewStore.getState().openDetail(id),
    };
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      boardViewStore.getState().selectOnly(ids);
      return;
    }
    const action = keys[event.key];
    if (!action || (event.target as HTMLElement).getAttribute('role') !== 'row') return;
    event.preventDefault();
    action();
  };

  const allSelected = ids.length > 0 && ids.every((id) => selected.has(id));
  const someSelected = !allSelected && ids.some((id) => selected.has(id));
  return (
    <div
      role="grid"
      aria-label="Devices"
      aria-rowcount={ids.length + 1}
      aria-multiselectable
      className={styles.grid}
      onKeyDown={onKeyDown}
    >
      <div role="row" aria-rowindex={1} className={styles.header}>
        <div role="columnheader">
          <Checkbox
            aria-label={allSelected ? 'Clear the selection' : 'Select every device shown'}
            checked={allSelected ? true : someSelected ? 'mixed' : false}
            onChange={() => boardViewStore.getState().selectOnly(allSelected ? [] : ids)}
          />
        </div>
        {COLUMNS.map((column) => {
          const active = column.sort !== null && sort.key === column.sort;
          return (
            <div
              key={column.label}
              role="columnheader"
              aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            >
              {column.sort ? (
                <button
                  type="button"
                  className={styles.sortButton}
                  onClick={() => column.sort && boardViewStore.getState().setSort(column.sort)}
                >
                  {column.label}
                  {active &&
                    (sort.descending ? <ArrowSortDown16Regular aria-hidden /> : <ArrowSortUp16Regular aria-hidden />)}
                </button>
              ) : (
                column.label
              )}
            </div>
          );
        })}
      </div>
      <div ref={bodyRef} className={styles.body} role="rowgroup">
        <div className={styles.sizer} style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const id = ids[item.index];
            const device = id === undefined ? undefined : byId[id];
            if (!device) return null;
            return (
              <div
                // Keyed by the device itself: the virtualizer's own keys can lag one render behind a re-sort.
                key={device.id}
                data-index={item.index}
                className={styles.slot}
                style={{ transform: `translateY(${item.start}px)`, height: item.size }}
              >
                <DeviceRow
                  device={device}
                  index={item.index}
                  selected={selected.has(device.id)}
                  focused={item.index === Math.min(focusIndex, ids.length - 1)}
                  onToggle={onToggle}
                  onOpen={onOpen}
                  onFocusRow={onFocusRow}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
