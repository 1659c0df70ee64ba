import { isTerminal, type DeviceProblem } from '../../../shared/domain/device';
import type { Clock } from '../clock';
import type { AutopilotApi } from '../graph/autopilot-api';
import type { Logger } from '../graph/logger';
import type { Capabilities } from '../graph/permissions';
import type { AutopilotIdentity } from '../graph/schemas';
import type { Journal } from '../store/journal';
import type { JournalDevice } from '../store/types';
import { ImportCleaner } from './cleaner';
import { settleInDoubt, uploadDevices, type ImportContext } from './import-phase';
import { lookupBeforeImport, nameReadBack, remediationNote } from './lookup-phase';
import { sendDeviceNames } from './name-phase';
import { CostModel, lookIdentities, lookImports } from './observe';
import { advance, byPhase, phaseOf, reachedTarget, type Phase } from './phase';
import { importProblem } from './problems';
import { chainOf, chainsSettled, observeGroups, observeProfiles, type ChainSource } from './stage-checks';
import { syncIfLate } from './sync';
import { readInterval, stageLimitAt, timeoutProblem } from './timeouts';
import type { PollIntervals } from './types';

export { reachedTarget } from './phase';

/** Dependencies of one follow run. */
export interface FollowerOptions {
  api: AutopilotApi;
  journal: Journal;
  clock: Clock;
  logger: Logger;
  caps: Capabilities;
  poll: PollIntervals;
  importBatchSize: number;
  syncAfterMs: number;
  configuredTags: string[];
}

/** Phases whose progress shows in the registered device's record. */
const NEEDS_IDENTITY: Phase[] = ['identity', 'read-back', 'group', 'profile'];

/** Tags compare as the dynamic rules do: case-insensitively, ignoring surrounding spaces. */
function sameTag(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** Follows a set of devices through the pipeline, phase by phase, with as few requests as the tenant allows. */
export class Follower {
  private readonly cost: CostModel;
  private readonly last = { import: -Infinity, identity: -Infinity, group: -Infinity };
  // identity: the last look at devices being replaced (their per-device reads are timed by readAt).
  private readonly chains: ChainSource;
  private readonly importCtx: ImportContext;
  private readonly identities = new Map<string, { identity: AutopilotIdentity; expanded: boolean }>();
  private readonly keys = new Set<string>();
  /** When each device's registered record was last read. */
  private readonly readAt = new Map<string, number>();
  /** When this run last started an Autopilot sync (late devices are read again soon after it). */
  private syncStartedAt = -Infinity;
  /** Devices whose profile was judged at least once (a device reaching "in group" is judged at once). */
  private readonly judged = new Set<string>();
  private accepting = true;
  private wake: AbortController | null = null;

  constructor(private readonly o: FollowerOptions) {
    this.cost = new CostModel(o.journal.metadata().listPages);
    // Grace before "not assigned": a few profile polls, time for a group evaluation and a stale chain to pass.
    this.chains = {
      api: o.api,
      caps: o.caps,
      clock: o.clock,
      readAt: -Infinity,
      tenant: null,
      warned: new Set(),
      cost: this.cost,
      notAssignedGraceMs: 3 * o.poll.profile,
      incompleteRetryMs: o.poll.profile,
      intendedCheckAfterMs: 5 * o.poll.profile,
    };
    this.importCtx = {
      api: o.api,
      journal: o.journal,
      clock: o.clock,
      logger: o.logger,
      cost: this.cost,
      batchSize: o.importBatchSize,
    };
  }

  private active(keys: Set<string>): JournalDevice[] {
    return [...keys].flatMap((key) => {
      const device = this.o.journal.get(key);
      return device && device.target !== null && !isTerminal(device.stage) && !reachedTarget(device) ? [device] : [];
    });
  }

  /** Adds devices to follow; false once the run is winding down (start a new one then). */
  add(keys: string[]): boolean {
    if (!this.accepting) return false;
    for (const key of keys) this.keys.add(key);
    this.wake?.abort();
    return true;
  }

  /**
   * Runs until every device (including ones added meanwhile) reached its target or a terminal state; then
   * finishes the import-record cleanup.
   */
  async run(signal?: AbortSignal): Promise<void> {
    const keys = this.keys;
    const cleaner = new ImportCleaner(
      this.o.api,
      this.o.journal,
      this.o.clock,
      this.o.logger,
      Math.min(this.o.poll.import, this.o.poll.identity),
    );
    const cleaning = cleaner.run(
      keys,
      () => this.active(keys).some((device) => phaseOf(device, this.o.clock.now()) === 'upload'),
      signal,
    );
    let failure: Error | null = null;
    try {
      for (;;) {
        const active = this.active(keys);
        if (active.length === 0) break;
        await this.tick(active, signal);
        this.commit();
        const still = this.active(keys);
        if (still.length === 0) break;
        await this.pause(this.delay(still), signal);
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error('follow loop failed');
    } finally {
      this.accepting = false;
      this.commit();
      cleaner.finish();
    }
    // The cleaner stops at once when aborted; otherwise it deletes what is left before the run ends.
    await cleaning.catch((error: unknown) =>
      this.o.logger.warn('import-record cleanup stopped', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    if (failure !== null) throw failure;
  }

  /** Commits the journal with what was learnt about the tenant's lists. */
  private commit(): void {
    const pages = this.cost.snapshot();
    const known = this.o.journal.metadata().listPages ?? {};
    if (pages.identities !== known.identities || pages.imports !== known.imports)
      this.o.journal.setMeta({ listPages: pages });
    this.o.journal.commit();
  }

  /** Sleeps until the next poll, or until devices are added. */
  private async pause(ms: number, signal?: AbortSignal): Promise<void> {
    const wake = new AbortController();
    this.wake = wake;
    try {
      await this.o.clock.sleep(ms, signal ? AbortSignal.any([signal, wake.signal]) : wake.signal);
    } catch (error) {
      if (signal?.aborted || !wake.signal.aborted) throw error;
    } finally {
      this.wake = null;
    }
  }

  private due(kind: keyof Follower['last'], interval: number): boolean {
    return this.o.clock.now() - this.last[kind] >= interval;
  }

  /** How long until the next thing any device waits for is due. */
  private delay(active: JournalDevice[]): number {
    const now = this.o.clock.now();
    const p = this.o.poll;
    const phases = byPhase(active, now);
    const has = (...names: Phase[]): boolean => names.some((name) => (phases.get(name)?.length ?? 0) > 0);
    const waits: number[] = [];
    if (has('importing')) waits.push(this.last.import + p.import - now);
    if (has('replace-wait')) waits.push(this.last.identity + p.identity - now);
    for (const phase of NEEDS_IDENTITY)
      for (const device of phases.get(phase) ?? []) {
        const wait = this.identityWait(device, phase, now);
        if (wait !== null) waits.push(wait);
      }
    if (has('group')) waits.push(this.last.group + p.group - now);
    if (has('in-doubt')) waits.push(p.import);
    for (const device of phases.get('upload-later') ?? []) waits.push(Date.parse(device.uploadAfter ?? '') - now);
    if (waits.length === 0) waits.push(Math.min(p.import, p.identity));
    // A poll never made is due now; an unreadable time never blocks the others.
    return Math.max(5, Math.min(...waits.map((wait) => (Number.isNaN(wait) ? p.import : wait))));
  }

  /**
   * How long until a device's registered record should be read again (0: now; null: not needed). A device
   * in the group phase whose Entra id is known needs no reads: its group membership is looked up instead.
   */
  private identityWait(device: JournalDevice, phase: Phase, now: number): number | null {
    if (phase === 'group' && device.entraDeviceId) return null;
    const last = this.readAt.get(device.key);
    if (last === undefined) return 0;
    const since =
      phase === 'read-back'
        ? device.propertiesChangedAt
        : phase === 'identity'
          ? (device.awaitingIdentitySince ?? device.stageStartedAt)
          : device.stageStartedAt;
    const waited = since ? now - Date.parse(since) : 0;
    let next = last + readInterval(this.o.poll.identity, waited);
    // A sync can end the wait at once: read again shortly after it started.
    if (this.syncStartedAt > last) next = Math.min(next, this.syncStartedAt + this.o.poll.identity);
    // Never give up on a device that was not looked at lately: a last read falls on its stage limit.
    const limit = stageLimitAt(device);
    if (limit !== null && last < limit) next = Math.min(next, limit);
    return Math.max(0, next - now);
  }

  private phases(devices: JournalDevice[]): Map<Phase, JournalDevice[]> {
    return byPhase(this.active(new Set(devices.map((device) => device.key))), this.o.clock.now());
  }

  private async tick(active: JournalDevice[], signal?: AbortSignal): Promise<void> {
    const now = this.o.clock.now();
    const grace = Math.max(2 * this.o.poll.import, 1000);
    const inDoubt = (this.phases(active).get('in-doubt') ?? []).filter(
      (device) => now - Date.parse(device.importIntentAt ?? '') >= grace,
    );
    await settleInDoubt(this.importCtx, inDoubt, signal);

    let phases = this.phases(active);
    const lookup = phases.get('lookup') ?? [];
    const waiting = this.due('identity', this.o.poll.identity) ? (phases.get('replace-wait') ?? []) : [];
    if (waiting.length > 0) this.last.identity = this.o.clock.now();
    if (lookup.length + waiting.length > 0) await lookupBeforeImport(this.importCtx, [...lookup, ...waiting], signal);

    phases = this.phases(active);
    await this.warnTagsWithoutProfile(phases.get('upload') ?? [], signal);
    const toUpload = phases.get('upload') ?? [];
    if (toUpload.length > 0) {
      await uploadDevices(this.importCtx, toUpload, signal);
      this.last.import = this.o.clock.now();
    }

    phases = this.phases(active);
    const importing = phases.get('importing') ?? [];
    if (importing.length > 0 && this.due('import', this.o.poll.import)) {
      this.last.import = this.o.clock.now();
      await this.observeImports(importing, signal);
    }

    phases = this.phases(active);
    const readNow = this.o.clock.now();
    const needIdentity = NEEDS_IDENTITY.flatMap((phase) =>
      (phases.get(phase) ?? []).filter((device) => this.identityWait(device, phase, readNow) === 0),
    );
    const fresh = new Set(needIdentity.map((device) => device.key));
    if (needIdentity.length > 0) {
      const look = await lookIdentities(this.o.api, needIdentity, this.cost, signal);
      const toName: { device: JournalDevice; identity: AutopilotIdentity }[] = [];
      for (const device of needIdentity) {
        this.readAt.set(device.key, readNow);
        const unnamed = this.absorbIdentity(device, look.byKey.get(device.key) ?? []);
        if (unnamed) toName.push(unnamed);
      }
      await sendDeviceNames(this.importCtx, toName, signal);
    }

    phases = this.phases(active);
    const atGroup = phases.get('group') ?? [];
    if (atGroup.length > 0 && this.due('group', this.o.poll.group)) {
      this.last.group = this.o.clock.now();
      await observeGroups(this.chains, this.o.journal, atGroup, signal);
    }
    // Profile status comes with the device reads: judge it when they are new, not again on stale data.
    const atProfile = (this.phases(active).get('profile') ?? []).filter(
      (device) => fresh.has(device.key) || !this.judged.has(device.key),
    );
    if (atProfile.length > 0) {
      for (const device of atProfile) this.judged.add(device.key);
      await observeProfiles(this.chains, this.o.journal, atProfile, this.identities, signal);
    }
    if (fresh.size > 0 && (await syncIfLate(this.o, this.active(new Set(active.map((device) => device.key))), signal)))
      this.syncStartedAt = this.o.clock.now();
    this.applyTimeouts(this.active(new Set(active.map((device) => device.key))));
  }

  private async warnTagsWithoutProfile(devices: JournalDevice[], signal?: AbortSignal): Promise<void> {
    const tags = [...new Set(devices.map((device) => device.groupTag))].filter((tag) => !this.chains.warned.has(tag));
    if (tags.length === 0) return;
    for (const tag of tags) {
      const chain = await chainOf(this.chains, tag, signal);
      // Chains read in part say nothing yet: the tag is looked at again with the next upload.
      if (!chainsSettled(this.chains)) continue;
      this.chains.warned.add(tag);
      if (chain && !chain.profile)
        this.o.logger.warn(
          `tag "${tag || '(none)'}" leads to no deployment profile: its devices will end "not assigned"`,
          { tag },
        );
    }
  }

  private async observeImports(devices: JournalDevice[], signal?: AbortSignal): Promise<void> {
    const records = await lookImports(this.o.api, devices, this.cost, signal);
    const at = new Date(this.o.clock.now()).toISOString();
    for (const device of devices) {
      const record = records.get(device.key);
      if (!record) {
        // Deleted by someone else before it was seen terminal: settle it like an upload in doubt.
        this.o.journal.update(device.key, { importRecordId: null, importStatus: null, importIntentAt: at });
        continue;
      }
      const status = record.state.deviceImportStatus.toLowerCase();
      if (status === 'complete') {
        this.o.journal.update(device.key, {
          importStatus: 'complete',
          autopilotDeviceId: record.state.deviceRegistrationId || device.autopilotDeviceId,
          awaitingIdentitySince: at,
          uploadAfter: null,
        });
      } else if (status === 'error' || status === 'partial') {
        const name = record.state.deviceErrorName;
        if (record.state.deviceErrorCode === 806 || name.toLowerCase() === 'ztddevicealreadyassigned') {
          // Already registered here: look again and follow the record, or, while none is listed (a deletion under
          // way), wait and upload again. The 806 record itself is deleted at once.
          await this.o.api.deleteImported([record.id], signal).catch(() => undefined);
          this.o.journal.update(device.key, {
            importRecordId: null,
            importStatus: 'error',
            importIntentAt: null,
            lookedUpAt: null,
          });
          continue;
        }
        this.o.journal.update(device.key, { importStatus: 'error' });
        this.fail(device, 'failed', importProblem(record.state.deviceErrorCode, name, status));
      }
    }
  }

  /** Takes in a read of the registered record; answers the device when its name is still to be sent. */
  private absorbIdentity(
    device: JournalDevice,
    found: AutopilotIdentity[],
  ): { device: JournalDevice; identity: AutopilotIdentity } | null {
    const candidates = device.replacedRecordId
      ? found.filter((candidate) => candidate.id !== device.replacedRecordId)
      : found;
    const identity = candidates.find((candidate) => candidate.id === device.autopilotDeviceId) ?? candidates[0];
    if (!identity) return null;
    this.identities.set(device.key, { identity, expanded: false });
    const entra = identity.azureAdDeviceId || identity.azureActiveDirectoryDeviceId;
    const patch: Partial<JournalDevice> = {};
    if (identity.id !== device.autopilotDeviceId) patch.autopilotDeviceId = identity.id;
    if (entra && entra !== device.entraDeviceId && !/^0{8}-0{4}/.test(entra)) patch.entraDeviceId = entra;
    const hardware = remediationNote(identity);
    if (hardware && !device.warnings.includes(hardware.text)) patch.warnings = [...device.warnings, hardware.text];
    const updated = Object.keys(patch).length > 0 ? this.o.journal.update(device.key, patch) : device;
    if (updated.stage !== 'collected' || !sameTag(identity.groupTag, updated.groupTag)) return null;
    // The import carries no name: it is set once the device is listed, then read back like any update.
    if (!nameReadBack(updated, identity) && !updated.propertiesChangedAt) return { device: updated, identity };
    // An update is done when every value it set reads back (field notes B6); an import when the device is listed.
    const userBack =
      !updated.propertiesChangedAt ||
      !updated.assignedUser ||
      identity.userPrincipalName.toLowerCase() === updated.assignedUser.toLowerCase();
    if (userBack && nameReadBack(updated, identity)) advance(this.o.journal, this.o.clock, updated, 'imported');
    return null;
  }

  private fail(device: JournalDevice, stage: 'failed' | 'timed-out', reason: DeviceProblem): void {
    this.o.journal.update(device.key, { stage, problem: reason, target: null });
  }

  private applyTimeouts(devices: JournalDevice[]): void {
    const now = this.o.clock.now();
    for (const device of devices) {
      const reason = timeoutProblem(device, now);
      if (reason) this.fail(device, 'timed-out', reason);
    }
  }
}
