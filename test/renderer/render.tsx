import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, type RenderResult } from '@testing-library/react';
import type { DeviceView } from '../../shared/domain/device';

/** Renders inside the app's theme provider, as main.tsx does. */
export function renderInTheme(ui: React.ReactElement): RenderResult {
  return render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);
}

/** A board device with sensible defaults. */
export function boardDevice(overrides: Partial<DeviceView> = {}): DeviceView {
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
