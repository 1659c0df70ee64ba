import type { AutopilotIdentity } from '../graph/schemas';

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** True when the Autopilot record belongs to a device enrolled in Intune (Microsoft: delete it from Intune first). */
export function isEnrolled(identity: AutopilotIdentity): boolean {
  const managed = identity.managedDeviceId.trim();
  return identity.enrollmentState.toLowerCase() === 'enrolled' || (managed !== '' && managed !== EMPTY_GUID);
}

/** The reason a deregistration is refused for an enrolled device. */
export function enrolledReason(identity: AutopilotIdentity): string {
  return `The existing Autopilot record (${identity.id}) belongs to a device enrolled in Intune${identity.managedDeviceId ? ` (managed device ${identity.managedDeviceId})` : ''}; Microsoft allows deregistering only devices that are not enrolled.`;
}

/** What to do about an enrolled device. */
export const ENROLLED_NEXT_STEP =
  'Delete the device in Intune (Devices > Windows) first, then run again with --replace-existing. Do not delete the Entra device object by hand.';
