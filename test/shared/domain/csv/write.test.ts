import { describe, expect, it } from 'vitest';
import { formatIntuneCsv, INTUNE_CSV_HEADER } from '../../../../shared/domain/csv/write';
import { csvValueProblem } from '../../../../shared/domain/csv/values';
import { fixtureHash } from '../../../fixtures/hashes';

const hash = fixtureHash();

describe('formatIntuneCsv', () => {
  it('writes the exact header, CRLF, no quotes, empty optional columns', () => {
    const out = formatIntuneCsv([
      { serial: 'A1', hardwareHash: hash },
      {
        serial: 'B2',
        productId: '3305404496774',
        hardwareHash: hash,
        groupTag: 'OD-FINANCE',
        assignedUser: 'a@contoso.com',
      },
    ]);
    expect(out).toEqual({
      ok: true,
      files: [`${INTUNE_CSV_HEADER}\r\nA1,,${hash},,\r\nB2,3305404496774,${hash},OD-FINANCE,a@contoso.com\r\n`],
    });
  });

  it('splits at 500 rows per file', () => {
    const rows = Array.from({ length: 1001 }, (_, i) => ({ serial: `S${i}`, hardwareHash: hash }));
    const out = formatIntuneCsv(rows);
    if (!out.ok) throw new Error('refused');
    expect(out.files.map((file) => file.split('\r\n').length - 2)).toEqual([500, 500, 1]);
    expect(out.files.every((file) => file.startsWith(`${INTUNE_CSV_HEADER}\r\n`))).toBe(true);
  });

  it('writes a header-only file for no rows', () => {
    expect(formatIntuneCsv([])).toEqual({ ok: true, files: [`${INTUNE_CSV_HEADER}\r\n`] });
  });

  it.each([
    ['groupTag', 'OD,FINANCE', 'Group Tag contains a comma'],
    ['groupTag', 'OD"X', 'Group Tag contains a quotation mark'],
    ['assignedUser', 'a@b.com\r\n', 'Assigned User contains a line break'],
    ['groupTag', '=cmd()', 'Group Tag starts with "="'],
    ['groupTag', '+1', 'Group Tag starts with "+"'],
    ['groupTag', '-1', 'Group Tag starts with "-"'],
    ['assignedUser', '@evil', 'Assigned User starts with "@"'],
    ['productId', 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY', 'Windows Product ID is a Windows product key'],
    ['serial', '', 'Device Serial Number is empty'],
    ['hardwareHash', '', 'Hardware Hash is empty'],
    ['groupTag', 'B\u00fcro', 'Group Tag contains a non-ASCII character'],
  ])('refuses %s %j and names the row', (key, value, message) => {
    const out = formatIntuneCsv([
      { serial: 'GOOD', hardwareHash: hash },
      { serial: 'BAD1', hardwareHash: hash, [key]: value },
    ]);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.refusals).toHaveLength(1);
    expect(out.refusals[0]).toMatchObject({ row: 2, serial: key === 'serial' ? '' : 'BAD1' });
    expect(out.refusals[0]?.message.startsWith(message)).toBe(true);
  });
});

describe('csvValueProblem', () => {
  it('accepts ordinary values', () => {
    for (const value of ['OD-FINANCE', 'user@contoso.com', '3305404496774', 'PF4XK2QZ', hash]) {
      expect(csvValueProblem(value)).toBeNull();
    }
  });
});
