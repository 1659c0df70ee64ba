import { describe, expect, it } from 'vitest';
import { hardwareChangeOf, parseSerials, profileStatusWords } from '../../../../shared/domain/tenant-record';

describe('the profile status in the words of the Intune blade', () => {
  it('names every status Graph sends, the misspelt one included', () => {
    expect(profileStatusWords('assignedInSync', 'none')).toBe('Assigned');
    expect(profileStatusWords('assignedOutOfSync', 'none')).toBe(
      'Assigned, syncing with the Autopilot service (not ready for OOBE yet)',
    );
    expect(profileStatusWords('assignedUnkownSyncState', 'none')).toBe(
      'Assigned (sync state with the Autopilot service unknown)',
    );
    expect(profileStatusWords('pending', 'none')).toBe('Assigning (pending)');
    expect(profileStatusWords('notAssigned', 'none')).toBe('Not assigned');
    expect(profileStatusWords('failed', 'none', 'hardwareRequirementsNotMet')).toBe(
      'Assignment failed (hardwareRequirementsNotMet)',
    );
    expect(profileStatusWords('failed', 'none', 'none')).toBe('Assignment failed');
    expect(profileStatusWords('', 'none')).toBe('Unknown');
  });

  it('puts a hardware change first, as the portal does', () => {
    expect(hardwareChangeOf('manualRemediationRequired')).toBe('attention-required');
    expect(hardwareChangeOf('automaticRemediationRequired')).toBe('fix-pending');
    expect(hardwareChangeOf('noRemediationRequired')).toBe('none');
    expect(profileStatusWords('assignedInSync', 'attention-required')).toMatch(/^Attention required: /);
    expect(profileStatusWords('assignedInSync', 'fix-pending')).toMatch(/^Fix pending: /);
  });
});

describe('pasted serials', () => {
  it('splits a column, commas, semicolons, tabs and spaces, and drops repeats whatever their case', () => {
    expect(parseSerials(' PF4SBX0001\r\npf4sbx0001\n5CG4SBX003, JH9SBX0004;\tMS0SBX0006  \n\n')).toEqual([
      'PF4SBX0001',
      '5CG4SBX003',
      'JH9SBX0004',
      'MS0SBX0006',
    ]);
    expect(parseSerials('   ')).toEqual([]);
  });
});
