import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../../shared/ipc/device-schemas';
import type { DesktopApi } from '../../../../shared/ipc/contract';
import { ImportDialog } from '../../../../renderer/features/import/ImportDialog';
import { catalogStore } from '../../../../renderer/stores';
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

describe('the import dialog', () => {
  const calls: { channel: string; request: Record<string, unknown> }[] = [];

  beforeEach(() => {
    calls.length = 0;
    // The dialog talks to main only through window.api: a fake one records what it sends.
    const api = {
      invoke: (channel: string, request: Record<string, unknown>) => {
        calls.push({ channel, request });
        const value =
          channel === 'import:read'
            ? REPORT
            : channel === 'import:queue'
              ? { added: ['a', 'b'], skipped: 0 }
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
      lastTag: 'OD-FINANCE',
    });
  });

  afterEach(() => catalogStore.getState().clearImport());

  it('reads a dropped file with the File API and sends its bytes, never a path', async () => {
    renderInTheme(<ImportDialog onClose={() => undefined} />);
    const text = 'Device Serial Number,Windows Product ID,Hardware Hash\r\nPF4AAA01,,T0E=\r\n';
    const file = new File([text], 'bench.csv', { type: 'text/csv' });
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { files: [file] } });
    await screen.findByText(/bench\.csv: 2 rows/);
    const read = calls.find((c) => c.channel === 'import:read');
    expect(read?.request).toEqual({ fileName: 'bench.csv', bytesBase64: Buffer.from(text).toString('base64') });
    expect(JSON.stringify(read?.request)).not.toMatch(/[\\/]tmp|C:\\\\/);
  });

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
});
