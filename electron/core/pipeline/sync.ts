import type { Clock } from '../clock';
import type { AutopilotApi } from '../graph/autopilot-api';
import { GraphError } from '../graph/errors';
import type { Logger } from '../graph/logger';
import type { Journal } from '../store/journal';
import type { JournalDevice } from '../store/types';
import { phaseOf } from './phase';

/** Autopilot allows one manual sync per 10 minutes, tenant-wide (field notes B4). */
const SYNC_INTERVAL_MS = 10 * 60_000;

/** What a sync decision needs. */
export interface SyncContext {
  api: AutopilotApi;
  journal: Journal;
  clock: Clock;
  logger: Logger;
  /** How long a device may be late before a sync is asked for. */
  syncAfterMs: number;
}

/**
 * At most one Autopilot sync per 10 minutes, tenant-wide, and only when a device is late: imported but still
 * not listed, its changed properties still not read back, or assigned but out of sync with the Autopilot service past the grace. Returns whether a sync
 * was started.
 */
export async function syncIfLate(ctx: SyncContext, devices: JournalDevice[], signal?: AbortSignal): Promise<boolean> {
  const now = ctx.clock.now();
  const since = (iso: string | null | undefined): number => (iso ? now - Date.parse(iso) : -Infinity);
  const late = devices.some((device) => {
    const phase = phaseOf(device, now);
    return (
      (phase === 'identity' && since(device.awaitingIdentitySince) >= ctx.syncAfterMs) ||
      // A changed name shows in Intune after a sync (Set-AutopilotDevice -displayName help, field notes B6).
      (phase === 'read-back' && since(device.propertiesChangedAt) >= ctx.syncAfterMs) ||
      (phase === 'profile' && since(device.outOfSyncSince) >= ctx.syncAfterMs)
    );
  });
  if (!late) return false;
  const { lastSyncAt: last, nextSyncAllowedAt: allowed } = ctx.journal.metadata();
  if (last && now - Date.parse(last) < SYNC_INTERVAL_MS) return false;
  if (allowed && now < Date.parse(allowed)) return false;
  ctx.journal.setMeta({ lastSyncAt: new Date(now).toISOString() });
  ctx.journal.commit();
  try {
    // 429 here means another admin or tool synced within 10 minutes: an answer, not throttling.
    const { outcome, retryAfterMs } = await ctx.api.trySync(signal);
    if (outcome === 'too-soon') {
      ctx.journal.setMeta({
        nextSyncAllowedAt: new Date(ctx.clock.now() + (retryAfterMs ?? SYNC_INTERVAL_MS)).toISOString(),
      });
      ctx.journal.commit();
    }
    ctx.logger.info(`Autopilot sync: ${outcome}`);
    return outcome === 'started';
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    ctx.logger.warn('Autopilot sync could not be started', { error: error.message });
    return false;
  }
}

/** When the next manual sync is allowed by the journal's record of the last one (null: now). */
function nextAllowed(journal: Journal, now: number): number | null {
  const { lastSyncAt: last, nextSyncAllowedAt: allowed } = journal.metadata();
  const times = [last ? Date.parse(last) + SYNC_INTERVAL_MS : 0, allowed ? Date.parse(allowed) : 0];
  const next = Math.max(...times.filter((time) => !Number.isNaN(time)));
  return next > now ? next : null;
}

/**
 * A sync a person asks for: refused inside the 10-minute rule with the time the next is allowed; otherwise one
 * POST, whose 409 (a sync runs) and 429 (another admin or tool synced) are answers (field notes B4).
 */
export async function requestSync(
  ctx: Omit<SyncContext, 'syncAfterMs'>,
  signal?: AbortSignal,
): Promise<{ outcome: 'started' | 'busy' | 'too-soon'; message: string; nextAllowedAt: string | null }> {
  const now = ctx.clock.now();
  const iso = (ms: number): string => new Date(ms).toISOString();
  const waitUntil = nextAllowed(ctx.journal, now);
  if (waitUntil !== null)
    return {
      outcome: 'too-soon',
      message: `Autopilot allows one sync per 10 minutes; the next is allowed at ${iso(waitUntil)}.`,
      nextAllowedAt: iso(waitUntil),
    };
  ctx.journal.setMeta({ lastSyncAt: iso(now) });
  ctx.journal.commit();
  const { outcome, retryAfterMs } = await ctx.api.trySync(signal);
  ctx.logger.info(`Autopilot sync: ${outcome}`);
  if (outcome === 'too-soon') {
    const next = ctx.clock.now() + (retryAfterMs ?? SYNC_INTERVAL_MS);
    ctx.journal.setMeta({ nextSyncAllowedAt: iso(next) });
    ctx.journal.commit();
    return {
      outcome,
      message: `Another sync ran within the last 10 minutes (Intune answered 429); the next is allowed at ${iso(next)}.`,
      nextAllowedAt: iso(next),
    };
  }
  if (outcome === 'busy')
    return {
      outcome,
      message: 'A sync is already running (Intune answered 409); its results show when it ends.',
      nextAllowedAt: iso(now + SYNC_INTERVAL_MS),
    };
  return {
    outcome,
    message: `Sync started. Autopilot allows the next one at ${iso(now + SYNC_INTERVAL_MS)}.`,
    nextAllowedAt: iso(now + SYNC_INTERVAL_MS),
  };
}
