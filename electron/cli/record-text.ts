import type { RecordActionResult, TenantRecord } from '../../shared/domain/tenant-record';

const none = (value: string): string => value || '(none)';

/** A record as lines of text, in the order of the Intune "Windows Autopilot devices" blade. */
export function recordLines(record: TenantRecord): string[] {
  const profile = record.assignedProfile
    ? `${record.assignedProfile.name}${record.assignedAt ? ` (assigned ${record.assignedAt})` : ''}`
    : '(none)';
  const intended =
    record.intendedProfile && record.intendedProfile.id !== record.assignedProfile?.id
      ? record.intendedProfile.name
      : null;
  const groups =
    record.entraGroups === null
      ? (record.entraNote ?? 'not read')
      : record.entraGroups.map((group) => group.name).join(', ') || '(none)';
  return [
    `${record.serialNumber}  ${record.manufacturer} ${record.model}  (record ${record.id})`,
    `  group tag       ${none(record.groupTag)}`,
    `  assigned user   ${none(record.assignedUser)}`,
    `  device name     ${none(record.deviceName)}`,
    `  profile status  ${record.profileStatusText}`,
    `  profile         ${profile}`,
    ...(intended ? [`  intended        ${intended}`] : []),
    ...record.why.map((line, index) => `  ${index === 0 ? 'why' : '   '}             ${line}`),
    `  enrollment      ${record.enrollmentState}${record.enrolled ? ' (enrolled in Intune: deregistering and replacing are refused)' : ''}`,
    `  Entra device    ${none(record.entraDeviceId)}`,
    `  Entra groups    ${groups}`,
    `  last contact    ${record.lastContactedAt ?? 'never'}`,
  ];
}

/** One action's outcome as a line of text (and its next step). */
export function actionLines(result: RecordActionResult): string[] {
  return [
    `${result.serial}: ${result.outcome}: ${result.message}`,
    ...(result.nextStep ? [`  next: ${result.nextStep}`] : []),
  ];
}
