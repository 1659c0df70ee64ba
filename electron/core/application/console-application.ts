import type { CsvDevice } from '../../../shared/domain/csv/row-checker';
import type { DeviceView } from '../../../shared/domain/device';
import { validateHash } from '../../../shared/domain/hash/validate';
import type { z } from 'zod';
import type { invokeContract, InvokeChannel, ResponseOf } from '../../../shared/ipc/contract';
import type { RemoteCaptureProvider } from '../capture/remote';
import type { CaptureProvider, CapturedDevice } from '../capture/types';
import { systemClock, type Clock } from '../clock';
import { AppError } from '../errors';
import { EventHub } from '../events';
import { ActivityLog } from './activity-log';
import { activityContextOf } from './activity-who';
import type { FlushScheduler } from './device-board';
import { deviceIdentity, DeviceRecords, type DeviceRecord } from './device-records';
import { boardCsv, detailOf } from './device-reports';
import { formCredentials, type TenantTester } from './form-test';
import { ImportService } from './import-service';
import { showOfflineQueue, type OfflineQueueAccess } from './offline-queue-service';
import { exportOffline, type ExportDelivery } from './offline-export';
import { fixedFolderPicker, type FolderPicker } from './platform';
import type { BackendFactory } from './registration-backend';
import { checkGroupTag, Registrations } from './registrations';
import { createMemorySecretStore } from './secret-store';
import { signInHostOf, signOutPerson, startPersonSignIn, type OpenExternal, type SignInHost } from './person-sign-in';
import { ServiceDesk } from './service-desk';
import { SettingsService, tenantSaveEntries } from './settings-service';
import { WatchService, type WatchStarter } from './watch-service';

/** Devices per pushed 'devices:changed' event at most. */
export const PUSH_SLICE = 400;

/** Which tenant the application works against. */
export interface TenantDescription {
  kind: 'sandbox' | 'tenant';
  label: string;
  /** The person signed in, when the console signs in as one. */
  account?: string;
}

/** What the application needs from whoever starts it (start.ts for the hosts, tests). */
export interface ConsoleApplicationOptions {
  version: string;
  platform: string;
  /** Shown until a backend is started. */
  tenant?: TenantDescription;
  captureProvider: CaptureProvider;
  /** Captures another PC over WinRM (the sandbox's bench network on the sandbox tenant). */
  remoteCaptureProvider?: RemoteCaptureProvider;
  clock?: Clock;
  schedule?: FlushScheduler;
  settings?: SettingsService;
  activity?: ActivityLog;
  /** Starts the sandbox or tenant backend (the engine on a sandbox or tenant). */
  backends: BackendFactory;
  picker?: FolderPicker;
  /** Where an offline export goes: a folder the picker asks for (desktop), or the browser's downloads. */
  exportTo?: ExportDelivery;
  watchStarter?: WatchStarter | null;
  /** Who works at this console (the OS user), for the activity log. */
  actor?: string;
  /** Opens the system browser for a person's sign-in (Electron: shell.openExternal); absent in the browser console. */
  openExternal?: OpenExternal;
  /** Tests tenant settings that are not in use ("Test connection" on the form's values). */
  tester?: TenantTester;
  /** The offline queue of the state folder: shown on the board, and left by devices once registered. */
  offlineQueue?: OfflineQueueAccess;
}

/** The request of an operation, as validated by the contract. */
type Request<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['request']>;

/** A file-name stamp of the application's clock: 2026-03-02-08-00-00. */
function stamp(now: number): string {
  return new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

/**
 * The console as one object: its methods are the operations of the IPC contract (shared/ipc/contract.ts),
 * which both transports serve through ipc/handlers.ts. It owns the devices (keyed by the journal's serial
 * key), the registrations on the tenant in use, settings, the activity log and the watch folder. Electron-free.
 */
export class ConsoleApplication {
  /** Every push event for renderers. */
  readonly events = new EventHub();
  readonly records: DeviceRecords;
  readonly activity: ActivityLog;
  private readonly registrations: Registrations;
  private readonly serviceDesk: ServiceDesk;
  private readonly settings: SettingsService;
  private readonly imports: ImportService;
  private readonly watch: WatchService;
  private readonly picker: FolderPicker;
  private readonly clock: Clock;
  private readonly now: () => number;
  /** Board ids of devices shown from the offline queue, with their queue keys. */
  private queued = new Map<string, string>();

  constructor(private readonly options: ConsoleApplicationOptions) {
    this.clock = options.clock ?? systemClock;
    this.now = () => this.clock.now();
    this.records = new DeviceRecords(this.now, options.schedule);
    this.records.board.subscribe((change) => {
      // Large changes go out in slices: one 5,000-device frame is a single parse long enough to stall a
      // renderer, while slices are parsed between frames (the renderer folds them back into one update).
      const slices = Math.max(1, Math.ceil(change.upserts.length / PUSH_SLICE));
      for (let i = 0; i < slices; i++) {
        const upserts = change.upserts.slice(i * PUSH_SLICE, (i + 1) * PUSH_SLICE);
        this.events.publish('devices:changed', { upserts, removed: i === 0 ? change.removed : [] });
      }
    });
    this.settings = options.settings ?? SettingsService.inMemory(createMemorySecretStore());
    this.activity = options.activity ?? ActivityLog.inMemory({ actor: options.actor ?? 'technician', now: this.now });
    this.activity.subscribe((entries) => this.events.publish('activity:added', { entries }));
    this.activity.describeWith(() =>
      activityContextOf(this.registrations.mode, this.settings.current.auth, this.registrations.clientId),
    );
    this.registrations = new Registrations({
      records: this.records,
      events: this.events,
      settings: this.settings,
      activity: this.activity,
      backends: options.backends,
      now: this.now,
    });
    this.serviceDesk = new ServiceDesk({
      registrations: this.registrations,
      records: this.records,
      activity: this.activity,
    });
    this.imports = new ImportService(
      (serial, hash = '') => this.records.get(deviceIdentity(serial, hash).id) !== undefined,
      this.now,
    );
    this.picker = options.picker ?? fixedFolderPicker({});
    this.watch = new WatchService(
      this.settings,
      this.picker,
      options.watchStarter ?? null,
      (status) => this.events.publish('watch:status', status),
      this.now,
      this.activity,
    );
  }

  /** The tenant in use. */
  get tenant(): TenantDescription {
    return this.registrations.mode ?? this.options.tenant ?? { kind: 'sandbox', label: 'Sandbox tenant' };
  }

  /** Every device as the board shows it. */
  get board(): DeviceView[] {
    return this.records.board.list();
  }

  /** Starts on the configured tenant (the sandbox when none is ready) and resumes the watch folder. */
  async start(): Promise<void> {
    // Before any tenant's journal is open here: per-tenant queues of earlier versions can be moved in.
    if (this.options.offlineQueue)
      this.queued = await showOfflineQueue(this.options.offlineQueue, this.records, this.activity, this.now());
    await this.registrations
      .use(this.settings.tenantReady() ? 'tenant' : 'sandbox')
      .catch(() => this.registrations.use('sandbox'));
    await this.watch.resume();
  }

  /** Stops the watch folder and the backend, and waits for the activity log's last writes. */
  async close(): Promise<void> {
    await this.watch.close();
    await this.registrations.close();
    await this.activity.flushed();
  }

  /** Adds the good devices of a watched file (with the watch's tag when a row has none), registering them if asked. */
  async ingestWatched(
    devices: readonly CsvDevice[],
    fileName: string,
    watch: { groupTag: string; register: boolean },
  ): Promise<void> {
    const added = this.records.addArriving(
      devices.map((device) => ({
        ...device,
        origin: fileName,
        warnings: [],
        groupTag: device.groupTag || watch.groupTag,
      })),
      'watch',
      this.now(),
    );
    this.activity.add({
      action: 'Watch folder',
      serial: '',
      groupTag: watch.groupTag,
      outcome: 'info',
      detail: `${fileName}: ${added.length} added`,
    });
    if (watch.register && added.length > 0) await this.registrations.register(added);
  }

  // The operations of the contract (shared/ipc/contract.ts), in its order; ipc/handlers.ts maps channels to them.

  /** 'app:info': version, platform and the tenant in use. */
  info(): Promise<ResponseOf<'app:info'>> {
    return Promise.resolve({
      version: this.options.version,
      platform: this.options.platform,
      tenant: { ...this.tenant },
    });
  }

  /** 'devices:list': every device on the board. */
  listDevices(): Promise<ResponseOf<'devices:list'>> {
    return Promise.resolve({ devices: this.board });
  }

  /** 'capture:this-device': captures this device and adds it to the board at "Hash collected". */
  async captureThisDevice(request: Request<'capture:this-device'>): Promise<ResponseOf<'capture:this-device'>> {
    const device = await this.options.captureProvider.capture();
    return this.addCaptured(device, request, 'Add this device');
  }

  /** 'capture:remote': captures another PC over WinRM; the password is used for this capture only. */
  async captureRemote(request: Request<'capture:remote'>): Promise<ResponseOf<'capture:remote'>> {
    const provider = this.options.remoteCaptureProvider;
    if (!provider) throw new AppError('not-available', 'Capturing another PC is not available in this console.');
    const { computer, user = '', password = '' } = request;
    const device = await provider.capture({ computer, user, password });
    const name = computer.toUpperCase();
    return this.addCaptured(device, request, `Add ${name}`, `${name} (${device.provider})`);
  }

  /** Adds a captured device at "Hash collected" with the same validation wherever it was captured. */
  private addCaptured(
    device: CapturedDevice,
    request: { groupTag?: string | undefined; assignedUser?: string | undefined },
    action: string,
    origin = device.provider,
  ): ResponseOf<'capture:this-device'> {
    const { groupTag = '', assignedUser = '' } = request;
    const check = validateHash(device.hardwareHash, { serial: device.serial, now: this.now() });
    const warnings = [...check.errors, ...check.warnings].map((finding) => finding.message);
    this.records.addArriving([{ ...device, origin, warnings, groupTag, assignedUser }], 'capture', this.now());
    const record = this.record(deviceIdentity(device.serial, device.hardwareHash).id);
    // Provider notes (which provider and why, missing TPM driver ...) belong on the device's timeline.
    for (const note of device.notes) this.records.patch(record.view.id, { note });
    this.activity.add({
      action,
      serial: device.serial,
      groupTag,
      outcome: 'ok',
      detail: `Captured with the ${device.provider} provider`,
    });
    return { device: record.view, provider: device.provider };
  }

  /** 'devices:register': registers devices (optionally with a new tag or user) and follows them. */
  async register(request: Request<'devices:register'>): Promise<ResponseOf<'devices:register'>> {
    const outcome = await this.registrations.register(request.ids, request, request.replaceIds ?? []);
    // A queued device handed to the tenant's registration leaves the offline queue (the journal has it now).
    const taken = outcome.done.filter((id) => this.queued.has(id));
    if (taken.length > 0 && this.options.offlineQueue) {
      await this.options.offlineQueue.take(taken.map((id) => this.queued.get(id) as string));
      for (const id of taken) this.queued.delete(id);
    }
    return outcome;
  }

  /** 'devices:register-corporate': adds devices as corporate identifiers for Autopilot device preparation. */
  registerCorporate(request: Request<'devices:register-corporate'>): Promise<ResponseOf<'devices:register-corporate'>> {
    return this.registrations.registerCorporate(request.ids);
  }

  /** 'groups:search': groups by display name, for the static group picker. */
  async searchGroups(request: Request<'groups:search'>): Promise<ResponseOf<'groups:search'>> {
    return { groups: await this.registrations.searchGroups(request.query) };
  }

  /** 'devices:retry': starts failed or timed-out devices again. */
  retry(request: Request<'devices:retry'>): Promise<ResponseOf<'devices:retry'>> {
    return this.registrations.retry(request.ids);
  }

  /** 'devices:update': changes tag and/or user; registered devices are updated in the tenant. */
  update(request: Request<'devices:update'>): Promise<ResponseOf<'devices:update'>> {
    return this.registrations.update(request.ids, request);
  }

  /** 'devices:remove': removes devices from the board (the tenant is not changed). */
  remove(request: Request<'devices:remove'>): Promise<ResponseOf<'devices:remove'>> {
    return Promise.resolve(this.registrations.remove(request.ids));
  }

  /** 'devices:export-csv': the board's view of devices as CSV. */
  exportDevicesCsv(request: Request<'devices:export-csv'>): Promise<ResponseOf<'devices:export-csv'>> {
    const views = request.ids.map((id) => this.records.get(id)?.view).filter((view) => view !== undefined);
    return Promise.resolve({ fileName: `autopilot-board-${stamp(this.now())}.csv`, content: boardCsv(views) });
  }

  /** 'devices:detail': timeline, hash validation report and Graph ids of one device. */
  deviceDetail(request: Request<'devices:detail'>): Promise<ResponseOf<'devices:detail'>> {
    return Promise.resolve(detailOf(this.record(request.id), this.now()));
  }

  /** 'import:read': reads a CSV file's bytes and reports on every row; queues nothing. */
  readImport(request: Request<'import:read'>): Promise<ResponseOf<'import:read'>> {
    return this.imports.read(request.fileName, request.bytesBase64);
  }

  /** 'import:queue': adds the valid rows of a read CSV to the board, and registers them when asked. */
  async queueImport(request: Request<'import:queue'>): Promise<ResponseOf<'import:queue'>> {
    if (request.groupTag) checkGroupTag(request.groupTag);
    const pending = this.imports.take(request.importId);
    const arriving = pending.devices.map(({ device, warnings }) => ({
      ...device,
      origin: pending.fileName,
      warnings,
      groupTag: request.overrideTags || !device.groupTag ? (request.groupTag ?? device.groupTag) : device.groupTag,
      assignedUser: request.assignedUser || device.assignedUser,
    }));
    const added = this.records.addArriving(arriving, 'csv', this.now());
    const skipped = arriving.length - added.length;
    this.activity.add({
      action: 'Import CSV',
      serial: '',
      groupTag: request.groupTag ?? '',
      outcome: 'info',
      detail: `${pending.fileName}: ${added.length} added${skipped ? `, ${skipped} already on the board` : ''}`,
    });
    if (request.groupTag) await this.settings.rememberTag(request.groupTag);
    if (request.register && added.length > 0) await this.registrations.register(added);
    return { added, skipped };
  }

  /** 'tags:list': known tags with their group and profile, and the last tag used. */
  listTags(request: Request<'tags:list'>): Promise<ResponseOf<'tags:list'>> {
    return this.registrations.tags(request.refresh ?? false);
  }

  /** 'records:lookup': the tenant's Autopilot records of serials, registered here or not. */
  async lookupRecords(request: Request<'records:lookup'>): Promise<ResponseOf<'records:lookup'>> {
    return { results: await this.serviceDesk.lookup(request.serials) };
  }

  /** 'records:change': changes tag, user and/or name of records, each followed to its read-back. */
  async changeRecords(request: Request<'records:change'>): Promise<ResponseOf<'records:change'>> {
    const { serials, ...change } = request;
    if (change.groupTag) checkGroupTag(change.groupTag);
    return { results: await this.serviceDesk.change(serials, change) };
  }

  /** 'records:deregister': deregisters records (refused while enrolled). */
  async deregisterRecords(request: Request<'records:deregister'>): Promise<ResponseOf<'records:deregister'>> {
    return { results: await this.serviceDesk.deregister(request.serials) };
  }

  /** 'records:sync': an Autopilot sync within the 10-minute rule. */
  requestSync(): Promise<ResponseOf<'records:sync'>> {
    return this.serviceDesk.sync();
  }

  /** The tenant's sign-in as a person, when the console signs in as one (undefined otherwise). */
  get person(): SignInHost['person'] {
    return this.registrations.person;
  }

  /** 'signin:start': a person's sign-in in the system browser (or a new tab of the browser console). */
  startSignIn(): Promise<ResponseOf<'signin:start'>> {
    return startPersonSignIn(this.signInHost(), this.options.openExternal);
  }

  /** 'signin:sign-out': the person's tokens leave the cache; the console stays on the tenant. */
  signOut(): Promise<ResponseOf<'signin:sign-out'>> {
    return signOutPerson(this.signInHost());
  }

  private signInHost(): SignInHost {
    return signInHostOf(this.registrations, this.activity, this.events);
  }

  /** 'settings:get': tenant settings (never the secret) and where the secret is kept. */
  getSettings(): Promise<ResponseOf<'settings:get'>> {
    return Promise.resolve(this.settingsView());
  }

  /** 'settings:set': saves tenant settings (the secret is write-only) and logs it. */
  async saveSettings(request: Request<'settings:set'>): Promise<ResponseOf<'settings:set'>> {
    this.activity.add(...tenantSaveEntries(await this.settings.saveTenant(request)));
    this.activity.add({
      action: 'Settings saved',
      serial: '',
      groupTag: '',
      outcome: 'info',
      detail: `Tenant ${request.tenantId || '(none)'}, cloud ${request.cloud}`,
    });
    return this.settingsView();
  }

  /** 'tenant:use': switches between the sandbox and the configured tenant. */
  useTenant(request: Request<'tenant:use'>): Promise<ResponseOf<'tenant:use'>> {
    return this.registrations.use(request.kind);
  }

  /** 'tenant:test': pre-flight of the settings form's values (saved or not), else of the tenant in use. */
  async testTenant(request: Request<'tenant:test'> = {}): Promise<ResponseOf<'tenant:test'>> {
    const form = request.settings;
    if (!form || !form.tenantId.trim() || !form.clientId.trim() || !this.options.tester) {
      const report = await this.registrations.doctor();
      return { ...report, tested: { values: `the tenant in use: ${this.tenant.label}`, saved: true } };
    }
    const { tenant, tested, saved } = await formCredentials(this.settings, form);
    const report = await this.options.tester(tenant, form.tenantId.trim());
    return { ...report, tested: { values: tested, saved } };
  }

  /** 'export:offline': writes devices as Intune CSV files into a folder the user chooses. */
  exportOffline(request: Request<'export:offline'>): Promise<ResponseOf<'export:offline'>> {
    const { records, activity, picker, now } = this;
    return exportOffline({ records, activity, picker, now, to: this.options.exportTo ?? 'folder' }, request.ids);
  }

  /** 'activity:list': the activity log, newest last. */
  listActivity(): Promise<ResponseOf<'activity:list'>> {
    return Promise.resolve({ entries: this.activity.list() });
  }

  /** 'activity:export': the activity log as CSV. */
  exportActivity(): Promise<ResponseOf<'activity:export'>> {
    return Promise.resolve({ fileName: `autopilot-activity-${stamp(this.now())}.csv`, content: this.activity.toCsv() });
  }

  /** 'watch:get': the watch folder's status. */
  watchStatus(): Promise<ResponseOf<'watch:get'>> {
    return Promise.resolve(this.watch.status());
  }

  /** 'watch:choose-folder': asks the user for the watch folder. */
  chooseWatchFolder(): Promise<ResponseOf<'watch:choose-folder'>> {
    return this.watch.chooseFolder();
  }

  /** 'watch:set': turns the watch folder on or off and sets its tag. */
  setWatch(request: Request<'watch:set'>): Promise<ResponseOf<'watch:set'>> {
    return this.watch.configure(request);
  }

  /** Settings as the renderer sees them. */
  private settingsView(): ResponseOf<'settings:get'> {
    return {
      tenant: this.settings.view(),
      secretStorage: { persistent: this.settings.secrets.persistent, description: this.settings.secrets.description },
      tenantReady: this.settings.tenantReady(),
      mode: this.registrations.mode ?? { kind: 'sandbox', label: 'Connecting…' },
      personCache: this.settings.personCache.description,
    };
  }

  private record(id: string): DeviceRecord {
    const found = this.records.get(id);
    if (!found) throw new AppError('not-found', 'That device is no longer on the board.');
    return found;
  }
}
