import { describe, expect, it } from 'vitest';
import type { DeviceView } from '../../../../shared/domain/device';
import { selectRows, type RowFilter } from '../../../../renderer/features/board/select-rows';
import { createBoardViewStore } from '../../../../renderer/stores/board-view-store';
import { deviceView as boardDevice } from '../../../helpers/device-view';

const devices: DeviceView[] = [
  boardDevice({ id: 'a', serial: 'PF4AAA', stage: 'ready', groupTag: 'OD-FINANCE' }),
  boardDevice({
    id: 'b',
    serial: '8CG0FRGN01',
    stage: 'failed',
    groupTag: 'OD-FINANCE',
    problem: { code: '808', stage: 'imported', reason: 'r', nextStep: 'n' },
  }),
  boardDevice({ id: 'c', serial: 'PF4CCC', stage: 'imported', groupTag: 'OD-LAB', warnings: ['No TPM'] }),
  boardDevice({ id: 'd', serial: 'JH9DDD', stage: 'collected', groupTag: '' }),
];
const byId = Object.fromEntries(devices.map((d) => [d.id, d]));
const order = devices.map((d) => d.id);
const all: RowFilter = { search: '', stages: [], tag: null, problem: 'all', sort: { key: 'added', descending: false } };

describe('which rows the board shows', () => {
  it('searches serials case-insensitively', () => {
    expect(selectRows(order, byId, { ...all, search: 'pf4' })).toEqual(['a', 'c']);
  });

  it('filters by stage, tag (including "no tag") and problem', () => {
    expect(selectRows(order, byId, { ...all, stages: ['failed', 'collected'] })).toEqual(['b', 'd']);
    expect(selectRows(order, byId, { ...all, tag: 'OD-FINANCE' })).toEqual(['a', 'b']);
    expect(selectRows(order, byId, { ...all, tag: '' })).toEqual(['d']);
    expect(selectRows(order, byId, { ...all, problem: 'problems' })).toEqual(['b', 'c']);
    expect(selectRows(order, byId, { ...all, problem: 'ok' })).toEqual(['a', 'd']);
  });

  it('sorts by stage with what needs attention first, and reverses on demand', () => {
    expect(selectRows(order, byId, { ...all, sort: { key: 'stage', descending: false } })).toEqual([
      'b',
      'd',
      'c',
      'a',
    ]);
    expect(selectRows(order, byId, { ...all, sort: { key: 'serial', descending: true } })).toEqual([
      'c',
      'a',
      'd',
      'b',
    ]);
  });
});

describe('board selection', () => {
  it('toggles rows, selects a shift range from the anchor, and drops rows that left the board', () => {
    const store = createBoardViewStore();
    store.getState().toggle('a');
    store.getState().toggle('c', { range: true, visible: order });
    expect([...store.getState().selected].sort()).toEqual(['a', 'b', 'c']);
    store.getState().toggle('b');
    expect([...store.getState().selected].sort()).toEqual(['a', 'c']);
    store.getState().openDetail('c');
    store.getState().prune((id) => id !== 'c');
    expect([...store.getState().selected]).toEqual(['a']);
    expect(store.getState().detailId).toBeNull();
  });
});
