import { STAGES, isTerminal, type Stage } from '../../../shared/domain/device';
import type { Clock } from '../clock';
import type { Journal } from '../store/journal';
import type { JournalDevice } from '../store/types';

/**
 * Where the follower stands with one device: the one place its journal fields are read to decide what
 * happens next. Every field combination maps to exactly one phase (see phase.test.ts).
 */
export type Phase =
  /** Not being followed (queued, or given up on), or terminal. */
  | 'idle'
  /** Reached the stage its registration waits for. */
  | 'done'
  /** Look the serial up in the tenant before uploading anything. */
  | 'lookup'
  /** Replacing: the old record was deleted; wait until the tenant no longer lists it before importing. */
  | 'replace-wait'
  /** Nothing found (or the old record is gone): upload the hash. */
  | 'upload'
  /** An upload was sent but its outcome is unknown (crash, lost answer): settle before anything else. */
  | 'in-doubt'
  /** An upload must wait before it is sent again (a deletion still pending: 806 meanwhile). */
  | 'upload-later'
  /** The import record is being processed (unknown/pending). */
  | 'importing'
  /** An existing record's tag or user was changed: wait until the new values read back. */
  | 'read-back'
  /** Imported (or found): wait until the registered device is listed with the device's tag. */
  | 'identity'
  /** Registered: wait for the dynamic group to pick the device up. */
  | 'group'
  /** In the group (or the group cannot be observed): wait for the tag's profile, assigned and in sync. */
  | 'profile';

/** True when the device has reached the stage its registration waits for. */
export function reachedTarget(device: JournalDevice): boolean {
  if (device.target === null || isTerminal(device.stage)) return false;
  return STAGES.indexOf(device.stage as Stage) >= STAGES.indexOf(device.target);
}

const TERMINAL_IMPORT = new Set(['complete', 'error']);

/** The phase of a device, from its journal record alone. */
export function phaseOf(device: JournalDevice, now: number): Phase {
  if (device.target === null || isTerminal(device.stage)) return 'idle';
  if (reachedTarget(device)) return 'done';
  if (device.stage === 'in-group') return 'profile';
  if (device.stage === 'imported' || device.stage === 'profile-assigned')
    return device.notObservable.includes('in-group') || device.stage === 'profile-assigned' ? 'profile' : 'group';
  // Hash collected: the upload side.
  if (device.importIntentAt && !device.importRecordId) return 'in-doubt';
  if (device.importRecordId && !TERMINAL_IMPORT.has(device.importStatus ?? '')) return 'importing';
  // Registered again with another tag or user: look the record up again and update it (latest intent wins).
  if (device.retagSince && !device.lookedUpAt) return 'lookup';
  if (device.importStatus === 'complete') return 'identity';
  if (device.autopilotDeviceId) return device.propertiesChangedAt ? 'read-back' : 'identity';
  if (device.uploadAfter && Date.parse(device.uploadAfter) > now) return 'upload-later';
  if (device.lookedUpAt) return 'upload';
  if (device.replacedRecordId) return 'replace-wait';
  return 'lookup';
}

/** Groups devices by phase. */
export function byPhase(devices: JournalDevice[], now: number): Map<Phase, JournalDevice[]> {
  const out = new Map<Phase, JournalDevice[]>();
  for (const device of devices) {
    const phase = phaseOf(device, now);
    out.set(phase, [...(out.get(phase) ?? []), device]);
  }
  return out;
}

/**
 * The one way a device moves to a later stage: stamps the time, starts the new stage's clock, clears the
 * notes of the stage it leaves; "profile-assigned" becomes "ready" at once when the run waits for ready.
 */
export function advance(
  journal: Journal,
  clock: Clock,
  device: JournalDevice,
  stage: Stage,
  extra: Partial<JournalDevice> = {},
): JournalDevice {
  // Moved meanwhile (registered again while a check awaited Graph): what the check saw no longer holds.
  const current = journal.get(device.key);
  if (current && (current.stage !== device.stage || current.stageStartedAt !== device.stageStartedAt)) return current;
  const at = new Date(clock.now()).toISOString();
  const moved = journal.update(device.key, {
    ...extra,
    stage,
    stageTimes: { ...device.stageTimes, [stage]: at },
    stageStartedAt: at,
    statusNote: null,
  });
  // Listeners see "profile assigned" before "ready", both at the same time.
  if (stage !== 'profile-assigned' || moved.target !== 'ready') return moved;
  return journal.update(device.key, { stage: 'ready', stageTimes: { ...moved.stageTimes, ready: at } });
}
