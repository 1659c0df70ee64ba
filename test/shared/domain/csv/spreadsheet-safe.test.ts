import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ActivityLog } from '../../../../electron/core/application/activity-log';
import { boardCsv } from '../../../../electron/core/application/device-reports';
import { spreadsheetSafe } from '../../../../shared/domain/csv/spreadsheet-safe';
import { deviceView } from '../../../helpers/device-view';

/** Cells a spreadsheet would run as formulas (OWASP's list, hidden behind blanks, and full-width forms). */
const DANGEROUS = [
  '=1+1',
  '+1',
  '-1+1',
  '@SUM(A1)',
  '\t=1',
  '\r=1',
  ' =1',
  '  +cmd',
  '\n=HYPERLINK("x")',
  '\r\n@x',
  '＝1+1',
  '＋1',
  '－1',
  '＠SUM(A1)',
  '\u3000＝1',
  '\u00a0=1',
  '﹦1',
];
const HARMLESS = ['PF4SBX0001', 'OD-FINANCE', 'a=b', 'Ready for OOBE', '', "it's"];

describe('spreadsheetSafe (OWASP CSV injection)', () => {
  it.each(DANGEROUS)('prefixes %j with a single quote', (value) => {
    expect(spreadsheetSafe(value)).toBe(`'${value}`);
  });

  it.each(HARMLESS)('leaves %j as it is', (value) => {
    expect(spreadsheetSafe(value)).toBe(value);
  });
});

describe('exports', () => {
  it('guard and quote every cell of the activity log', () => {
    const log = ActivityLog.inMemory({ actor: '=cmd|x', now: () => 0 });
    for (const value of DANGEROUS)
      log.add({ action: 'Note', serial: value, groupTag: value, outcome: 'info', detail: value });
    const csv = log.toCsv();
    const rows: string[][] = parse(csv, { relax_quotes: false });
    for (const [index, value] of DANGEROUS.entries()) {
      const row = rows[index + 1] ?? [];
      expect(row[2]).toBe("'=cmd|x");
      expect([row[4], row[5], row[7]]).toEqual([`'${value}`, `'${value}`, `'${value}`]);
    }
    // Every cell quoted, plain ones too.
    expect(csv.startsWith('"Time","Tenant","Who","Action","Serial","Group tag","Outcome","Detail"\r\n"')).toBe(true);
    expect(csv).toContain('"Note","\'=1+1","\'=1+1","info","\'=1+1"\r\n');
  });

  it('guard and quote every cell of the device report', () => {
    const devices = DANGEROUS.map((value, i) =>
      deviceView({
        id: `d${i}`,
        serial: value,
        manufacturer: value,
        model: value,
        groupTag: value,
        assignedUser: value,
      }),
    );
    const rows: string[][] = parse(boardCsv(devices));
    for (const [index, value] of DANGEROUS.entries()) {
      expect(rows[index + 1]?.slice(0, 5)).toEqual(Array(5).fill(`'${value}`));
    }
  });
});
