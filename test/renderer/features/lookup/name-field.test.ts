import { describe, expect, it } from 'vitest';
import { nameProblem } from '../../../../renderer/features/lookup/NameField';

describe('the device name field', () => {
  it('accepts an empty name (unchanged) and a valid one', () => {
    expect(nameProblem('', 'PF4SBX0001')).toBeNull();
    expect(nameProblem('FIN-0001', 'PF4SBX0001')).toBeNull();
  });

  it('checks a template on the longest serial, and asks several devices for a template', () => {
    expect(nameProblem('FINANCE-%SERIAL%', 'PF4SBX0001', true)).toBe(
      'For PF4SBX0001 this gives "FINANCE-PF4SBX0001", which is 18 characters long (at most 15).',
    );
    expect(nameProblem('FIN-%RAND:5%', 'PF4SBX0001', true)).toBeNull();
    expect(nameProblem('FIN-0001', 'PF4SBX0001', true)).toBe(
      'Several devices cannot share one name: use %SERIAL% or %RAND:x%.',
    );
    expect(nameProblem('12345', 'PF4SBX0001')).toBe('The name cannot be digits only.');
  });
});
