import { STAGE_LABELS, type DeviceProblem, type Stage } from '../../../shared/domain/device';
import type { JournalDevice } from '../store/types';
import { problem } from './problems';

const NEXT: Record<string, Stage> = {
  collected: 'imported',
  imported: 'in-group',
  'in-group': 'profile-assigned',
  'profile-assigned': 'ready',
};

/** Longest wait between two reads of a device that is waiting (assignment can take an hour). */
const MAX_READ_INTERVAL_MS = 5 * 60_000;

/**
 * A waiting device is read again after a fifth of the time it has waited so far (never sooner than the poll
 * interval): a change is seen at most 20 % late, and a device that waits 15 minutes for its profile costs about
 * fifteen reads instead of thirty.
 */
export function readInterval(minimum: number, waitedMs: number): number {
  return Math.max(minimum, Math.min(MAX_READ_INTERVAL_MS, Math.round(waitedMs / 5)));
}

/** The stage a device is waiting to reach (the group stage is skipped when it cannot be observed). */
export function waitingFor(device: JournalDevice): Stage | undefined {
  return device.stage === 'imported' && device.notObservable.includes('in-group')
    ? 'profile-assigned'
    : NEXT[device.stage];
}

/** When the device's current stage runs out of time (its limit or the run's deadline), if any. */
export function stageLimitAt(device: JournalDevice): number | null {
  const next = waitingFor(device);
  const limit = next ? device.timeouts[next] : undefined;
  const started = device.stageStartedAt ? Date.parse(device.stageStartedAt) : Number.NaN;
  const times = [
    ...(limit !== undefined && !Number.isNaN(started) ? [started + limit] : []),
    ...(device.deadlineAt ? [Date.parse(device.deadlineAt)] : []),
  ];
  return times.length > 0 ? Math.min(...times) : null;
}

/** The "timed-out" problem of a device whose stage ran out of time at `now`, or null while it has time. */
export function timeoutProblem(device: JournalDevice, now: number): DeviceProblem | null {
  const next = waitingFor(device);
  if (!next || next === 'ready') return null;
  const limit = device.timeouts[next];
  const started = device.stageStartedAt ? Date.parse(device.stageStartedAt) : now;
  const overdue = limit !== undefined && now - started >= limit;
  const deadline = device.deadlineAt ? Date.parse(device.deadlineAt) : null;
  if (!overdue && (deadline === null || now < deadline)) return null;
  const minutes = Math.round((overdue ? limit : now - started) / 60_000);
  const after = `after ${minutes < 1 ? 'less than a minute' : `${minutes} min`}${overdue ? '' : " (the run's time limit was reached)"}`;
  if (device.outOfSyncSince && next === 'profile-assigned') {
    return problem(
      'out-of-sync',
      'profile-assigned',
      `Intune assigned the deployment profile, but it was still not in sync with the Autopilot service ${after}: the device may not get the profile at OOBE.`,
      'In Intune (Devices > Windows > Enrollment > Devices) select Sync, wait until the profile status reads "Assigned", then run the command again to keep following it.',
    );
  }
  const waitingNote = device.statusNote ? ` Last seen: ${device.statusNote}.` : '';
  return problem(
    'timeout',
    next,
    `Not "${STAGE_LABELS[next]}" ${after}.${waitingNote}`,
    next === 'imported'
      ? 'Check Intune > Windows enrollment > Devices for the serial; run the command again later to keep following it.'
      : next === 'in-group'
        ? "Check the dynamic group's rule and its processing state in Entra; large tenants can take 30 minutes or more."
        : "Check the deployment profile's assignment to the tag's group in Intune; assignment can take an hour. Run the command again to keep following it.",
  );
}
