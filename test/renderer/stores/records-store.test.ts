import { describe, expect, it } from 'vitest';
import type { DesktopApi } from '../../../shared/ipc/contract';
import { createRecordsStore } from '../../../renderer/stores/records-store';

/** A fake api: look-ups find one record per serial (its serial as the tenant spells it), actions succeed. */
function fakeApi() {
  const calls: { channel: string; request: { serials?: string[] } }[] = [];
  const api = {
    invoke: (channel: string, request: { serials?: string[] }) => {
      calls.push({ channel, request });
      const serials = request.serials ?? [];
      const value =
        channel === 'records:lookup'
          ? {
              results: serials.map((serial) => ({
                serial,
                records: [{ id: `rec-${serial}`, serialNumber: `SDK0${serial.toUpperCase()}` }],
              })),
            }
          : { results: serials.map((serial) => ({ serial, outcome: 'done', message: `${serial} done.` })) };
      return Promise.resolve({ ok: true, value });
    },
    on: () => () => undefined,
  } as unknown as DesktopApi;
  const lookups = (): string[][] =>
    calls.filter((call) => call.channel === 'records:lookup').map((call) => call.request.serials ?? []);
  return { api, lookups };
}

describe('records store: an action refreshes the look-up panel only when the panel shows those serials', () => {
  it('leaves a closed panel alone: no look-up again, no outcomes left for it', async () => {
    const { api, lookups } = fakeApi();
    const store = createRecordsStore(api);
    store.getState().setOpen(true);
    await store.getState().lookup(['ENRL01']);
    store.getState().setOpen(false);
    const outcomes = await store.getState().deregister(['SDK0ENRL01']);
    expect(outcomes.map((outcome) => outcome.serial)).toEqual(['SDK0ENRL01']);
    expect(lookups()).toEqual([['ENRL01']]);
    expect(store.getState().outcomes).toEqual([]);
    expect(store.getState().busy).toBeNull();
  });

  it('leaves an open panel on other serials alone', async () => {
    const { api, lookups } = fakeApi();
    const store = createRecordsStore(api);
    store.getState().setOpen(true);
    await store.getState().lookup(['ENRL01']);
    await store.getState().change(['PF4SBX0002'], { groupTag: 'OD-RETAIL' });
    expect(lookups()).toEqual([['ENRL01']]);
    expect(store.getState().outcomes).toEqual([]);
  });

  it('refreshes an open panel whose look-up found the serial acted on, and shows the outcome there', async () => {
    const { api, lookups } = fakeApi();
    const store = createRecordsStore(api);
    store.getState().setOpen(true);
    await store.getState().lookup(['enrl01', 'NOPR06']);
    await store.getState().deregister(['sdk0ENRL01']);
    expect(lookups()).toEqual([
      ['enrl01', 'NOPR06'],
      ['enrl01', 'NOPR06'],
    ]);
    expect(store.getState().outcomes.map((outcome) => outcome.serial)).toEqual(['sdk0ENRL01']);
  });
});
