import { STAGE_LABELS, type DeviceProblem, type Stage } from '../../../shared/domain/device';
import { GraphError } from '../graph/errors';
import type { JournalDevice } from '../store/types';
import type { FollowerOptions } from './follower';
import { phaseOf } from './phase';
import { problem } from './problems';

const NEXT: Record<string, Stage> = {
  collected: 'imported',
  imported: 'in-group',
  'in-group': 'profile-assigned',
  'profile-assigned': 'ready',
};
const SYNC_INTERVAL_MS = 10 * 60_000;

/** Ends a device's run at a failure. */
function fail(o: FollowerOptions, device: JournalDevice, stage: 'failed' | 'timed-out', reason: DeviceProblem): void {
  o.journal.update(device.key, { stage, problem: reason, target: null });
}

/**
 * At most one Autopilot sync per 10 minutes, tenant-wide, and only when a device is late: imported but still
 * not listed, or assigned but out of sync with the Autopilot service past the grace.
 */
export async function maybeSync(o: FollowerOptions, devices: JournalDevice[], signal?: AbortSignal): Promise<void> {
  const now = o.clock.now();
  const since = (iso: string | null | undefined): number => (iso ? now - Date.parse(iso) : -Infinity);
  const late = devices.some((device) => {
    const phase = phaseOf(device, now);
    return (
      (phase === 'identity' && since(device.awaitingIdentitySince) >= o.syncAfterMs) ||
      (phase === 'profile' && since(device.outOfSyncSince) >= o.syncAfterMs)
    );
  });
  if (!late) return;
  const { lastSyncAt: last, nextSyncAllowedAt: allowed } = o.journal.metadata();
  if (last && now - Date.parse(last) < SYNC_INTERVAL_MS) return;
  if (allowed && now < Date.parse(allowed)) return;
  o.journal.setMeta({ lastSyncAt: new Date(now).toISOString() });
  o.journal.commit();
  try {
    // 429 here means another admin or tool synced within 10 minutes: an answer, not throttling.
    const { outcome, retryAfterMs } = await o.api.trySync(signal);
    if (outcome === 'too-soon') {
      o.journal.setMeta({
        nextSyncAllowedAt: new Date(o.clock.now() + (retryAfterMs ?? SYNC_INTERVAL_MS)).toISOString(),
      });
      o.journal.commit();
    }
    o.logger.info(`Autopilot sync: ${outcome}`);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    o.logger.warn('Autopilot sync could not be started', { error: error.message });
  }
}

/** Ends each device whose stage time limit (or the run's) has passed, saying what it waited for. */
export function applyTimeouts(o: FollowerOptions, devices: JournalDevice[]): void {
  const now = o.clock.now();
  for (const device of devices) {
    const waitingFor =
      device.stage === 'imported' && device.notObservable.includes('in-group')
        ? 'profile-assigned'
        : NEXT[device.stage];
    if (!waitingFor || waitingFor === 'ready') continue;
    const limit = device.timeouts[waitingFor];
    const started = device.stageStartedAt ? Date.parse(device.stageStartedAt) : now;
    const overdue = limit !== undefined && now - started >= limit;
    const deadline = device.deadlineAt ? Date.parse(device.deadlineAt) : null;
    if (!overdue && (deadline === null || now < deadline)) continue;
    const minutes = Math.round((overdue ? limit : now - started) / 60_000);
    const after = `after ${minutes < 1 ? 'less than a minute' : `${minutes} min`}${overdue ? '' : " (the run's time limit was reached)"}`;
    if (device.outOfSyncSince && waitingFor === 'profile-assigned') {
      fail(
        o,
        device,
        'timed-out',
        problem(
          'out-of-sync',
          'profile-assigned',
          `Intune assigned the deployment profile, but it was still not in sync with the Autopilot service ${after}: the device may not get the profile at OOBE.`,
          'In Intune (Devices > Windows > Enrollment > Devices) select Sync, wait until the profile status reads "Assigned", then run the command again to keep following it.',
        ),
      );
      continue;
    }
    const waitingNote = device.statusNote ? ` Last seen: ${device.statusNote}.` : '';
    fail(
      o,
      device,
      'timed-out',
      problem(
        'timeout',
        waitingFor,
        `Not "${STAGE_LABELS[waitingFor]}" ${after}.${waitingNote}`,
        waitingFor === 'imported'
          ? 'Check Intune > Windows enrollment > Devices for the serial; run the command again later to keep following it.'
          : waitingFor === 'in-group'
            ? "Check the dynamic group's rule and its processing state in Entra; large tenants can take 30 minutes or more."
            : "Check the deployment profile's assignment to the tag's group in Intune; assignment can take an hour. Run the command again to keep following it.",
      ),
    );
  }
}
