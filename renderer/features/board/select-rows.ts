import type { DeviceView } from '../../../shared/domain/device';
import type { ProblemFilter, SortKey } from '../../stores/board-view-store';

/** Filters of the board. */
export interface RowFilter {
  search: string;
  stages: readonly DeviceView['stage'][];
  tag: string | null;
  problem: ProblemFilter;
  sort: { key: SortKey; descending: boolean };
}

// Sorting by stage puts what needs attention first, then the pipeline in order, ready last.
const STAGE_ORDER = new Map<DeviceView['stage'], number>(
  (['failed', 'timed-out', 'collected', 'imported', 'in-group', 'profile-assigned', 'ready'] as const).map(
    (stage, index) => [stage, index],
  ),
);

function sortValue(device: DeviceView, key: SortKey): string | number {
  switch (key) {
    case 'serial':
      return device.serial.toUpperCase();
    case 'model':
      return `${device.manufacturer} ${device.model}`.toUpperCase();
    case 'tag':
      return device.groupTag.toUpperCase();
    case 'stage':
      return STAGE_ORDER.get(device.stage) ?? 0;
    case 'updated':
      return device.updatedAt;
    case 'added':
      return 0;
  }
}

/** The ids the board shows, in order: pure, so it is tested without React and memoised by the board. */
export function selectRows(
  order: readonly string[],
  byId: Readonly<Record<string, DeviceView>>,
  filter: RowFilter,
): string[] {
  const needle = filter.search.trim().toUpperCase();
  const stages = filter.stages.length > 0 ? new Set(filter.stages) : null;
  const rows: DeviceView[] = [];
  for (const id of order) {
    const device = byId[id];
    if (!device) continue;
    if (needle && !device.serial.toUpperCase().includes(needle)) continue;
    if (stages && !stages.has(device.stage)) continue;
    if (filter.tag !== null && device.groupTag !== filter.tag) continue;
    if (filter.problem === 'problems' && device.problem === null && device.warnings.length === 0) continue;
    if (filter.problem === 'ok' && (device.problem !== null || device.warnings.length > 0)) continue;
    rows.push(device);
  }
  const { key, descending } = filter.sort;
  if (key !== 'added') {
    const values = new Map(rows.map((d) => [d.id, sortValue(d, key)]));
    rows.sort((a, b) => {
      const x = values.get(a.id) ?? 0;
      const y = values.get(b.id) ?? 0;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }
  if (descending) rows.reverse();
  return rows.map((d) => d.id);
}
