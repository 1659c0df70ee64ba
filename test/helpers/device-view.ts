import type { DeviceView } from '../../shared/domain/device';

/** A board device with sensible defaults, for tests of the board, the stores and the components. */
export function deviceView(overrides: Partial<DeviceView> = {}): DeviceView {
  return {
    id: 'd1',
    serial: 'PF4XK2QZ',
    manufacturer: 'LENOVO',
    model: '21G2',
    groupTag: 'OD-FINANCE',
    assignedUser: '',
    stage: 'collected',
    stageTimes: { collected: '2026-11-26T10:00:00.000Z' },
    notObservable: [],
    problem: null,
    source: 'csv',
    origin: 'bench.csv',
    warnings: [],
    autopilotDeviceId: null,
    entraDeviceId: null,
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}
