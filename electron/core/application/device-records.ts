import type { DeviceProblem, DeviceView, Stage } from '../../../shared/domain/device';
import { isTerminal, STAGE_LABELS, STAGES } from '../../../shared/domain/device';
import type { TimelineEntry } from '../../../shared/ipc/device-schemas';
import { stageLabelOf } from '../../../shared/domain/corporate';
import { decodeWithPadding } from '../pipeline/prepare';
import { journalKey } from '../store/records';
import { DeviceBoard, type BoardSource, type FlushScheduler } from './device-board';

/** What main keeps about a device beyond its board row: the hash never crosses to the renderer. */
export interface DeviceRecord {
  view: DeviceView;
  hardwareHash: string;
  productId: string;
  uuid: string;
  timeline: TimelineEntry[];
  importRecordId: string | null;
  /** The tenant's existing Autopilot record of the serial was reused (its tag or user updated where they differed) instead of importing the hash. */
  existingRecordReused?: boolean;
  skippedChecks: string[];
  /**
   * The tenant the device was registered in (its key: "sandbox" or "tenant:<id>"), or null while it is registered
   * nowhere yet (captured or imported). The board shows only the active tenant's devices and unregistered ones.
   */
  tenant: string | null;
}

/** A change reported for one device (by the registration backend or the console itself). */
export interface DevicePatch {
  stage?: DeviceView['stage'];
  stageTimes?: DeviceView['stageTimes'];
  problem?: DeviceProblem | null;
  notObservable?: Stage[];
  groupTag?: string;
  assignedUser?: string;
  /** The Autopilot device name to set ('' clears the wish). */
  deviceName?: string;
  autopilotDeviceId?: string | null;
  entraDeviceId?: string | null;
  importRecordId?: string | null;
  existingRecordReused?: boolean;
  skippedChecks?: string[];
  /** Replace the stage times instead of merging (a retry starts a new attempt). */
  replaceStageTimes?: boolean;
  /** The pipeline works on the device (cleared automatically at a terminal stage). */
  inProgress?: boolean;
  /** A line for the timeline (e.g. "Existing record updated: tag OD-RETAIL"). */
  note?: string;
  /** What the device waits for right now ("assigned, syncing with the Autopilot service"); null clears it. */
  waiting?: string | null;
  /** The static groups chosen at registration, and whether the device is in each yet. */
  staticGroups?: DeviceView['staticGroups'];
  /** Registered as a corporate identifier rather than with Windows Autopilot. */
  kind?: DeviceView['kind'];
}

/** A device to add: its id is derived from its serial and hash. */
export type NewDeviceRecord = Omit<DeviceRecord, 'timeline' | 'skippedChecks' | 'view' | 'tenant'> & {
  view: Omit<DeviceView, 'id' | 'hashSerial'>;
  tenant?: string | null;
};

/**
 * The identity of a device from the journal up: the journal's key of the serial Autopilot registers (the one
 * inside the hash, else the one given), and that serial when it differs from the given one.
 */
export function deviceIdentity(serial: string, hardwareHash: string): { id: string; hashSerial?: string } {
  const { decoded } = decodeWithPadding(hardwareHash);
  const inHash = decoded.ok ? decoded.hash.serial.trim() : '';
  const registered = inHash || serial.trim();
  return { id: journalKey(registered), ...(inHash && inHash !== serial ? { hashSerial: inHash } : {}) };
}

/**
 * The devices of the console, one record each, keyed by the journal's serial key: the view the board shows
 * (the journal's own view once the engine follows the device), the hash (never sent to the renderer) and a
 * timeline. The board is a projection of these records.
 */
/** A device arriving on the board: captured on this machine, read from a CSV or taken from the watch folder. */
export interface ArrivingDevice {
  serial: string;
  manufacturer: string;
  model: string;
  hardwareHash: string;
  productId: string;
  uuid: string;
  /** Capture provider or file name. */
  origin: string;
  warnings: string[];
  groupTag: string;
  assignedUser: string;
}

export class DeviceRecords implements BoardSource {
  private readonly records = new Map<string, DeviceRecord>();
  /** The active tenant's key; records of other tenants are out of scope (kept, not shown, not acted on). */
  private scope: string | null = null;
  /** The board: what changed here, pushed to renderers in coalesced slices. */
  readonly board: DeviceBoard;

  constructor(
    private readonly now: () => number,
    schedule?: FlushScheduler,
  ) {
    this.board = new DeviceBoard(this, schedule);
  }

  /**
   * Adds devices at "Hash collected", each under its journal key; a device already on the board is not added
   * twice. Answers the ids added, in order.
   */
  addArriving(devices: readonly ArrivingDevice[], source: DeviceView['source'], now: number): string[] {
    const added: string[] = [];
    const at = new Date(now).toISOString();
    for (const device of devices) {
      if (this.get(deviceIdentity(device.serial, device.hardwareHash).id)) continue;
      const record = this.add({
        hardwareHash: device.hardwareHash,
        productId: device.productId,
        uuid: device.uuid,
        importRecordId: null,
        view: {
          serial: device.serial,
          manufacturer: device.manufacturer,
          model: device.model,
          groupTag: device.groupTag,
          assignedUser: device.assignedUser,
          stage: 'collected',
          stageTimes: { collected: at },
          notObservable: [],
          problem: null,
          source,
          origin: device.origin,
          warnings: device.warnings,
          autopilotDeviceId: null,
          entraDeviceId: null,
          updatedAt: at,
        },
      });
      added.push(record.view.id);
    }
    return added;
  }

  /** Adds a device (its id is its journal key); its first timeline entry says where it came from. */
  add(record: NewDeviceRecord): DeviceRecord {
    const at = record.view.stageTimes.collected ?? this.iso();
    const full: DeviceRecord = {
      ...record,
      tenant: record.tenant ?? null,
      view: { ...deviceIdentity(record.view.serial, record.hardwareHash), ...record.view },
      skippedChecks: [],
      timeline: [{ at, kind: 'stage', message: `${STAGE_LABELS.collected} (${record.view.origin})` }],
    };
    for (const warning of record.view.warnings) full.timeline.push({ at, kind: 'warning', message: warning });
    // A device restored from the journal arrives with later stages already reached.
    for (const stage of STAGES.slice(1)) {
      const reached = record.view.stageTimes[stage];
      if (reached) full.timeline.push({ at: reached, kind: 'stage', message: STAGE_LABELS[stage] });
    }
    if (record.view.problem) {
      full.timeline.push({
        at: record.view.updatedAt,
        kind: 'problem',
        message: `${record.view.problem.reason} Next step: ${record.view.problem.nextStep}`,
      });
    }
    this.records.set(full.view.id, full);
    this.board.changed(full.view.id);
    return full;
  }

  /** The record with this id (the journal key), when it is in scope (the active tenant's, or registered nowhere). */
  get(id: string): DeviceRecord | undefined {
    const record = this.records.get(id);
    return record && this.inScope(record) ? record : undefined;
  }

  /** The record with this serial (trimmed, case-insensitive: the journal's key), when in scope. */
  findBySerial(serial: string): DeviceRecord | undefined {
    return this.get(journalKey(serial));
  }

  /** The board's view of one device (in scope). */
  view(id: string): DeviceView | undefined {
    return this.get(id)?.view;
  }

  /** The board's view of every device in scope, in the order added. */
  views(): DeviceView[] {
    return this.list().map((record) => record.view);
  }

  /** Every record in scope, in the order added. */
  list(): DeviceRecord[] {
    return [...this.records.values()].filter((record) => this.inScope(record));
  }

  /**
   * Makes a tenant the active one: its devices and unregistered ones are shown (pushed to the board), the devices
   * of other tenants leave the board (kept, with their state, for when their tenant is active again).
   */
  setScope(tenant: string): void {
    const before = new Set(this.list().map((record) => record.view.id));
    this.scope = tenant;
    const after = new Set(this.list().map((record) => record.view.id));
    this.board.removed([...before].filter((id) => !after.has(id)));
    for (const id of after) if (!before.has(id)) this.board.changed(id);
  }

  /** Marks a device as the active tenant's (it was handed to that tenant's registration). */
  claim(id: string): void {
    const record = this.get(id);
    if (record && this.scope !== null) record.tenant = this.scope;
  }

  /** A device registered in another tenant than the active one (out of scope): its serial and tenant. */
  elsewhere(id: string): { serial: string; tenant: string } | undefined {
    const record = this.records.get(id);
    if (!record || this.inScope(record) || record.tenant === null) return undefined;
    return { serial: record.view.serial, tenant: record.tenant };
  }

  private inScope(record: DeviceRecord): boolean {
    return this.scope === null || record.tenant === null || record.tenant === this.scope;
  }

  /** Applies a change, notes stage changes and problems on the timeline, and updates the board. */
  patch(id: string, patch: DevicePatch): DeviceView | undefined {
    const record = this.get(id);
    if (!record) return undefined;
    const at = this.iso();
    const before = record.view;
    const view: DeviceView = {
      ...before,
      ...(patch.stage ? { stage: patch.stage } : {}),
      ...(patch.problem !== undefined ? { problem: patch.problem } : {}),
      ...(patch.notObservable ? { notObservable: patch.notObservable } : {}),
      ...(patch.groupTag !== undefined ? { groupTag: patch.groupTag } : {}),
      ...(patch.assignedUser !== undefined ? { assignedUser: patch.assignedUser } : {}),
      ...(patch.deviceName !== undefined ? { deviceName: patch.deviceName } : {}),
      ...(patch.autopilotDeviceId !== undefined ? { autopilotDeviceId: patch.autopilotDeviceId } : {}),
      ...(patch.entraDeviceId !== undefined ? { entraDeviceId: patch.entraDeviceId } : {}),
      ...(patch.staticGroups !== undefined ? { staticGroups: patch.staticGroups } : {}),
      ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
      stageTimes: patch.replaceStageTimes
        ? { ...patch.stageTimes }
        : patch.stageTimes
          ? { ...before.stageTimes, ...patch.stageTimes, ...capturedAt(before) }
          : before.stageTimes,
      updatedAt: at,
    };
    if (patch.inProgress !== undefined) view.inProgress = patch.inProgress;
    if (isTerminal(view.stage)) view.inProgress = false;
    if (patch.waiting !== undefined && patch.waiting !== (before.note ?? null)) {
      if (patch.waiting) {
        view.note = patch.waiting;
        record.timeline.push({ at, kind: 'info', message: patch.waiting });
      } else delete view.note;
    }
    if (!view.inProgress) delete view.note;
    // A return to "Hash collected" (a retry) is said by its note; the capture keeps its one line at its own time.
    if (patch.stage && patch.stage !== before.stage && patch.stage !== 'collected') {
      const when = patch.stage in view.stageTimes ? (view.stageTimes[patch.stage as Stage] ?? at) : at;
      record.timeline.push({
        at: when,
        kind: patch.problem ? 'problem' : 'stage',
        message: stageLabelOf(patch.stage, view.kind),
      });
    }
    for (const stage of patch.notObservable ?? []) {
      if (!before.notObservable.includes(stage)) {
        record.timeline.push({
          at,
          kind: 'warning',
          message: `${STAGE_LABELS[stage]}: not observable with the granted permissions (skipped)`,
        });
      }
    }
    if (patch.problem && patch.problem.code !== before.problem?.code) {
      record.timeline.push({
        at,
        kind: 'problem',
        message: `${patch.problem.reason} Next step: ${patch.problem.nextStep}`,
      });
    }
    if (patch.note) record.timeline.push({ at, kind: 'info', message: patch.note });
    if (patch.importRecordId !== undefined) record.importRecordId = patch.importRecordId;
    if (patch.existingRecordReused !== undefined) record.existingRecordReused = patch.existingRecordReused;
    if (patch.skippedChecks) record.skippedChecks = patch.skippedChecks;
    record.view = view;
    this.board.changed(id);
    return view;
  }

  /** Removes devices from the board and from the console's memory. */
  remove(ids: readonly string[]): void {
    this.board.removed(ids.filter((id) => this.get(id) !== undefined && this.records.delete(id)));
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}

/**
 * The time the hash was collected (captured, read from a file) is the device's own: the engine's journal starts
 * its record when registration starts, and that later time must not replace it.
 */
function capturedAt(before: DeviceView): Pick<DeviceView['stageTimes'], 'collected'> {
  return before.stageTimes.collected ? { collected: before.stageTimes.collected } : {};
}

/** True when the tenant's existing Autopilot record of the serial was kept (and updated) instead of an import. */
export function existingRecordReused(device: {
  importRecordId: string | null;
  autopilotDeviceId: string | null;
  importStatus: string | null;
}): boolean {
  return device.importRecordId === null && device.autopilotDeviceId !== null && device.importStatus !== 'complete';
}
