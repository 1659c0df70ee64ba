import { describe, expect, it } from 'vitest';
import type { AutopilotIdentity } from '../../../../electron/core/graph/schemas';
import { ENROLLED_NEXT_STEP, enrolledReason, isEnrolled } from '../../../../electron/core/pipeline/enrolled';

const EMPTY = '00000000-0000-0000-0000-000000000000';

function record(enrollmentState: string, managedDeviceId: string): AutopilotIdentity {
  return {
    id: 'ap-1',
    serialNumber: 'SER1',
    groupTag: '',
    manufacturer: 'HP',
    model: 'X',
    enrollmentState,
    managedDeviceId,
    userPrincipalName: '',
    addressableUserName: '',
    displayName: '',
    azureActiveDirectoryDeviceId: '',
    azureAdDeviceId: '',
    deploymentProfileAssignmentStatus: 'notAssigned',
    deploymentProfileAssignmentDetailedStatus: 'none',
    remediationState: 'noRemediationRequired',
    deploymentProfileAssignedDateTime: null,
    deploymentProfile: null,
    intendedDeploymentProfile: null,
  };
}

describe('isEnrolled: either sign is enough', () => {
  it.each([
    ['enrolled, no managed device', 'enrolled', EMPTY, true],
    ['Enrolled in another case', 'Enrolled', '', true],
    ['a managed device while notContacted', 'notContacted', 'md-7', true],
    ['a managed device with no state at all', '', ' md-7 ', true],
    ['notContacted, the empty GUID', 'notContacted', EMPTY, false],
    ['notContacted, the empty GUID with spaces', 'notContacted', ` ${EMPTY} `, false],
    ['notContacted, no managed device', 'notContacted', '', false],
    ['notContacted, blank managed device', 'notContacted', '   ', false],
    ['no state, no managed device', '', '', false],
  ])('%s', (_name, state, managed, expected) => {
    expect(isEnrolled(record(state, managed))).toBe(expected);
  });
});

describe('what the refusal says', () => {
  it('names the record and the managed device, and the way out', () => {
    expect(enrolledReason(record('enrolled', 'md-7'))).toBe(
      'The existing Autopilot record (ap-1) belongs to a device enrolled in Intune (managed device md-7); Microsoft allows deregistering only devices that are not enrolled.',
    );
    expect(enrolledReason(record('enrolled', ''))).toBe(
      'The existing Autopilot record (ap-1) belongs to a device enrolled in Intune; Microsoft allows deregistering only devices that are not enrolled.',
    );
    expect(ENROLLED_NEXT_STEP).toMatch(/^Delete the device in Intune .* then run again with --replace-existing\./);
  });
});
