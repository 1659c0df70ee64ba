import { describe, expect, it } from 'vitest';
import { syncIfLate } from '../../../../electron/core/pipeline/sync';
import type { JournalDevice } from '../../../../electron/core/store/types';
import { FakeAutopilot, graphError, openJournal, recordingLogger } from './fake-autopilot';

const MINUTE = 60_000;
const LATE_AFTER = 5 * MINUTE;

function setUp() {
  const { clock, journal, add } = openJournal();
  const tenant = new FakeAutopilot(clock);
  const logger = recordingLogger();
  const ctx = { api: tenant.api, journal, clock, logger, syncAfterMs: LATE_AFTER };
  const ago = (ms: number): string => new Date(clock.now() - ms).toISOString();
  /** Imported, not yet listed as a registered device, for `ms`. */
  const unlisted = (ms: number, serial = 'SER1'): JournalDevice =>
    add({ serial, importRecordId: 'imp-1', importStatus: 'complete', awaitingIdentitySince: ago(ms) });
  /** The tag's profile assigned but out of sync with the Autopilot service, for `ms`. */
  const outOfSync = (ms: number | null, serial = 'SER1'): JournalDevice =>
    add({ serial, stage: 'in-group', outOfSyncSince: ms === null ? null : ago(ms) });
  return { clock, journal, tenant, logger, ctx, ago, unlisted, outOfSync };
}

describe('syncIfLate: when a device is late', () => {
  it('asks for no sync while every device is on time', async () => {
    const { ctx, tenant, unlisted, outOfSync, journal } = setUp();
    expect(await syncIfLate(ctx, [unlisted(LATE_AFTER - 1), outOfSync(LATE_AFTER - 1, 'SER2')])).toBe(false);
    expect(await syncIfLate(ctx, [outOfSync(null, 'SER3')])).toBe(false);
    expect(tenant.calls).toEqual([]);
    expect(journal.metadata().lastSyncAt).toBeNull();
  });

  it('syncs once a device imported but not listed has waited the grace', async () => {
    const { ctx, tenant, unlisted, clock, journal, logger } = setUp();
    expect(await syncIfLate(ctx, [unlisted(LATE_AFTER)])).toBe(true);
    expect(tenant.calls).toEqual(['trySync']);
    expect(journal.metadata().lastSyncAt).toBe(new Date(clock.now()).toISOString());
    expect(logger.lines).toEqual(['info Autopilot sync: started']);
  });

  it('syncs once a device assigned but out of sync has waited the grace', async () => {
    const { ctx, tenant, outOfSync, unlisted } = setUp();
    // One late device is enough, whatever the others do.
    expect(await syncIfLate(ctx, [unlisted(0, 'SER0'), outOfSync(LATE_AFTER)])).toBe(true);
    expect(tenant.count('trySync')).toBe(1);
  });

  it('does not count an out-of-sync time on a device still waiting for its listing, nor the reverse', async () => {
    const { ctx, tenant, journal, unlisted, outOfSync, ago } = setUp();
    journal.update(unlisted(0).key, { outOfSyncSince: ago(LATE_AFTER * 2) });
    journal.update(outOfSync(0, 'SER2').key, { awaitingIdentitySince: ago(LATE_AFTER * 2) });
    expect(await syncIfLate(ctx, journal.all())).toBe(false);
    expect(tenant.calls).toEqual([]);
  });
});

describe('syncIfLate: one sync per 10 minutes, tenant-wide', () => {
  it('waits 10 minutes after the last sync this console started', async () => {
    const { ctx, tenant, unlisted, journal, clock } = setUp();
    const late = [unlisted(LATE_AFTER)];
    journal.setMeta({ lastSyncAt: new Date(clock.now() - 10 * MINUTE + 1).toISOString() });
    expect(await syncIfLate(ctx, late)).toBe(false);
    journal.setMeta({ lastSyncAt: new Date(clock.now() - 10 * MINUTE).toISOString() });
    expect(await syncIfLate(ctx, late)).toBe(true);
    expect(await syncIfLate(ctx, late)).toBe(false);
    expect(tenant.count('trySync')).toBe(1);
  });

  it("keeps to the time Graph's 429 allows the next sync", async () => {
    const { ctx, tenant, unlisted, journal, clock } = setUp();
    const late = [unlisted(LATE_AFTER)];
    journal.setMeta({ nextSyncAllowedAt: new Date(clock.now() + 1).toISOString() });
    expect(await syncIfLate(ctx, late)).toBe(false);
    journal.setMeta({ nextSyncAllowedAt: new Date(clock.now()).toISOString() });
    expect(await syncIfLate(ctx, late)).toBe(true);
    expect(tenant.count('trySync')).toBe(1);
  });

  it('an answer "too soon" (someone else synced) sets the next allowed time from Retry-After, else 10 minutes', async () => {
    const { ctx, tenant, unlisted, journal, clock, logger } = setUp();
    tenant.syncAnswer = { outcome: 'too-soon', retryAfterMs: 3 * MINUTE };
    expect(await syncIfLate(ctx, [unlisted(LATE_AFTER)])).toBe(false);
    expect(journal.metadata().nextSyncAllowedAt).toBe(new Date(clock.now() + 3 * MINUTE).toISOString());
    expect(logger.lines).toEqual(['info Autopilot sync: too-soon']);
    journal.setMeta({ lastSyncAt: null, nextSyncAllowedAt: null });
    tenant.syncAnswer = { outcome: 'too-soon' };
    expect(await syncIfLate(ctx, [unlisted(LATE_AFTER, 'SER2')])).toBe(false);
    expect(journal.metadata().nextSyncAllowedAt).toBe(new Date(clock.now() + 10 * MINUTE).toISOString());
  });

  it('a busy service is no sync started, and leaves the next allowed time alone', async () => {
    const { ctx, tenant, unlisted, journal } = setUp();
    tenant.syncAnswer = { outcome: 'busy' };
    expect(await syncIfLate(ctx, [unlisted(LATE_AFTER)])).toBe(false);
    expect(journal.metadata().nextSyncAllowedAt ?? null).toBeNull();
    expect(journal.metadata().lastSyncAt).not.toBeNull();
  });

  it('a Graph failure is a warning, not the end of the run; anything else is thrown', async () => {
    const { ctx, tenant, unlisted, logger } = setUp();
    tenant.fail.set('trySync', graphError(500, 'service down'));
    expect(await syncIfLate(ctx, [unlisted(LATE_AFTER)])).toBe(false);
    expect(logger.lines).toEqual(['warn Autopilot sync could not be started {"error":"service down"}']);
    const other = setUp();
    other.tenant.fail.set('trySync', new TypeError('bug'));
    await expect(syncIfLate(other.ctx, [other.unlisted(LATE_AFTER)])).rejects.toThrow('bug');
  });
});
