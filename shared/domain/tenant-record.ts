/**
 * A device's Autopilot record as the tenant holds it, whether or not this console registered it: what the
 * service desk looks up, shows (in the words of the Intune "Windows Autopilot devices" blade) and acts on.
 */
import { z } from 'zod';

/** A profile or group named by the tenant. */
export const NamedRef = z.object({ id: z.string(), name: z.string() });
/** A profile or group named by the tenant. */
export type NamedRef = z.infer<typeof NamedRef>;

/** The hardware-change state of a record (beta `remediationState`, field notes B10). */
export const HardwareChange = z.enum(['none', 'fix-pending', 'attention-required']);
/** The hardware-change state of a record. */
export type HardwareChange = z.infer<typeof HardwareChange>;

/** One Autopilot record of the tenant. */
export const TenantRecord = z.object({
  /** The record's id (windowsAutopilotDeviceIdentity). */
  id: z.string(),
  serialNumber: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  groupTag: z.string(),
  assignedUser: z.string(),
  deviceName: z.string(),
  /** Graph's deploymentProfileAssignmentStatus, as sent. */
  profileStatus: z.string(),
  /** The profile status in words, hardware-change states first (as the portal shows them). */
  profileStatusText: z.string(),
  hardwareChange: HardwareChange,
  assignedProfile: NamedRef.nullable(),
  assignedAt: z.string().nullable(),
  intendedProfile: NamedRef.nullable(),
  /** The tag -> group -> profile chain of the record's tag (null when it could not be read). */
  chain: z.object({ groups: z.array(NamedRef), profile: NamedRef.nullable(), viaAllDevices: z.boolean() }).nullable(),
  /** Why the record has (or will have) the profile it has, in plain words. */
  why: z.array(z.string()),
  enrollmentState: z.string(),
  /** Enrolled in Intune: deregistering and replacing are refused (field notes B17). */
  enrolled: z.boolean(),
  managedDeviceId: z.string(),
  /** The Entra device's deviceId. */
  entraDeviceId: z.string(),
  /** Groups the Entra device is a member of; null when they could not be read (entraNote says why). */
  entraGroups: z.array(NamedRef).nullable(),
  entraNote: z.string().nullable(),
  lastContactedAt: z.string().nullable(),
});
/** One Autopilot record of the tenant. */
export type TenantRecord = z.infer<typeof TenantRecord>;

/** What a look-up of one serial found: no record, one, or several (a serial shared by more than one device). */
export const LookupResult = z.object({ serial: z.string(), records: z.array(TenantRecord) });
/** What a look-up of one serial found. */
export type LookupResult = z.infer<typeof LookupResult>;

/** The outcome of one action on one serial. */
export const RecordActionResult = z.object({
  serial: z.string(),
  outcome: z.enum(['done', 'refused', 'not-found', 'failed', 'timed-out']),
  /** What happened, in plain words. */
  message: z.string(),
  nextStep: z.string().nullable(),
  /** The record as read back after the action (a change), when there is one. */
  record: TenantRecord.nullable(),
});
/** The outcome of one action on one serial. */
export type RecordActionResult = z.infer<typeof RecordActionResult>;

/** The answer to a request for an Autopilot sync. */
export const SyncAnswer = z.object({
  outcome: z.enum(['started', 'busy', 'too-soon']),
  message: z.string(),
  /** When the next sync is allowed (the 10-minute rule, field notes B4); null when now. */
  nextAllowedAt: z.string().nullable(),
});
/** The answer to a request for an Autopilot sync. */
export type SyncAnswer = z.infer<typeof SyncAnswer>;

/** The new values of a change; an absent field keeps the record's own. */
export const RecordChange = z.object({
  groupTag: z.string().max(128).optional(),
  assignedUser: z.string().max(256).optional(),
  deviceName: z.string().max(64).optional(),
});
/** The new values of a change. */
export type RecordChange = z.infer<typeof RecordChange>;

/** The profile status in the words of the Intune blade, hardware-change states first. */
export function profileStatusWords(status: string, hardwareChange: HardwareChange, detail = ''): string {
  if (hardwareChange === 'attention-required')
    return 'Attention required: hardware change detected, replace the hash (deregister, then register again)';
  if (hardwareChange === 'fix-pending') return 'Fix pending: hardware change detected, Autopilot re-registers it';
  switch (status.toLowerCase()) {
    case 'assignedinsync':
      return 'Assigned';
    case 'assignedoutofsync':
      return 'Assigned, syncing with the Autopilot service (not ready for OOBE yet)';
    case 'assignedunkownsyncstate':
    case 'assignedunknownsyncstate':
      return 'Assigned (sync state with the Autopilot service unknown)';
    case 'pending':
      return 'Assigning (pending)';
    case 'notassigned':
      return 'Not assigned';
    case 'failed':
      return `Assignment failed${detail && detail !== 'none' ? ` (${detail})` : ''}`;
    default:
      return 'Unknown';
  }
}

/** The hardware-change state of a beta remediationState value. */
export function hardwareChangeOf(remediationState: string): HardwareChange {
  const state = remediationState.toLowerCase();
  if (state === 'manualremediationrequired') return 'attention-required';
  if (state === 'automaticremediationrequired') return 'fix-pending';
  return 'none';
}

/** Splits pasted text into serials: one per line, or separated by commas, semicolons, tabs or spaces. */
export function parseSerials(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    const serial = part.trim();
    if (!serial || seen.has(serial.toUpperCase())) continue;
    seen.add(serial.toUpperCase());
    out.push(serial);
  }
  return out;
}
