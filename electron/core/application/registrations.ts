import { randomInt } from 'node:crypto';
import { isTerminal, STAGE_LABELS } from '../../../shared/domain/device';
import { csvValueProblem } from '../../../shared/domain/csv/values';
import { deviceNameProblem, expandNameTemplate, nameRequestProblem } from '../../../shared/domain/device-name';
import type { BulkOutcome, GroupChoice, StaticGroupRef, TagChain } from '../../../shared/ipc/device-schemas';
import type { TenantMode } from '../../../shared/ipc/settings-schemas';
import { AppError } from '../errors';
import type { EventHub } from '../events';
import type { RegistrationInput } from '../pipeline/types';
import { deviceView } from '../pipeline/view';
import type { ActivityLog } from './activity-log';
import { existingRecordReused, type DevicePatch, type DeviceRecord, type DeviceRecords } from './device-records';
import type { BackendFactory, BackendTag, RegistrationBackend } from './registration-backend';
import type { SettingsService } from './settings-service';
import { registerAsCorporate } from './corporate-registrations';
import { mergeTagChains } from './tag-catalog';

/** What the registrations are built from. */
export interface RegistrationsOptions {
  records: DeviceRecords;
  events: EventHub;
  settings: SettingsService;
  activity: ActivityLog;
  backends: BackendFactory;
  now: () => number;
}

/** A new group tag and/or assigned user; undefined leaves the device's own. Static groups apply to registering. */
export type Fields = {
  groupTag?: string | undefined;
  assignedUser?: string | undefined;
  staticGroups?: StaticGroupRef[] | undefined;
  /** A device name, or a template with %SERIAL% / %RAND:x% expanded per device (registration only). */
  deviceName?: string | undefined;
};

/** The key of a tenant, as device records name the tenant they were registered in. */
export function tenantKey(mode: TenantMode): string {
  return mode.kind === 'sandbox' ? 'sandbox' : `tenant:${mode.label}`;
}

/** Refuses a tag that would break an Intune CSV or the [OrderID] rule. */
export function checkGroupTag(tag: string): void {
  const problem = tag === '' ? null : csvValueProblem(tag);
  if (problem) throw new AppError('bad-input', `Group tag "${tag}" ${problem}.`);
}

/**
 * Registration of the console's devices through the backend of the tenant in use (sandbox or real):
 * switching tenant, registering, retrying, changing tag or user, removing, and each device's progress.
 */
export class Registrations {
  private backend: RegistrationBackend | null = null;
  private tagCache: { tags: BackendTag[]; note: string | null } | null = null;

  constructor(private readonly options: RegistrationsOptions) {}

  private get records(): DeviceRecords {
    return this.options.records;
  }

  private get settings(): SettingsService {
    return this.options.settings;
  }

  private get activity(): ActivityLog {
    return this.options.activity;
  }

  /** The tenant in use. */
  get mode(): TenantMode | null {
    return this.backend?.mode ?? null;
  }

  /** The client id of the app registration the backend signs in with, when it says. */
  get clientId(): string | undefined {
    return this.backend?.clientId;
  }

  /** The person signing in to the tenant in use, when it is signed in to as a person. */
  get person(): RegistrationBackend['person'] {
    return this.backend?.person;
  }

  /** Starts (or switches to) the sandbox or the configured tenant. */
  async use(kind: TenantMode['kind']): Promise<TenantMode> {
    if (kind === 'tenant' && !this.settings.tenantReady()) {
      throw new AppError(
        'tenant-not-configured',
        'Enter the tenant id, client id and a secret or certificate in Settings first.',
      );
    }
    // The same tenant again (signing in another way): its journal is released before it is opened again.
    const same = this.backend?.mode.kind === kind ? this.backend : null;
    if (same) {
      same.forget(this.records.list().map((r) => r.view.id));
      await same.close();
      this.backend = null;
    }
    const next = await this.options.backends(kind, {
      settings: this.settings,
      onUpdate: (id, patch) => {
        this.onProgress(id, patch);
      },
      logger: {
        debug: () => undefined,
        info: () => undefined,
        // Warnings (an optimisation the tenant refused, a cleanup that stopped) are said once in the activity log.
        warn: (message) =>
          this.activity.add({ action: 'Tenant notice', serial: '', groupTag: '', outcome: 'warning', detail: message }),
      },
    });
    const previous = this.backend ?? same;
    this.backend = next;
    this.tagCache = null;
    if (previous) {
      if (previous !== same) {
        previous.forget(this.records.list().map((r) => r.view.id));
        await previous.close();
      }
      // Devices the old tenant was following stop here; the new tenant's journal may pick them up below.
      for (const record of this.records.list()) {
        if (record.view.inProgress)
          this.records.patch(record.view.id, {
            inProgress: false,
            note: `No longer followed: the console switched to ${next.mode.label}`,
          });
      }
      this.activity.add({
        action: 'Switch tenant',
        serial: '',
        groupTag: '',
        outcome: 'info',
        detail: `Now working against: ${next.mode.label}`,
      });
    }
    // The board shows this tenant's devices (and unregistered ones); another tenant's wait for their tenant.
    this.records.setScope(tenantKey(next.mode));
    this.restoreFrom(next);
    this.options.events.publish('tenant:changed', next.mode);
    return next.mode;
  }

  /**
   * Registers devices at "Hash collected" (or stopped ones, again), optionally with a new tag/user; devices in
   * `replace` have their existing record deregistered first and the new hash imported (motherboard changed).
   */
  async register(ids: readonly string[], fields: Fields = {}, replace: readonly string[] = []): Promise<BulkOutcome> {
    if (fields.groupTag !== undefined) checkGroupTag(fields.groupTag);
    const nameText = fields.deviceName?.trim() ?? '';
    if (nameText) {
      const problem = nameRequestProblem(nameText, ids.filter((id) => this.records.get(id)).length);
      if (problem) throw new AppError('bad-input', problem);
    }
    const outcome: BulkOutcome = { done: [], skipped: [] };
    const batch: RegistrationInput[] = [];
    for (const id of ids) {
      const record = this.records.get(id);
      if (!record) {
        this.skipElsewhere(id, outcome);
        continue;
      }
      const { stage, serial } = record.view;
      if (record.view.inProgress === true && changesFields(record, fields)) {
        // Still being followed: the latest tag or user wins (the engine updates the tenant's record to it).
        const view = this.records.patch(id, {
          ...definedFields(fields),
          note: `Registered again with tag "${fields.groupTag ?? record.view.groupTag}", user "${fields.assignedUser ?? record.view.assignedUser}"`,
        });
        if (!view) continue;
        batch.push(registrationInput(record));
        outcome.done.push(id);
        this.activity.add({
          action: 'Register',
          serial,
          groupTag: view.groupTag,
          outcome: 'info',
          detail: 'Registered again while in progress: the new tag and user replace the old ones',
        });
        continue;
      }
      if (stage !== 'collected' && stage !== 'failed' && stage !== 'timed-out') {
        outcome.skipped.push({
          id,
          serial,
          reason: `Already ${STAGE_LABELS[stage].toLowerCase()}: use "Change tag or user" to move it.`,
        });
        continue;
      }
      // %SERIAL% is the serial Autopilot registers: the one inside the hash.
      const deviceName = nameText
        ? expandNameTemplate(nameText, record.view.hashSerial ?? serial, () => randomInt(10))
        : undefined;
      const nameProblem = deviceName === undefined ? undefined : deviceNameProblem(deviceName);
      if (nameProblem) {
        outcome.skipped.push({ id, serial, reason: `Device name "${deviceName ?? ''}" ${nameProblem}.` });
        continue;
      }
      const view = this.records.patch(id, {
        ...definedFields(fields),
        ...(deviceName ? { deviceName } : {}),
        problem: null,
        stage: 'collected',
        inProgress: true,
        note: 'Registration started',
        ...(stage === 'collected'
          ? {}
          : {
              replaceStageTimes: true,
              stageTimes: { collected: record.view.stageTimes.collected ?? new Date(this.options.now()).toISOString() },
              notObservable: [],
            }),
      });
      if (!view) continue;
      this.records.claim(id);
      batch.push(registrationInput(record));
      outcome.done.push(id);
      this.activity.add({
        action: 'Register',
        serial,
        groupTag: view.groupTag,
        outcome: 'info',
        detail:
          [
            view.assignedUser ? `Assigned user ${view.assignedUser}` : '',
            view.deviceName ? `Device name ${view.deviceName}` : '',
            fields.staticGroups?.length ? `static groups ${fields.staticGroups.map((g) => g.name).join(', ')}` : '',
            replace.includes(id) ? 'replacing the existing Autopilot record with this hash' : '',
          ]
            .filter(Boolean)
            .join('; ') || 'Queued for registration',
      });
    }
    if (fields.groupTag) await this.settings.rememberTag(fields.groupTag);
    const staticGroups = fields.staticGroups ?? [];
    const groups = staticGroups.length > 0 ? { staticGroups } : {};
    const replacing = batch.filter((input) => replace.some((id) => this.records.get(id)?.view.serial === input.serial));
    const keeping = batch.filter((input) => !replacing.includes(input));
    if (keeping.length > 0) await this.requireBackend().register(keeping, staticGroups.length > 0 ? groups : undefined);
    if (replacing.length > 0) await this.requireBackend().register(replacing, { ...groups, replaceExisting: true });
    return outcome;
  }

  /** Adds devices as corporate identifiers (manufacturer, model and serial from their hash). */
  registerCorporate(ids: readonly string[]): Promise<BulkOutcome> {
    return registerAsCorporate(this.records, this.activity, this.requireBackend(), ids);
  }

  /** Groups by display name for the static group picker (the tenant in use). */
  async searchGroups(query: string): Promise<GroupChoice[]> {
    const backend = this.requireBackend();
    if (!backend.searchGroups) throw new AppError('not-supported', 'This tenant connection cannot search groups.');
    return backend.searchGroups(query);
  }

  /** Starts failed or timed-out devices again. */
  async retry(ids: readonly string[]): Promise<BulkOutcome> {
    const stopped = ids.filter((id) => {
      const stage = this.records.get(id)?.view.stage;
      return stage === 'failed' || stage === 'timed-out';
    });
    const outcome = stopped.length > 0 ? await this.register(stopped) : { done: [], skipped: [] };
    for (const id of ids) {
      if (stopped.includes(id)) continue;
      const record = this.records.get(id);
      if (record) outcome.skipped.push({ id, serial: record.view.serial, reason: 'Not stopped: nothing to retry.' });
      else this.skipElsewhere(id, outcome);
    }
    return outcome;
  }

  /** Changes tag and/or user; registered devices are updated in the tenant and followed to the new profile. */
  async update(ids: readonly string[], fields: Fields): Promise<BulkOutcome> {
    if (fields.groupTag !== undefined) checkGroupTag(fields.groupTag);
    const outcome: BulkOutcome = { done: [], skipped: [] };
    const registered: RegistrationInput[] = [];
    for (const id of ids) {
      const record = this.records.get(id);
      if (!record) {
        this.skipElsewhere(id, outcome);
        continue;
      }
      const isRegistered = record.view.autopilotDeviceId !== null;
      const view = this.records.patch(id, {
        ...definedFields(fields),
        ...(isRegistered ? { stage: 'imported' as const, problem: null, inProgress: true } : {}),
        note: `Tag "${fields.groupTag ?? record.view.groupTag}", user "${fields.assignedUser ?? record.view.assignedUser}"`,
      });
      if (!view) continue;
      if (isRegistered) registered.push(registrationInput(record));
      outcome.done.push(id);
      this.activity.add({
        action: 'Change tag or user',
        serial: view.serial,
        groupTag: view.groupTag,
        outcome: 'info',
        detail: view.assignedUser ? `Assigned user ${view.assignedUser}` : 'No assigned user',
      });
    }
    if (fields.groupTag) await this.settings.rememberTag(fields.groupTag);
    // Registering a device the tenant has writes the new tag/user to its record and follows the read-back.
    if (registered.length > 0) await this.requireBackend().register(registered);
    return outcome;
  }

  /** Removes devices from the board (the tenant keeps its records). */
  remove(ids: readonly string[]): BulkOutcome {
    const done = ids.filter((id) => this.records.get(id) !== undefined);
    for (const id of done) {
      const view = this.records.get(id)?.view;
      if (view)
        this.activity.add({
          action: 'Remove from board',
          serial: view.serial,
          groupTag: view.groupTag,
          outcome: 'info',
          detail: STAGE_LABELS[view.stage],
        });
    }
    this.backend?.forget(done);
    this.records.remove(done);
    return { done, skipped: [] };
  }

  /** Known tags: discovered in the tenant, configured, and in use on the board; each with its chain. */
  async tags(refresh = false): Promise<{ tags: TagChain[]; lastUsed: string | null; note: string | null }> {
    if (refresh || !this.tagCache) {
      try {
        this.tagCache = (await this.backend?.tags()) ?? { tags: [], note: null };
      } catch (error) {
        this.tagCache = {
          tags: [],
          note: `Tags could not be read from the tenant: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    }
    const inUse = this.records.list().map((record) => record.view.groupTag);
    const tags = mergeTagChains(this.tagCache.tags, this.settings.current.configTags, inUse);
    return { tags, lastUsed: this.settings.current.lastTag, note: this.tagCache.note };
  }

  /** Pre-flight of the tenant in use. */
  doctor(): ReturnType<RegistrationBackend['doctor']> {
    return this.requireBackend().doctor();
  }

  /** Stops the backend. */
  async close(): Promise<void> {
    await this.backend?.close();
    this.backend = null;
  }

  /** Shows the journal's devices again (in flight, or finished recently) and resumes following the in-flight ones. */
  private restoreFrom(backend: RegistrationBackend): void {
    const restored = backend.restore?.() ?? [];
    const resume: string[] = [];
    for (const device of restored) {
      const view = { ...deviceView(device), source: 'journal' as const };
      const inFlight = view.inProgress === true;
      if (this.records.get(view.id)) {
        // In this tenant's journal: the device is this tenant's.
        this.records.claim(view.id);
        if (inFlight) {
          this.records.patch(view.id, { ...view, inProgress: true, note: 'Followed again' });
          resume.push(view.id);
        }
        continue;
      }
      this.records.add({
        view,
        tenant: tenantKey(backend.mode),
        hardwareHash: device.hardwareHash,
        productId: '',
        uuid: device.uuid,
        importRecordId: device.importRecordId,
        existingRecordReused: existingRecordReused(device),
      });
      if (inFlight) resume.push(view.id);
    }
    if (restored.length > 0) {
      this.activity.add({
        action: 'Restore',
        serial: '',
        groupTag: '',
        outcome: 'info',
        detail: `${restored.length} devices from the journal, ${resume.length} still being followed`,
      });
    }
    if (resume.length > 0) backend.resume?.(resume);
  }

  /** Skips a device registered in another tenant: actions never cross tenants. */
  private skipElsewhere(id: string, outcome: BulkOutcome): void {
    const other = this.records.elsewhere(id);
    if (!other) return;
    const where = other.tenant === 'sandbox' ? 'the sandbox tenant' : `tenant ${other.tenant.slice('tenant:'.length)}`;
    outcome.skipped.push({
      id,
      serial: other.serial,
      reason: `Registered in ${where}, not the tenant in use: switch to it to act on this device.`,
    });
  }

  /** The backend of the tenant in use; refused while the console is still connecting. */
  requireBackend(): RegistrationBackend {
    if (!this.backend)
      throw new AppError('not-ready', 'The console is still connecting to the tenant; try again in a moment.');
    return this.backend;
  }

  private onProgress(id: string, patch: DevicePatch): void {
    const before = this.records.get(id)?.view;
    const view = this.records.patch(id, patch);
    if (!before || !view || !patch.stage || patch.stage === before.stage) return;
    const corporateDone = view.kind === 'corporate-identifier' && view.stage === 'imported';
    if (!isTerminal(view.stage) && !corporateDone) return;
    const problem = view.problem;
    this.activity.add({
      action: 'Registration outcome',
      serial: view.serial,
      groupTag: view.groupTag,
      outcome: view.stage === 'ready' || corporateDone ? 'ok' : 'failed',
      detail: corporateDone
        ? 'Added as corporate identifier (the device preparation policy and its device group are set up in Intune)'
        : view.stage === 'ready'
          ? 'Ready for OOBE'
          : `${STAGE_LABELS[view.stage]}${problem ? ` (${problem.code}): ${problem.reason}` : ''}`,
    });
  }
}

/** True when the fields name another tag or user than the device has. */
function changesFields(record: DeviceRecord, fields: Fields): boolean {
  return (
    (fields.groupTag !== undefined && fields.groupTag.trim() !== record.view.groupTag.trim()) ||
    (fields.assignedUser !== undefined &&
      fields.assignedUser.trim().toLowerCase() !== record.view.assignedUser.trim().toLowerCase())
  );
}

function definedFields(fields: Fields): Pick<DevicePatch, 'groupTag' | 'assignedUser'> {
  return {
    ...(fields.groupTag !== undefined ? { groupTag: fields.groupTag } : {}),
    ...(fields.assignedUser !== undefined ? { assignedUser: fields.assignedUser } : {}),
  };
}

/** What the engine is given for a device: its serial and hash, tag and user, and where it came from. */
function registrationInput(record: DeviceRecord): RegistrationInput {
  const v = record.view;
  return {
    serial: v.serial,
    hardwareHash: record.hardwareHash,
    groupTag: v.groupTag,
    assignedUser: v.assignedUser,
    ...(v.deviceName ? { deviceName: v.deviceName } : {}),
    source: v.source,
    origin: v.origin,
  };
}
