import { describe, expect, it } from 'vitest';
import { DeviceBoard, type BoardChange } from '../../../../electron/core/application/device-board';
import { deviceView } from '../../../helpers/device-view';
import type { DeviceView } from '../../../../shared/domain/device';

function device(id: string, stage: DeviceView['stage'] = 'collected'): DeviceView {
  return deviceView({ id, serial: `SER-${id}`, stage });
}

/** The records the board projects, kept in a map here. */
function records() {
  const views = new Map<string, DeviceView>();
  return {
    view: (id: string) => views.get(id),
    views: () => [...views.values()],
    put(view: DeviceView) {
      views.set(view.id, view);
      return view.id;
    },
    delete: (ids: string[]) => ids.filter((id) => views.delete(id)),
  };
}

describe('DeviceBoard, a projection of the device records', () => {
  it('coalesces a burst of changes into one push with the latest state of each device', () => {
    const flushes: (() => void)[] = [];
    const source = records();
    const board = new DeviceBoard(source, (flush) => flushes.push(flush));
    const changes: BoardChange[] = [];
    board.subscribe((change) => changes.push(change));
    for (let i = 0; i < 5000; i++)
      board.changed(source.put(device(String(i % 100), i < 4900 ? 'collected' : 'imported')));
    expect(flushes).toHaveLength(1);
    flushes[0]!();
    expect(changes).toHaveLength(1);
    expect(changes[0]!.upserts).toHaveLength(100);
    expect(changes[0]!.upserts.every((d) => d.stage === 'imported')).toBe(true);
  });

  it('reports removals and forgets pending upserts of removed devices', () => {
    const flushes: (() => void)[] = [];
    const source = records();
    const board = new DeviceBoard(source, (flush) => flushes.push(flush));
    board.changed(source.put(device('a')));
    flushes.shift()!();
    const changes: BoardChange[] = [];
    board.subscribe((change) => changes.push(change));
    board.changed(source.put(device('a', 'imported')));
    board.removed(source.delete(['a', 'unknown']));
    flushes.shift()!();
    expect(changes).toEqual([{ upserts: [], removed: ['a'] }]);
    expect(board.list()).toEqual([]);
  });
});
