import { describe, expect, it } from 'vitest';
import {
  deviceNameProblem,
  expandNameTemplate,
  isNameTemplate,
  nameRequestProblem,
} from '../../../../shared/domain/device-name';

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

describe('nameRequestProblem', () => {
  it('accepts a fixed name for one device and refuses it for several', () => {
    expect(nameRequestProblem('FIN-LAPTOP-01', 1)).toBeUndefined();
    expect(nameRequestProblem('FIN-LAPTOP-01', 3)).toBe(
      'Device name "FIN-LAPTOP-01" is one device\'s name: for 3 devices use a template with %SERIAL% or %RAND:x% (e.g. "FIN-LAPT-%RAND:4%").',
    );
  });

  it('refuses a bad fixed name with the rule it breaks', () => {
    expect(nameRequestProblem('FIN_LAPTOP', 1)).toBe(
      'Device name "FIN_LAPTOP" may contain only letters, digits and hyphens.',
    );
    expect(nameRequestProblem('12345', 1)).toBe('Device name "12345" cannot be digits only.');
  });

  it('checks a template with its macros at their shortest', () => {
    expect(nameRequestProblem('FIN-%SERIAL%', 40)).toBeUndefined();
    expect(nameRequestProblem('KIOSK-%RAND:4%', 40)).toBeUndefined();
    expect(nameRequestProblem('FINANCE-%RAND:8%', 2)).toBe(
      'Name template "FINANCE-%RAND:8%" gives names of at least 16 characters (at most 15).',
    );
    expect(nameRequestProblem('%RAND:6%', 2)).toBe(
      'Name template "%RAND:6%": the names it gives cannot be digits only.',
    );
    expect(nameRequestProblem('FIN_%SERIAL%', 2)).toBe(
      'Name template "FIN_%SERIAL%": the names it gives may contain only letters, digits and hyphens.',
    );
    expect(nameRequestProblem('FIN-%RAND:0%', 2)).toBe(
      'Name template "FIN-%RAND:0%": %RAND:x% needs at least one digit.',
    );
  });
});
