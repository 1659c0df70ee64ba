import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TenantRecord } from '../../../../shared/domain/tenant-record';
import type { DesktopApi } from '../../../../shared/ipc/contract';
import { RecordActions } from '../../../../renderer/features/lookup/RecordActions';
import { recordsStore } from '../../../../renderer/stores';
import { renderInTheme } from '../../render';

const ENROLLED: TenantRecord = {
  id: 'rec-1',
  serialNumber: 'SDK0ENRL01',
  manufacturer: 'LENOVO',
  model: '21G2',
  groupTag: 'OD-RETAIL',
  assignedUser: '',
  deviceName: '',
  profileStatus: 'assignedInSync',
  profileStatusText: 'Assigned',
  hardwareChange: 'none',
  assignedProfile: null,
  assignedAt: null,
  intendedProfile: null,
  chain: null,
  why: [],
  enrollmentState: 'enrolled',
  enrolled: true,
  managedDeviceId: 'md-1',
  entraDeviceId: '',
  entraGroups: null,
  entraNote: null,
  lastContactedAt: null,
};

describe('deregistering a looked-up record', () => {
  const calls: { channel: string; request: Record<string, unknown> }[] = [];

  beforeEach(() => {
    calls.length = 0;
    const api = {
      invoke: (channel: string, request: Record<string, unknown>) => {
        calls.push({ channel, request });
        const value =
          channel === 'records:deregister'
            ? {
                results: [
                  {
                    serial: 'SDK0ENRL01',
                    outcome: 'warning',
                    message: 'The device is enrolled in Intune.',
                    nextStep: 'Delete the device in Intune, then deregister again.',
                  },
                ],
              }
            : { results: [] };
        return Promise.resolve({ ok: true, value });
      },
      on: () => () => undefined,
    } as unknown as DesktopApi;
    Object.assign(window, { api });
    recordsStore.setState({ open: true, serials: ['SDK0ENRL01'], results: [], busy: null, error: null });
  });

  it('confirms in the board’s deregister dialog, with the enrolment hint, and lists the outcome', async () => {
    renderInTheme(<RecordActions record={ENROLLED} />);
    await userEvent.click(screen.getByRole('button', { name: 'Deregister…' }));
    // In jsdom the focus manager marks a dialog opened after the first render aria-hidden: queries look past that.
    const dialog = await screen.findByRole('alertdialog', { hidden: true });
    // Its name: the title it is labelled by.
    expect(document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')).toHaveTextContent(
      /^Deregister SDK0ENRL01\?$/,
    );
    expect(dialog).toHaveTextContent(
      'This device is enrolled in Intune: Autopilot refuses until it is deleted from Intune.',
    );
    expect(screen.getByRole('list', { name: 'Devices to deregister', hidden: true })).toHaveTextContent('SDK0ENRL01');
    await userEvent.click(screen.getByRole('button', { name: 'Deregister 1', hidden: true }));
    const outcomes = await screen.findByTestId('deregister-outcomes');
    await waitFor(() =>
      expect(outcomes).toHaveTextContent(
        'SDK0ENRL01: warning. The device is enrolled in Intune. Next step: Delete the device in Intune',
      ),
    );
    expect(calls.filter((c) => c.channel === 'records:deregister').map((c) => c.request)).toEqual([
      { serials: ['SDK0ENRL01'] },
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Close', hidden: true }));
    await waitFor(() => expect(screen.queryByRole('alertdialog', { hidden: true })).toBeNull());
  }, 15_000);
});
