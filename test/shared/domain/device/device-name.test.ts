import { describe, expect, it } from 'vitest';
import { deviceNameProblem, expandNameTemplate, isNameTemplate } from '../../../../shared/domain/device-name';

describe('deviceNameProblem', () => {
  it.each([
    ['FIN-LAPTOP-01', undefined],
    ['A', undefined],
    ['ABCDEFGHIJKLMNO', undefined],
    ['ABCDEFGHIJKLMNOP', 'is 16 characters long (at most 15)'],
    ['', 'is empty'],
    ['FIN LAPTOP', 'contains a space'],
    ['FIN_LAPTOP', 'may contain only letters, digits and hyphens'],
    ['FIN.LAPTOP', 'may contain only letters, digits and hyphens'],
    ['ÅSE-PC', 'may contain only letters, digits and hyphens'],
    ['123456', 'cannot be digits only'],
    ['123-456', undefined],
  ])('%j -> %j', (name, problem) => {
    expect(deviceNameProblem(name)).toBe(problem);
  });
});

describe('name templates', () => {
  it('recognises the two macros in any case', () => {
    expect(isNameTemplate('FIN-%SERIAL%')).toBe(true);
    expect(isNameTemplate('FIN-%rand:4%')).toBe(true);
    expect(isNameTemplate('FIN-LAPTOP')).toBe(false);
    expect(isNameTemplate('FIN-%RAND%')).toBe(false);
  });

  it('puts in the serial and the requested number of digits', () => {
    const digits = [1, 2, 3, 4, 5];
    let next = 0;
    const digit = (): number => digits[next++ % digits.length] ?? 0;
    expect(expandNameTemplate('FIN-%SERIAL%', 'PF4SBX0001', digit)).toBe('FIN-PF4SBX0001');
    expect(expandNameTemplate('KIOSK-%RAND:4%', 'X', digit)).toBe('KIOSK-1234');
    expect(expandNameTemplate('%RAND:2%-%SERIAL%', 'AB1', digit)).toBe('51-AB1');
  });

  it('leaves text without macros alone and can produce a name that is then refused', () => {
    expect(expandNameTemplate('FIN-LAPTOP', 'S', () => 0)).toBe('FIN-LAPTOP');
    const long = expandNameTemplate('FINANCE-%SERIAL%', 'PF4SBX0001', () => 0);
    expect(deviceNameProblem(long)).toBe('is 18 characters long (at most 15)');
  });
});
