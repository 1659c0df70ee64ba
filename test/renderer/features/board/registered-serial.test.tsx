import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DesktopApi } from '../../../../shared/ipc/contract';
import { BulkBar } from '../../../../renderer/features/board/BulkBar';
import { AssignDialog } from '../../../../renderer/features/register/AssignDialog';
import { boardViewStore, devicesStore, recordsStore } from '../../../../renderer/stores';
import { deviceView } from '../../../helpers/device-view';
import { renderInTheme } from '../../render';

/** A device whose CSV row gave another serial than the one inside its hash, which Autopilot holds. */
const RELABELLED = deviceView({
  id: 'PF4HASH01',
  serial: 'ASSET-0042',
  hashSerial: 'PF4HASH01',
  stage: 'ready',
  autopilotDeviceId: 'ap-1',
});

describe('tenant actions on a board device name the serial Autopilot holds', () => {
  const calls: { channel: string; request: Record<string, unknown> }[] = [];

  beforeEach(() => {
    calls.length = 0;
    const api = {
      invoke: (channel: string, request: Record<string, unknown>) => {
        calls.push({ channel, request });
        const serials = (request['serials'] as string[] | undefined) ?? [];
        const value =
          channel === 'records:deregister' || channel === 'records:change'
            ? { results: serials.map((serial) => ({ serial, outcome: 'done', message: 'Done.' })) }
            : channel === 'records:lookup'
              ? { results: serials.map((serial) => ({ serial, records: [] })) }
              : channel === 'devices:register'
                ? { done: request['ids'], skipped: [] }
                : { tags: [], lastUsed: null, note: null };
        return Promise.resolve({ ok: true, value });
      },
      on: () => () => undefined,
    } as unknown as DesktopApi;
    Object.assign(window, { api });
    devicesStore.setState({ byId: { [RELABELLED.id]: RELABELLED }, order: [RELABELLED.id] });
    recordsStore.setState({ open: false, serials: [], results: [], outcomes: [], busy: null, error: null });
    boardViewStore.getState().selectOnly([RELABELLED.id]);
  });

  it('deregisters the hash serial from the bulk bar and lists it in the confirmation', async () => {
    renderInTheme(<BulkBar />);
    await userEvent.click(screen.getByRole('button', { name: 'Deregister…' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(await screen.findByRole('list', { name: 'Devices to deregister' })).toHaveTextContent('PF4HASH01');
    await userEvent.click(screen.getByRole('button', { name: 'Deregister 1' }));
    await waitFor(() => expect(dialog).toHaveTextContent('PF4HASH01: deregistered'));
    expect(calls.filter((c) => c.channel === 'records:deregister').map((c) => c.request)).toEqual([
      { serials: ['PF4HASH01'] },
    ]);
  }, 15_000);

  it('changes the name of the hash serial in the tenant', async () => {
    renderInTheme(<AssignDialog mode="update" ids={[RELABELLED.id]} initialTag="" onClose={() => undefined} />);
    fireEvent.change(screen.getByRole('textbox', { name: /Device name/ }), { target: { value: 'FIN-0042' } });
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(calls.some((c) => c.channel === 'records:change')).toBe(true));
    expect(calls.find((c) => c.channel === 'records:change')?.request).toEqual({
      serials: ['PF4HASH01'],
      deviceName: 'FIN-0042',
    });
  }, 15_000);

  it('checks the tenant for the hash serial before registering', async () => {
    const collected = { ...RELABELLED, stage: 'collected' as const, autopilotDeviceId: null };
    devicesStore.setState({ byId: { [collected.id]: collected } });
    renderInTheme(<AssignDialog mode="register" ids={[collected.id]} initialTag="" onClose={() => undefined} />);
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));
    await waitFor(() => expect(calls.some((c) => c.channel === 'devices:register')).toBe(true));
    expect(calls.find((c) => c.channel === 'records:lookup')?.request).toEqual({ serials: ['PF4HASH01'] });
  }, 15_000);
});
