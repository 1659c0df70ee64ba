import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../../shared/ipc/device-schemas';
import { ImportReportTable } from '../../../../renderer/features/import/ImportReportTable';
import { renderInTheme } from '../../render';

const REPORT: ImportReport = {
  importId: 'i1',
  fileName: 'bench.csv',
  encoding: 'utf-16le',
  counts: { rows: 4, ok: 1, warned: 1, invalid: 1 },
  fileProblems: [],
  rows: [
    {
      line: 2,
      serial: 'PF4XK2QZ',
      status: 'ok',
      problems: [],
      manufacturer: 'LENOVO',
      model: '21G2',
      groupTag: 'OD-RETAIL',
      assignedUser: '',
      onBoard: false,
    },
    {
      line: 3,
      serial: 'VM0001',
      status: 'warning',
      problems: [{ severity: 'warning', code: 'virtual-machine', message: 'This is a virtual machine.' }],
      manufacturer: 'Microsoft Corporation',
      model: 'Virtual Machine',
      groupTag: '',
      assignedUser: '',
      onBoard: false,
    },
    {
      line: 4,
      serial: 'PF4XK2QZ',
      status: 'invalid',
      problems: [{ severity: 'error', code: 'duplicate', message: 'Same device as line 2 (serial and UUID).' }],
      manufacturer: '',
      model: '',
      groupTag: '',
      assignedUser: '',
      onBoard: false,
    },
    {
      line: 5,
      serial: 'ALREADY1',
      status: 'ok',
      problems: [],
      manufacturer: 'HP',
      model: 'EliteBook',
      groupTag: '',
      assignedUser: '',
      onBoard: true,
    },
  ],
};

describe('the import report', () => {
  it('shows every row with its line, serial and verdict, rows that need a look first', () => {
    renderInTheme(<ImportReportTable report={REPORT} />);
    const rows = screen.getAllByTestId('import-row');
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]?.textContent)).toEqual(['4', '3', '2', '5']);
    expect(rows.map((row) => row.getAttribute('data-status'))).toEqual(['invalid', 'warning', 'ok', 'ok']);
    expect(within(rows[2]!).getByText('To add')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('LENOVO 21G2')).toBeInTheDocument();
  });

  it('shows the tag each row will get: its own, or the picked one', () => {
    renderInTheme(<ImportReportTable report={REPORT} pickedTag="OD-FINANCE" />);
    const tagOf = (line: string): string | null | undefined =>
      screen
        .getAllByTestId('import-row')
        .find((row) => within(row).getAllByRole('cell')[0]?.textContent === line)
        ?.querySelectorAll('td')[3]?.textContent;
    expect(tagOf('2')).toBe('OD-RETAIL');
    expect(tagOf('3')).toBe('OD-FINANCE (picked)');
    expect(tagOf('4')).toBe('—');
  });

  it('names the problem of each bad row and keeps warnings apart from errors', () => {
    renderInTheme(<ImportReportTable report={REPORT} />);
    const [invalid, warned, , onBoard] = screen.getAllByTestId('import-row');
    expect(within(warned!).getByText('To add, with warning')).toBeInTheDocument();
    expect(within(warned!).getByText('This is a virtual machine.')).toBeInTheDocument();
    expect(within(invalid!).getByText('Cannot be added')).toBeInTheDocument();
    expect(within(invalid!).getByText('Same device as line 2 (serial and UUID).')).toBeInTheDocument();
    expect(within(onBoard!).getByText('Already on the board')).toBeInTheDocument();
    expect(
      within(onBoard!).getByText('Already on the board: skipped, the board keeps one row per device.'),
    ).toBeInTheDocument();
  });

  it('can be scrolled from the keyboard and is named after the file', () => {
    renderInTheme(<ImportReportTable report={REPORT} />);
    const region = screen.getByRole('region', { name: 'Report on bench.csv' });
    expect(region).toHaveAttribute('tabindex', '0');
  });
});
