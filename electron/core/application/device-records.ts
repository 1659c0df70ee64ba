import type { DeviceProblem, DeviceView, Stage } from '../../../shared/domain/device';
import { isTerminal, STAGE_LABELS, STAGES } from '../../../shared/domain/device';
import type { TimelineEntry } from '../../../shared/ipc/device-schemas';
import type { DeviceBoard } from './device-board';

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

/** The devices of the console: records in main, rows on the board, one timeline each. */
export class DeviceRecords {
  private readonly records = new Map<string, DeviceRecord>();
  private readonly bySerial = new Map<string, string>();

  constructor(
    private readonly board: DeviceBoard,
    private readonly now: () => number,
  ) {}

  /** Adds a device; its first timeline entry says where it came from. */
  add(record: Omit<DeviceRecord, 'timeline' | 'importRecordId' | 'skippedChecks'>): DeviceRecord {
    const at = record.view.stageTimes.collected ?? this.iso();
    const full: DeviceRecord = {
      ...record,
      importRecordId: null,
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
    this.records.set(record.view.id, full);
    this.bySerial.set(serialKey(record.view.serial), record.view.id);
    this.board.upsert(record.view);
    return full;
  }

  /** The record with this id. */
  get(id: string): DeviceRecord | undefined {
    return this.records.get(id);
  }

  /** The record with this serial (case-insensitive). */
  findBySerial(serial: string): DeviceRecord | undefined {
    const id = this.bySerial.get(serialKey(serial));
    return id === undefined ? undefined : this.records.get(id);
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
    this.board.upsert(view);
    return view;
  }

  /** Removes devices from the board and from the console's memory. */
  remove(ids: readonly string[]): void {
    for (const id of ids) {
      const record = this.records.get(id);
      if (!record) continue;
      this.records.delete(id);
      this.bySerial.delete(serialKey(record.view.serial));
    }
    this.board.remove(ids);
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}

/** Serials compare trimmed and case-insensitively (as Intune does). */
export function serialKey(serial: string): string {
  return serial.trim().toUpperCase();
}
