import type { DeviceProblem, DeviceView, Stage } from '../../../shared/domain/device';
import { isTerminal, STAGE_LABELS, STAGES } from '../../../shared/domain/device';
import type { TimelineEntry } from '../../../shared/ipc/device-schemas';
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
  skippedChecks: string[];
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
  skippedChecks?: string[];
  /** Replace the stage times instead of merging (a retry starts a new attempt). */
  replaceStageTimes?: boolean;
  /** The pipeline works on the device (cleared automatically at a terminal stage). */
  inProgress?: boolean;
  /** A line for the timeline (e.g. "Existing record updated: tag OD-RETAIL"). */
  note?: string;
  /** What the device waits for right now ("assigned, syncing with the Autopilot service"); null clears it. */
  waiting?: string | null;
}

/** A device to add: its id is derived from its serial and hash. */
export type NewDeviceRecord = Omit<DeviceRecord, 'timeline' | 'skippedChecks' | 'view'> & {
  view: Omit<DeviceView, 'id' | 'hashSerial'>;
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

  /** The record with this id (the journal key). */
  get(id: string): DeviceRecord | undefined {
    return this.records.get(id);
  }

  /** The record with this serial (trimmed, case-insensitive: the journal's key). */
  findBySerial(serial: string): DeviceRecord | undefined {
    return this.records.get(journalKey(serial));
  }

  /** The board's view of one device. */
  view(id: string): DeviceView | undefined {
    return this.records.get(id)?.view;
  }

  /** The board's view of every device, in the order added. */
  views(): DeviceView[] {
    return [...this.records.values()].map((record) => record.view);
  }

  /** Every record, in the order added. */
  list(): DeviceRecord[] {
    return [...this.records.values()];
  }

  /** Applies a change, notes stage changes and problems on the timeline, and updates the board. */
  patch(id: string, patch: DevicePatch): DeviceView | undefined {
    const record = this.records.get(id);
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
      ...(patch.deviceName ? { deviceName: patch.deviceName } : {}),
      ...(patch.autopilotDeviceId !== undefined ? { autopilotDeviceId: patch.autopilotDeviceId } : {}),
      ...(patch.entraDeviceId !== undefined ? { entraDeviceId: patch.entraDeviceId } : {}),
      stageTimes: patch.replaceStageTimes
        ? { ...patch.stageTimes }
        : patch.stageTimes
          ? { ...before.stageTimes, ...patch.stageTimes }
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
    if (patch.stage && patch.stage !== before.stage) {
      const when = patch.stage in view.stageTimes ? (view.stageTimes[patch.stage as Stage] ?? at) : at;
      record.timeline.push({ at: when, kind: patch.problem ? 'problem' : 'stage', message: STAGE_LABELS[patch.stage] });
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
    if (patch.skippedChecks) record.skippedChecks = patch.skippedChecks;
    record.view = view;
    this.board.changed(id);
    return view;
  }

  /** Removes devices from the board and from the console's memory. */
  remove(ids: readonly string[]): void {
    this.board.removed(ids.filter((id) => this.records.delete(id)));
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
