import { randomUUID } from 'node:crypto';
import { isTerminal, STAGE_LABELS, type DeviceView } from '../../../shared/domain/device';
import { csvValueProblem } from '../../../shared/domain/csv/values';
import type { BulkOutcome, TagChain } from '../../../shared/ipc/device-schemas';
import type { SettingsView, TenantMode } from '../../../shared/ipc/settings-schemas';
import type { DeviceBoard } from '../board/device-board';
import type { CapturedDevice } from '../capture/types';
import { AppError } from '../errors';
import type { EventHub } from '../events';
import { ActivityLog } from './activity-log';
import type { BackendDevice, BackendFactory, BackendTag, RegistrationBackend } from './backend';
import { DeviceRecords, type DevicePatch, type DeviceRecord } from './device-records';
import { ImportService } from './import-service';
import { mergeTagChains } from './tag-catalog';
import type { SettingsService } from './settings-service';

/** What the console app is built from. */
export interface ConsoleAppOptions {
  board: DeviceBoard;
  events: EventHub;
  settings: SettingsService;
  activity: ActivityLog;
  backends: BackendFactory;
  now: () => number;
  newId?: () => string;
}

type Fields = { groupTag?: string | undefined; assignedUser?: string | undefined };

/** Refuses a tag that would break an Intune CSV or the [OrderID] rule. */
export function checkGroupTag(tag: string): void {
  const problem = tag === '' ? null : csvValueProblem(tag);
  if (problem) throw new AppError('bad-input', `Group tag "${tag}" ${problem}.`);
}

/**
 * The desktop console's services: devices and their timelines, registration through the backend of
 * the tenant in use (sandbox or real), tags, settings and the activity log. Electron-free.
 */
export class ConsoleApp {
  readonly records: DeviceRecords;
  readonly imports: ImportService;
  private backend: RegistrationBackend | null = null;
  private tagCache: { tags: BackendTag[]; note: string | null } | null = null;
  private readonly newId: () => string;

  constructor(private readonly options: ConsoleAppOptions) {
    this.records = new DeviceRecords(options.board, options.now);
    this.imports = new ImportService((serial) => this.records.findBySerial(serial) !== undefined, options.now);
    this.newId = options.newId ?? randomUUID;
    options.activity.subscribe((entries) => options.events.publish('activity:added', { entries }));
  }

  get settings(): SettingsService {
    return this.options.settings;
  }

  get activity(): ActivityLog {
    return this.options.activity;
  }

  /** The tenant in use. */
  get mode(): TenantMode | null {
    return this.backend?.mode ?? null;
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
      onUpdate: (id, patch) => this.onProgress(id, patch),
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
    this.restoreFrom(next);
    this.options.events.publish('tenant:changed', next.mode);
    return next.mode;
  }

  /** Settings as the renderer sees them. */
  settingsView(): SettingsView {
    return {
      tenant: this.settings.view(),
      secretStorage: { persistent: this.settings.secrets.persistent, description: this.settings.secrets.description },
      tenantReady: this.settings.tenantReady(),
      mode: this.mode ?? { kind: 'sandbox', label: 'Connecting…' },
      personCache: this.settings.personCache.description,
    };
  }

  /** Adds a captured or imported device at "Hash collected"; a serial already on the board is not added twice. */
  addDevice(
    device: Omit<CapturedDevice, 'notes'> & { warnings: string[] },
    fields: Fields,
    source: DeviceView['source'],
  ): DeviceRecord {
    const existing = this.records.findBySerial(device.serial);
    if (existing) return existing;
    const at = new Date(this.options.now()).toISOString();
    return this.records.add({
      hardwareHash: device.hardwareHash,
      productId: device.productId,
      uuid: device.uuid,
      view: {
        id: this.newId(),
        serial: device.serial,
        manufacturer: device.manufacturer,
        model: device.model,
        groupTag: fields.groupTag ?? '',
        assignedUser: fields.assignedUser ?? '',
        stage: 'collected',
        stageTimes: { collected: at },
        notObservable: [],
        problem: null,
        source,
        origin: device.provider,
        warnings: device.warnings,
        autopilotDeviceId: null,
        entraDeviceId: null,
        updatedAt: at,
      },
    });
  }

  /** Registers devices at "Hash collected" (or stopped ones, again), optionally with a new tag/user. */
  async register(ids: readonly string[], fields: Fields = {}): Promise<BulkOutcome> {
    if (fields.groupTag !== undefined) checkGroupTag(fields.groupTag);
    const outcome: BulkOutcome = { done: [], skipped: [] };
    const batch: BackendDevice[] = [];
    for (const id of ids) {
      const record = this.records.get(id);
      if (!record) continue;
      const { stage, serial } = record.view;
      if (stage !== 'collected' && stage !== 'failed' && stage !== 'timed-out') {
        outcome.skipped.push({
          id,
          serial,
          reason: `Already ${STAGE_LABELS[stage].toLowerCase()}: use "Change tag or user" to move it.`,
        });
        continue;
      }
      const view = this.records.patch(id, {
        ...definedFields(fields),
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
      batch.push(backendDevice(record));
      outcome.done.push(id);
      this.activity.add({
        action: 'Register',
        serial,
        groupTag: view.groupTag,
        outcome: 'info',
        detail: view.assignedUser ? `Assigned user ${view.assignedUser}` : 'Queued for registration',
      });
    }
    if (fields.groupTag) await this.settings.rememberTag(fields.groupTag);
    if (batch.length > 0) await this.requireBackend().register(batch);
    return outcome;
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
    }
    return outcome;
  }

  /** Changes tag and/or user; registered devices are updated in the tenant and followed to the new profile. */
  async update(ids: readonly string[], fields: Fields): Promise<BulkOutcome> {
    if (fields.groupTag !== undefined) checkGroupTag(fields.groupTag);
    const outcome: BulkOutcome = { done: [], skipped: [] };
    const registered: BackendDevice[] = [];
    for (const id of ids) {
      const record = this.records.get(id);
      if (!record) continue;
      const isRegistered = record.view.autopilotDeviceId !== null;
      const view = this.records.patch(id, {
        ...definedFields(fields),
        ...(isRegistered ? { stage: 'imported' as const, problem: null, inProgress: true } : {}),
        note: `Tag "${fields.groupTag ?? record.view.groupTag}", user "${fields.assignedUser ?? record.view.assignedUser}"`,
      });
      if (!view) continue;
      if (isRegistered) registered.push(backendDevice(record));
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
    if (registered.length > 0) await this.requireBackend().update(registered);
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
    const resume = new Map<string, string>();
    for (const device of restored) {
      const existing = this.records.findBySerial(device.view.serial);
      if (existing) {
        if (device.inFlight) {
          this.records.patch(existing.view.id, { ...device.view, inProgress: true, note: 'Followed again' });
          resume.set(device.view.serial, existing.view.id);
        }
        continue;
      }
      const record = this.records.add({
        view: { ...device.view, id: this.newId() },
        hardwareHash: device.hardwareHash,
        productId: '',
        uuid: device.uuid,
      });
      record.importRecordId = device.importRecordId;
      if (device.inFlight) resume.set(device.view.serial, record.view.id);
    }
    if (restored.length > 0) {
      this.activity.add({
        action: 'Restore',
        serial: '',
        groupTag: '',
        outcome: 'info',
        detail: `${restored.length} devices from the journal, ${resume.size} still being followed`,
      });
    }
    if (resume.size > 0) backend.resume?.(resume);
  }

  private requireBackend(): RegistrationBackend {
    if (!this.backend)
      throw new AppError('not-ready', 'The console is still connecting to the tenant; try again in a moment.');
    return this.backend;
  }

  private onProgress(id: string, patch: DevicePatch): void {
    const before = this.records.get(id)?.view;
    const view = this.records.patch(id, patch);
    if (!before || !view || !patch.stage || patch.stage === before.stage || !isTerminal(view.stage)) return;
    const problem = view.problem;
    this.activity.add({
      action: 'Registration outcome',
      serial: view.serial,
      groupTag: view.groupTag,
      outcome: view.stage === 'ready' ? 'ok' : 'failed',
      detail:
        view.stage === 'ready'
          ? 'Ready for OOBE'
          : `${STAGE_LABELS[view.stage]}${problem ? ` (${problem.code}): ${problem.reason}` : ''}`,
    });
  }
}

function definedFields(fields: Fields): Pick<DevicePatch, 'groupTag' | 'assignedUser'> {
  return {
    ...(fields.groupTag !== undefined ? { groupTag: fields.groupTag } : {}),
    ...(fields.assignedUser !== undefined ? { assignedUser: fields.assignedUser } : {}),
  };
}

function backendDevice(record: DeviceRecord): BackendDevice {
  const v = record.view;
  return {
    id: v.id,
    serial: v.serial,
    hardwareHash: record.hardwareHash,
    productId: record.productId,
    uuid: record.uuid,
    manufacturer: v.manufacturer,
    model: v.model,
    groupTag: v.groupTag,
    assignedUser: v.assignedUser,
  };
}
