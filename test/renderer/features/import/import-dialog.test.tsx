import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../../shared/ipc/device-schemas';
import type { DesktopApi } from '../../../../shared/ipc/contract';
import { ImportDialog } from '../../../../renderer/features/import/ImportDialog';
import { catalogStore, devicesStore } from '../../../../renderer/stores';
import { deviceView } from '../../../helpers/device-view';
import { renderInTheme } from '../../render';

const REPORT: ImportReport = {
  importId: 'imp-1',
  fileName: 'bench.csv',
  encoding: 'utf-8',
  counts: { rows: 2, ok: 2, warned: 0, invalid: 0 },
  fileProblems: [],
  rows: [
    {
      line: 2,
      serial: 'PF4AAA01',
      status: 'ok',
      problems: [],
      manufacturer: 'LENOVO',
      model: '21G2',
      groupTag: '',
      assignedUser: '',
      onBoard: false,
    },
    {
      line: 3,
      serial: 'PF4AAA02',
      status: 'ok',
      problems: [],
      manufacturer: 'LENOVO',
      model: '21G2',
      groupTag: '',
      assignedUser: '',
      onBoard: false,
    },
  ],
};

/** A record the tenant already has for one of the file's serials, after a motherboard change. */
const EXISTING = {
  id: 'rec-1',
  serialNumber: 'PF4AAA01',
  manufacturer: 'LENOVO',
  model: '21G2',
  groupTag: 'OD-RETAIL',
  assignedUser: '',
  deviceName: '',
  profileStatus: 'assignedInSync',
  profileStatusText: 'Attention required: hardware change detected, replace the hash (deregister, then register again)',
  hardwareChange: 'attention-required',
  assignedProfile: null,
  assignedAt: null,
  intendedProfile: null,
  chain: null,
  why: [],
  enrollmentState: 'notContacted',
  enrolled: false,
  managedDeviceId: '',
  entraDeviceId: '',
  entraGroups: null,
  entraNote: null,
  lastContactedAt: null,
};

describe('the import dialog', () => {
  const calls: { channel: string; request: Record<string, unknown> }[] = [];
  let existing: (typeof EXISTING)[] = [];

  beforeEach(() => {
    calls.length = 0;
    existing = [];
    // The dialog talks to main only through window.api: a fake one records what it sends.
    const api = {
      invoke: (channel: string, request: Record<string, unknown>) => {
        calls.push({ channel, request });
        const value =
          channel === 'import:read'
            ? REPORT
            : channel === 'import:queue'
              ? { added: ['PF4AAA01', 'B'], skipped: 0 }
              : channel === 'records:lookup'
                ? { results: [{ serial: 'PF4AAA01', records: existing }] }
                : channel === 'devices:register'
                  ? { done: ['PF4AAA01', 'B'], skipped: [] }
                  : { tags: [], lastUsed: null, note: null };
        return Promise.resolve({ ok: true, value });
      },
      on: () => () => undefined,
    } as unknown as DesktopApi;
    Object.assign(window, { api });
    catalogStore.setState({
      tags: [
        {
          tag: 'OD-FINANCE',
          sources: ['tenant'],
          groups: [{ id: 'g', name: 'Finance' }],
          profiles: [{ id: 'p', name: 'Finance profile' }],
          warning: null,
        },
      ],
    });
  });

  afterEach(() => {
    catalogStore.getState().clearImport();
    devicesStore.setState({ byId: {}, order: [] });
  });

  it('reads a dropped file with the File API and sends its bytes, never a path', async () => {
    renderInTheme(<ImportDialog onClose={() => undefined} />);
    const text = 'Device Serial Number,Windows Product ID,Hardware Hash\r\nPF4AAA01,,T0E=\r\n';
    const file = new File([text], 'bench.csv', { type: 'text/csv' });
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { files: [file] } });
    await screen.findByText(/bench\.csv: 2 rows/);
    const read = calls.find((c) => c.channel === 'import:read');
    expect(read?.request).toEqual({ fileName: 'bench.csv', bytesBase64: Buffer.from(text).toString('base64') });
    expect(JSON.stringify(read?.request)).not.toMatch(/[\\/]tmp|C:\\\\/);
    // The first render of the dialog loads Fluent's components: slow on a loaded machine.
  }, 15_000);

  it('queues the report with the picked tag and registers when asked; the last tag used is not pre-filled', async () => {
    const closed: boolean[] = [];
    renderInTheme(<ImportDialog onClose={() => closed.push(true)} />);
    await userEvent.upload(screen.getByTestId('csv-input'), new File(['x'], 'bench.csv', { type: 'text/csv' }));
    const tag = await screen.findByRole('combobox', { name: 'Group tag' });
    expect(tag).toHaveValue('');
    fireEvent.change(tag, { target: { value: 'OD-FINANCE' } });
    await userEvent.click(await screen.findByRole('button', { name: 'Add and register 2' }));
    await waitFor(() => expect(closed).toEqual([true]));
    expect(calls.find((c) => c.channel === 'import:queue')?.request).toEqual({
      importId: 'imp-1',
      groupTag: 'OD-FINANCE',
      overrideTags: false,
      register: true,
    });
  });

  it('says which serials the tenant already has before registering, and replaces them when chosen', async () => {
    existing = [EXISTING];
    const closed: boolean[] = [];
    renderInTheme(<ImportDialog onClose={() => closed.push(true)} />);
    await userEvent.upload(screen.getByTestId('csv-input'), new File(['x'], 'bench.csv', { type: 'text/csv' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Add and register 2' }));
    await screen.findByText(/already registered in this tenant/);
    expect(screen.getByText(/PF4AAA01: tag OD-RETAIL, Attention required/)).toBeTruthy();
    // A hardware change suggests replacing; nothing was queued yet.
    expect(screen.getByRole('radio', { name: /Replace it \(motherboard changed\)/ })).toHaveProperty('checked', true);
    expect(calls.some((c) => c.channel === 'import:queue')).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Replace and register 2' }));
    await waitFor(() => expect(closed).toEqual([true]));
    expect(calls.find((c) => c.channel === 'import:queue')?.request).toMatchObject({ register: false });
    expect(calls.find((c) => c.channel === 'devices:register')?.request).toEqual({
      ids: ['PF4AAA01', 'B'],
      replaceIds: ['PF4AAA01'],
    });
  });

  it('replaces a device whose hash holds another serial than its row by the serial in the hash', async () => {
    // Device B was given as "ASSET-B"; Autopilot holds PF4AAA01, the serial inside its hash.
    devicesStore.setState({ byId: { B: deviceView({ id: 'B', serial: 'ASSET-B', hashSerial: 'PF4AAA01' }) } });
    existing = [EXISTING];
    const closed: boolean[] = [];
    renderInTheme(<ImportDialog onClose={() => closed.push(true)} />);
    await userEvent.upload(screen.getByTestId('csv-input'), new File(['x'], 'bench.csv', { type: 'text/csv' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Add and register 2' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Replace and register 2' }));
    await waitFor(() => expect(closed).toEqual([true]));
    expect(calls.find((c) => c.channel === 'devices:register')?.request).toEqual({
      ids: ['PF4AAA01', 'B'],
      replaceIds: ['PF4AAA01', 'B'],
    });
  });

  it('keeps the existing records when chosen: registered as usual, their tag updated', async () => {
    existing = [{ ...EXISTING, hardwareChange: 'none', profileStatusText: 'Assigned' }];
    renderInTheme(<ImportDialog onClose={() => undefined} />);
    await userEvent.upload(screen.getByTestId('csv-input'), new File(['x'], 'bench.csv', { type: 'text/csv' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Add and register 2' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Keep and register 2' }));
    await waitFor(() =>
      expect(calls.find((c) => c.channel === 'import:queue')?.request).toMatchObject({ register: true }),
    );
    expect(calls.some((c) => c.channel === 'devices:register')).toBe(false);
  });
});
