/**
 * The latest intent wins for a device still being followed: registering it again with another group tag, user or
 * device name (a mistyped tag corrected) changes what the device is followed to, instead of keeping the old values until
 * they time out.
 */
import type { JournalDevice } from '../store/types';
import type { PreparedDevice } from './prepare';

/** True when the tenant's record already got (or gets) the device's tag and user from an upload or an update. */
function reachedTenant(device: JournalDevice): boolean {
  return (
    device.importIntentAt !== null ||
    device.importRecordId !== null ||
    device.autopilotDeviceId !== null ||
    device.stage !== 'collected'
  );
}

/**
 * The journal change that makes an in-flight device follow a new tag and/or user (empty when they are the same).
 * Not uploaded yet: the upload carries the new values. Uploaded or registered: the device goes back to "Hash
 * collected" and is looked up again ('retag' phase), so the registered record is updated (updateDeviceProperties)
 * and followed to the read-back, and its group and profile are then checked against the new tag.
 */
export function retagInFlight(
  device: JournalDevice,
  input: PreparedDevice['input'],
  at: string,
): Partial<JournalDevice> {
  // Always set by prepareDevices: an empty tag or user is the new intent, not "keep the old one".
  const { groupTag, assignedUser } = input;
  // A registration without a name keeps the one asked before: Autopilot has no "no name" to go back to.
  const deviceName = input.deviceName ?? device.deviceName;
  const tagChanged = groupTag.trim() !== device.groupTag.trim();
  const userChanged = assignedUser.trim().toLowerCase() !== device.assignedUser.trim().toLowerCase();
  // Names compare as Windows does (case-insensitive).
  const nameChanged = (deviceName ?? '').toLowerCase() !== (device.deviceName ?? '').toLowerCase();
  if (!tagChanged && !userChanged && !nameChanged) return {};
  const values = { groupTag, assignedUser, ...(deviceName !== undefined ? { deviceName } : {}) };
  if (!reachedTenant(device)) return values;
  const changed = [
    tagChanged ? `tag "${groupTag}"` : '',
    userChanged ? `user "${assignedUser || '(none)'}"` : '',
    nameChanged ? `name "${deviceName ?? ''}"` : '',
  ].filter(Boolean);
  return {
    ...values,
    stage: 'collected',
    stageTimes: { collected: device.stageTimes.collected ?? at },
    stageStartedAt: at,
    problem: null,
    // Checks skipped for the old tag (no group selects it) are made again for the new one.
    notObservable: [],
    skippedChecks: [],
    retagSince: at,
    lookedUpAt: null,
    propertiesChangedAt: null,
    awaitingIdentitySince: null,
    outOfSyncSince: null,
    statusNote: `registered again with ${changed.slice(0, -1).join(', ')}${changed.length > 1 ? ' and ' : ''}${changed.at(-1) ?? ''}: updating the tenant's record`,
  };
}
