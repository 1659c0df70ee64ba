import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TenantRecord } from '../../../../shared/domain/tenant-record';
import type { DesktopApi } from '../../../../shared/ipc/contract';
import { RecordActions } from '../../../../renderer/features/lookup/RecordActions';
import { AssignDialog } from '../../../../renderer/features/register/AssignDialog';
import { describeDeviceName } from '../../../../renderer/features/register/DeviceNameField';
import { devicesStore, recordsStore } from '../../../../renderer/stores';
import { deviceView } from '../../../helpers/device-view';
import { renderInTheme } from '../../render';

const RECORD: TenantRecord = {
  id: 'rec-1',
  serialNumber: 'PF4SBX0001',
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
  enrollmentState: 'notContacted',
  enrolled: false,
  managedDeviceId: '',
  entraDeviceId: '',
  entraGroups: null,
  entraNote: null,
  lastContactedAt: null,
};

describe('the device name field: one rule for registering, changing and the CLI', () => {
  it('accepts an empty name and a valid one', () => {
    expect(describeDeviceName('', ['PF4SBX0001']).problem).toBeNull();
    expect(describeDeviceName('FIN-0001', ['PF4SBX0001']).problem).toBeNull();
  });

  it('tries a template on every serial, and asks several devices for a template', () => {
    expect(describeDeviceName('FINANCE-%SERIAL%', ['PF4S', 'PF4SBX0001']).problem).toBe(
      'For serial PF4SBX0001 the name would be "FINANCE-PF4SBX0001", which is 18 characters long (at most 15): shorten the template.',
    );
    expect(describeDeviceName('FIN-%RAND:5%', ['PF4SBX0001', 'PF4SBX0002']).problem).toBeNull();
    expect(describeDeviceName('FIN-0001', ['PF4SBX0001', 'PF4SBX0002']).problem).toMatch(
      /^Device name "FIN-0001" is one device's name: for 2 devices use a template/,
    );
    expect(describeDeviceName('12345', ['PF4SBX0001']).problem).toBe('Device name "12345" cannot be digits only.');
    expect(describeDeviceName('FIN-%RAND:0%', ['PF4SBX0001']).problem).toBe(
      'Name template "FIN-%RAND:0%": %RAND:x% needs at least one digit.',
    );
  });
});

describe('changing a name applies the same rule as registering', () => {
  beforeEach(() => {
    const api = {
      invoke: () => Promise.resolve({ ok: true, value: { tags: [], lastUsed: null, note: null } }),
      on: () => () => undefined,
    } as unknown as DesktopApi;
    Object.assign(window, { api });
    recordsStore.setState({ busy: null });
  });

  it('refuses %RAND:0% for a record looked up in the tenant', async () => {
    renderInTheme(<RecordActions record={RECORD} />);
    await userEvent.click(screen.getByRole('button', { name: 'Change tag, user or name…' }));
    // In jsdom the focus manager marks a dialog opened after the first render aria-hidden: queries look past that.
    fireEvent.change(await screen.findByRole('textbox', { name: /Device name/, hidden: true }), {
      target: { value: 'FIN-%RAND:0%' },
    });
    await screen.findByText('Name template "FIN-%RAND:0%": %RAND:x% needs at least one digit.');
    expect(screen.getByRole('button', { name: 'Apply', hidden: true })).toBeDisabled();
  }, 15_000);

  it('tries a template on the serial inside the hash when changing board devices', async () => {
    const device = deviceView({ id: 'd1', serial: 'A1', hashSerial: 'PF4SBX00000001', autopilotDeviceId: 'ap-1' });
    devicesStore.setState({ byId: { d1: device }, order: ['d1'] });
    renderInTheme(<AssignDialog mode="update" ids={['d1']} initialTag="" onClose={() => undefined} />);
    fireEvent.change(screen.getByRole('textbox', { name: /Device name/ }), { target: { value: 'FIN-%SERIAL%' } });
    await screen.findByText(/For serial PF4SBX00000001 the name would be "FIN-PF4SBX00000001"/);
    expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled();
    fireEvent.change(screen.getByRole('textbox', { name: /Device name/ }), { target: { value: 'FIN-%RAND:0%' } });
    await screen.findByText('Name template "FIN-%RAND:0%": %RAND:x% needs at least one digit.');
    expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled();
  }, 15_000);
});
