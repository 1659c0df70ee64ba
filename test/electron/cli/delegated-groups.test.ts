import { describe, expect, it } from 'vitest';
import { delegatedFromFlags } from '../../../electron/cli/delegated';
import { fakeContext } from './fake-context';

describe('signing a person in for register --group', () => {
  it('asks for Group.ReadWrite.All only when static groups are given', () => {
    const withGroups = delegatedFromFlags({ 'device-code': true, group: ['Bench - Loaner pool'] }, fakeContext());
    expect(withGroups?.extraPermissions).toEqual(['Group.ReadWrite.All']);
    const without = delegatedFromFlags({ 'device-code': true }, fakeContext());
    expect(without).toBeDefined();
    expect(without?.extraPermissions).toBeUndefined();
  });
});
