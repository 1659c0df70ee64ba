import { describe, expect, it, vi } from 'vitest';
import { deviceView } from '../../helpers/device-view';
import type { DeviceView } from '../../../shared/domain/device';
import type { DesktopApi, EventOf } from '../../../shared/ipc/contract';
import { createDevicesStore, wireDeviceEvents } from '../../../renderer/stores/devices-store';

function device(id: string, stage: DeviceView['stage'] = 'collected'): DeviceView {
  return deviceView({ id, serial: `SER-${id}`, stage, groupTag: 'OD-RETAIL' });
}

/** A fake api: answers from a table and lets the test push events. */
function fakeApi(answers: Partial<Record<string, unknown>>) {
  const listeners = new Set<(payload: EventOf<'devices:changed'>) => void>();
  const calls: { channel: string; request: unknown }[] = [];
  const api = {
    invoke: (channel: string, request: unknown) => {
      calls.push({ channel, request });
      const answer = answers[channel];
      return Promise.resolve(
        answer instanceof Error
          ? { ok: false, error: { code: 'capture-not-elevated', message: answer.message } }
          : { ok: true, value: answer },
      );
    },
    on: (_event: string, listener: (payload: EventOf<'devices:changed'>) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as DesktopApi;
  return { api, calls, push: (change: EventOf<'devices:changed'>) => listeners.forEach((l) => l(change)) };
}

describe('devices store', () => {
  it('loads the board from main', async () => {
    const { api } = fakeApi({ 'devices:list': { devices: [device('a'), device('b')] } });
    const store = createDevicesStore(api);
    await store.getState().load();
    expect(store.getState().order).toEqual(['a', 'b']);
    expect(store.getState().byId['b']?.serial).toBe('SER-b');
  });

  it('applies pushed changes: updates in place, appends new devices, drops removed ones', async () => {
    const { api, push } = fakeApi({ 'devices:list': { devices: [device('a'), device('b')] } });
    const store = createDevicesStore(api);
    wireDeviceEvents(api, store, 0);
    await store.getState().load();
    push({ upserts: [device('b', 'imported'), device('c')], removed: ['a'] });
    expect(store.getState().order).toEqual(['b', 'c']);
    expect(store.getState().byId['b']?.stage).toBe('imported');
    expect(store.getState().byId['a']).toBeUndefined();
  });

  it('folds a burst of pushes into one update, the latest state of each device winning', async () => {
    vi.useFakeTimers();
    try {
      const { api, push } = fakeApi({ 'devices:list': { devices: [device('a')] } });
      const store = createDevicesStore(api);
      await store.getState().load();
      const renders: number[] = [];
      store.subscribe((state) => renders.push(state.order.length));
      wireDeviceEvents(api, store, 100);
      push({ upserts: [device('a', 'imported'), device('b')], removed: [] });
      push({ upserts: [device('a', 'in-group'), device('c')], removed: ['b'] });
      push({ upserts: [device('a', 'ready')], removed: [] });
      expect(renders).toEqual([]);
      vi.advanceTimersByTime(100);
      expect(renders).toEqual([2]);
      expect(store.getState().order).toEqual(['a', 'c']);
      expect(store.getState().byId['a']?.stage).toBe('ready');
      expect(store.getState().counts).toMatchObject({ ready: 1, collected: 1, imported: 0, 'in-group': 0 });
      expect(store.getState().tags).toEqual(['OD-RETAIL']);
    } finally {
      vi.useRealTimers();
    }
  });

  it("captures this device with the chosen tag, and shows main's error when capture fails", async () => {
    const ok = fakeApi({ 'capture:this-device': { device: device('x'), provider: 'simulated' } });
    const store = createDevicesStore(ok.api);
    await store.getState().captureThisDevice({ groupTag: 'OD-RETAIL' });
    expect(ok.calls).toEqual([{ channel: 'capture:this-device', request: { groupTag: 'OD-RETAIL' } }]);
    expect(store.getState().order).toEqual(['x']);

    const failing = fakeApi({ 'capture:this-device': new Error('Run the console as administrator.') });
    const failingStore = createDevicesStore(failing.api);
    await failingStore.getState().captureThisDevice();
    expect(failingStore.getState()).toMatchObject({ capturing: false, error: 'Run the console as administrator.' });
    expect(failingStore.getState().order).toEqual([]);
  });
});
