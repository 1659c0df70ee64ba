import { describe, expect, it } from 'vitest';
import { createCsvRowChecker } from '../../../../shared/domain/csv/row-checker';
import { FIXTURE_NOW_MS, numberedHash } from '../../../fixtures/hashes';

const now = FIXTURE_NOW_MS;

describe('createCsvRowChecker', () => {
  it('finds the header after a title and a #TYPE line, then checks rows by column name', () => {
    const checker = createCsvRowChecker({ now });
    const d = numberedHash(1);
    expect(checker.push(['#TYPE System.Management.Automation.PSCustomObject'], 1)).toBeNull();
    expect(checker.push(['Autopilot devices'], 2)).toBeNull();
    expect(checker.push(['Hardware Hash', 'Device Serial Number', 'Group Tag'], 3)).toBeNull();
    const report = checker.push([d.hash, d.serial, 'OD-KIOSK'], 4);
    expect(report).toMatchObject({
      line: 4,
      serial: d.serial,
      status: 'ok',
      device: { groupTag: 'OD-KIOSK', uuid: '4C4C4544-0000-0000-0000-000000000001' },
    });
    expect(checker.shape()).toMatchObject({
      variant: 'custom',
      ignoredRows: 2,
      columns: { hardwareHash: 0, serial: 1, groupTag: 2 },
    });
  });

  it('keeps nothing per row but what duplicate detection needs', () => {
    const checker = createCsvRowChecker({ now });
    checker.push(['Device Serial Number', 'Windows Product ID', 'Hardware Hash'], 1);
    const d = numberedHash(1);
    expect(checker.push([d.serial, '', d.hash], 2)?.status).toBe('ok');
    expect(checker.push([d.serial.toLowerCase(), '', d.hash], 3)?.problems.map((p) => p.code)).toEqual(['duplicate']);
  });

  it('reports Partner make/model that differ from the hash', () => {
    const checker = createCsvRowChecker({ now });
    checker.push(
      ['Device serial number', 'Windows product ID', 'Hardware hash', 'Manufacturer name', 'Device Model'],
      1,
    );
    const d = numberedHash(1);
    expect(checker.push([d.serial, '', d.hash, 'HP', 'EliteBook'], 2)?.problems.map((p) => p.code)).toEqual([
      'make-model-mismatch',
    ]);
    const tuple = checker.push(['SN9', '', '', 'Microsoft Corporation', 'Surface Laptop'], 3);
    expect(tuple).toMatchObject({ status: 'invalid', problems: [{ code: 'missing-hash' }] });
    expect(tuple?.problems[0]?.message).toMatch(/Partner Center/);
  });

  it('treats every row after a blank line that holds no hash as trailing notes', () => {
    const checker = createCsvRowChecker({ now });
    checker.push(['Device Serial Number', 'Windows Product ID', 'Hardware Hash'], 1);
    const d = numberedHash(1);
    checker.push([d.serial, '', d.hash], 2);
    expect(checker.push(['', '', ''], 3)).toBeNull();
    expect(checker.push(['Questions?', 'call', 'IT'], 4)).toBeNull();
    const late = numberedHash(2);
    expect(checker.push([late.serial, '', late.hash], 5)?.status).toBe('ok');
    expect(checker.shape().ignoredRows).toBe(1);
  });
});
