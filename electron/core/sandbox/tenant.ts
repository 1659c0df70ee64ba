/** The sandbox tenant: stored data plus the operations Graph routes and test hooks perform on it. */
import type { Clock } from '../clock';
import type { IdSource } from './ids';
import { processImport } from './import-processing';
import type { AutopilotDevice, ImportRecord, TenantData, UpdatableProperty } from './model';
import { jittered, Timeline } from './timeline';
import { DEFAULT_QUIRKS } from './presets';
import type { Latencies, SandboxQuirks } from './types';

/** Fields a client may send when creating an import record. */
export interface ImportInput {
  groupTag?: string | null;
  serialNumber?: string | null;
  productKey?: string | null;
  importId?: string | null;
  hardwareIdentifier?: string | null;
  assignedUserPrincipalName?: string | null;
}

export interface DeviceSpec {
  serial: string;
  manufacturer: string;
  model: string;
  groupTag: string;
}

/** A device registered (and listed) at `at`, as if imported then. */
export function makeDevice(ids: IdSource, spec: DeviceSpec, at: number): AutopilotDevice {
  return {
    id: ids.guid(),
    serialNumber: spec.serial,
    manufacturer: spec.manufacturer,
    model: spec.model,
    productKey: '',
    groupTag: spec.groupTag,
    purchaseOrderIdentifier: '',
    userPrincipalName: '',
    addressableUserName: '',
    displayName: '',
    deviceFriendlyName: '',
    deviceAccountUpn: '',
    osBuild: '10.0.26100.4349',
    azureAdDeviceId: ids.guid(),
    entraObjectId: ids.guid(),
    registeredAt: at,
    visibleAt: at,
    tagHistory: [{ at, groupTag: spec.groupTag }],
  };
}

export type SyncOutcome = { kind: 'started' } | { kind: 'inProgress' } | { kind: 'tooSoon'; retryAfterMs: number };

export class Tenant {
  readonly timeline: Timeline;
  private listeners: (() => void)[] = [];

  constructor(
    readonly data: TenantData,
    readonly clock: Clock,
    readonly ids: IdSource,
    private latencies: Latencies,
    readonly quirks: SandboxQuirks = DEFAULT_QUIRKS,
  ) {
    this.timeline = new Timeline(data, () => this.latencies);
  }

  get latency(): Latencies {
    return this.latencies;
  }

  setLatencies(overrides: Partial<Latencies>): void {
    this.latencies = { ...this.latencies, ...overrides };
  }

  now(): number {
    return this.clock.now();
  }

  /** Registers a callback run after every change (used to save the state file). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  importDueAt(record: ImportRecord): number {
    return record.createdAt + jittered(this.latencies.import, `${record.id}:import`, this.latencies.jitter);
  }

  /** Applies property changes whose read-back lag has passed and forgets deletions that are complete. */
  private settleDevices(now: number): void {
    for (const device of this.data.devices) {
      const pending = device.pendingProperties ?? [];
      while (pending.length > 0 && (pending[0] as { at: number }).at <= now) {
        const change = pending.shift() as { at: number; values: Partial<Record<UpdatableProperty, string>> };
        for (const [name, value] of Object.entries(change.values) as [UpdatableProperty, string][]) {
          if (name === 'groupTag') {
            if (value !== device.groupTag) device.tagHistory.push({ at: change.at, groupTag: value });
          }
          device[name] = value;
        }
      }
      if (pending.length === 0) delete device.pendingProperties;
    }
    const gone = this.data.devices.filter(
      (device) => device.deletedAt !== undefined && now >= device.deletedAt + this.latencies.deleteGone,
    );
    if (gone.length > 0) this.data.devices = this.data.devices.filter((device) => !gone.includes(device));
  }

  /** Processes every import whose latency has elapsed, in the order the service would have. */
  settle(): void {
    const now = this.now();
    this.settleDevices(now);
    const due = this.data.imports
      .filter((r) => !r.result && this.importDueAt(r) <= now)
      .sort((a, b) => this.importDueAt(a) - this.importDueAt(b) || a.seq - b.seq);
    for (const record of due) {
      const at = this.importDueAt(record);
      const decision = processImport(record, at, {
        devices: this.data.devices,
        foreignSerials: this.data.foreignSerials,
        forcedErrors: this.data.forcedErrors ?? {},
        hashNot4k: this.quirks.hashNot4k,
        imports: this.data.imports,
        newId: () => this.ids.guid(),
      });
      record.result = decision.result;
      if (decision.hash) {
        const id = decision.result.deviceRegistrationId;
        this.data.devices.push({
          id,
          serialNumber: decision.hash.serial,
          manufacturer: decision.hash.manufacturer,
          model: decision.hash.model,
          productKey: record.productKey,
          groupTag: record.groupTag,
          purchaseOrderIdentifier: '',
          userPrincipalName: record.assignedUserPrincipalName,
          addressableUserName: '',
          displayName: '',
          deviceFriendlyName: '',
          deviceAccountUpn: '',
          osBuild: decision.hash.osBuild,
          azureAdDeviceId: this.ids.guid(),
          entraObjectId: this.ids.guid(),
          registeredAt: at,
          visibleAt: this.visibleAt(id, at),
          tagHistory: [{ at, groupTag: record.groupTag }],
        });
      }
    }
    if (due.length > 0) this.changed();
  }

  /** When a newly registered identity is listed: after its latency, or at the end of a sync that ran meanwhile. */
  private visibleAt(id: string, registeredAt: number): number {
    const normal = registeredAt + jittered(this.latencies.identity, `${id}:identity`, this.latencies.jitter);
    const syncEnds = this.data.syncTriggers
      .map((t) => t + this.latencies.syncDuration)
      .filter((t) => t >= registeredAt);
    return Math.min(normal, ...syncEnds);
  }

  /** Stores new import records; they are processed lazily once their import latency has elapsed. */
  createImports(inputs: ImportInput[], batchKey: string): ImportRecord[] {
    this.settle();
    const now = this.now();
    const records = inputs.map((input) => {
      const record: ImportRecord = {
        id: this.ids.guid(),
        seq: this.data.nextSeq++,
        groupTag: input.groupTag ?? '',
        serialNumber: input.serialNumber ?? '',
        productKey: input.productKey ?? '',
        importId: input.importId ?? '',
        hardwareIdentifier: input.hardwareIdentifier ?? '',
        assignedUserPrincipalName: input.assignedUserPrincipalName ?? '',
        createdAt: now,
        batchKey: input.importId ? `importId:${input.importId}` : batchKey,
      };
      this.data.imports.push(record);
      return record;
    });
    this.changed();
    return records;
  }

  findImport(id: string): ImportRecord | undefined {
    this.settle();
    return this.data.imports.find((r) => r.id.toLowerCase() === id.toLowerCase());
  }

  deleteImport(id: string): boolean {
    const record = this.findImport(id);
    if (!record) return false;
    this.data.imports = this.data.imports.filter((r) => r !== record);
    this.changed();
    return true;
  }

  /** Identities Graph lists now (a deleted one for a while after the DELETE). */
  visibleDevices(): AutopilotDevice[] {
    this.settle();
    const now = this.now();
    return this.data.devices.filter(
      (d) => d.visibleAt <= now && (d.deletedAt === undefined || now < d.deletedAt + this.latencies.deleteListed),
    );
  }

  findDevice(id: string): AutopilotDevice | undefined {
    return this.visibleDevices().find((d) => d.id.toLowerCase() === id.toLowerCase());
  }

  /** Entra device objects that exist now (Autopilot creates them at registration). */
  entraDevices(): AutopilotDevice[] {
    this.settle();
    const now = this.now();
    return this.data.devices.filter((d) => d.registeredAt <= now && d.deletedAt === undefined);
  }

  /** A device registered (and listed) at `at`, as if imported then; used by the seed and test hooks. */
  makeDevice(spec: DeviceSpec, at: number): AutopilotDevice {
    return makeDevice(this.ids, spec, at);
  }

  setGroupTag(device: AutopilotDevice, groupTag: string): void {
    device.groupTag = groupTag;
    device.tagHistory.push({ at: this.now(), groupTag });
    this.changed();
  }

  /** Accepts a deletion: the record stays listed for a while and blocks imports of its serial (806) longer. */
  deleteDevice(device: AutopilotDevice): void {
    device.deletedAt ??= this.now();
    this.changed();
  }

  /** Accepts updateDeviceProperties: the values read back after the property lag. */
  updateProperties(device: AutopilotDevice, values: Partial<Record<UpdatableProperty, string>>): void {
    const at =
      this.now() + jittered(this.latencies.propertyLag, `${device.id}:${this.now()}:props`, this.latencies.jitter);
    device.pendingProperties = [...(device.pendingProperties ?? []), { at, values }];
    this.changed();
  }

  /** Starts a manual sync unless one runs (409) or the last one was under the cooldown ago (429). */
  triggerSync(): SyncOutcome {
    this.settle();
    const now = this.now();
    const last = this.data.syncTriggers[this.data.syncTriggers.length - 1];
    if (last !== undefined && now < last + this.latencies.syncDuration) return { kind: 'inProgress' };
    if (last !== undefined && now < last + this.latencies.syncCooldown) {
      return { kind: 'tooSoon', retryAfterMs: last + this.latencies.syncCooldown - now };
    }
    this.data.syncTriggers.push(now);
    for (const device of this.data.devices) {
      if (device.visibleAt > now + this.latencies.syncDuration) device.visibleAt = now + this.latencies.syncDuration;
    }
    this.changed();
    return { kind: 'started' };
  }

  syncState(): { status: 'completed' | 'inProgress'; lastSyncAt: number; lastManualAt: number | null } {
    const now = this.now();
    const last = this.data.syncTriggers[this.data.syncTriggers.length - 1];
    if (last === undefined) return { status: 'completed', lastSyncAt: this.data.initialSyncAt, lastManualAt: null };
    const end = last + this.latencies.syncDuration;
    const finished = this.data.syncTriggers.map((t) => t + this.latencies.syncDuration).filter((t) => t <= now);
    return {
      status: now < end ? 'inProgress' : 'completed',
      lastSyncAt: finished.length > 0 ? Math.max(...finished) : this.data.initialSyncAt,
      lastManualAt: last,
    };
  }
}
