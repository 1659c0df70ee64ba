import { z } from 'zod';

/** The pipeline of one device, in order (PRODUCT.md, "The pipeline of one device"). */
export const STAGES = ['collected', 'imported', 'in-group', 'profile-assigned', 'ready'] as const;
/** A stage of the pipeline. */
export type Stage = (typeof STAGES)[number];

/** Terminal outcomes that are not "ready". */
export const FAILURE_STAGES = ['failed', 'timed-out'] as const;
/** Every value a device's `stage` can take. */
export const DEVICE_STAGES = [...STAGES, ...FAILURE_STAGES] as const;
/** Stage or terminal failure. */
export type DeviceStage = (typeof DEVICE_STAGES)[number];

/** Plain-language names of the stages, as the board and CLI show them. */
export const STAGE_LABELS: Readonly<Record<DeviceStage, string>> = {
  collected: 'Hash collected',
  imported: 'Imported',
  'in-group': 'In dynamic group',
  'profile-assigned': 'Profile assigned',
  ready: 'Ready for OOBE',
  failed: 'Failed',
  'timed-out': 'Timed out',
};

/** Where a device came from. */
export const DeviceSource = z.enum(['capture', 'csv', 'watch', 'journal']);

/** Why a device stopped: machine code, plain words and the next step. */
export const DeviceProblem = z.object({
  /** Stable code, e.g. "806", "808", "not-assigned", "permission-missing", "timeout". */
  code: z.string(),
  /** What happened, in plain words. */
  reason: z.string(),
  /** What the technician should do next. */
  nextStep: z.string(),
  /** The stage the device was working towards. */
  stage: z.enum(STAGES),
  /** The error name exactly as Graph sent it (e.g. "ZtdDeviceAssignedToOtherTenant"), when it is not the code. */
  graphError: z.string().optional(),
});
/** Why a device stopped. */
export type DeviceProblem = z.infer<typeof DeviceProblem>;

/** A device as the board shows it (no hardware hash: that stays in main). */
export const DeviceView = z.object({
  /** Stable local id (not a Graph id). */
  id: z.string(),
  /** The serial as the user gave it (CSV row, hash file). */
  serial: z.string(),
  /** The serial inside the hash, which Autopilot registers, when it differs from `serial`. */
  hashSerial: z.string().optional(),
  manufacturer: z.string(),
  model: z.string(),
  groupTag: z.string(),
  assignedUser: z.string(),
  /** The Autopilot device name (displayName) set at registration, when one is. */
  deviceName: z.string().optional(),
  stage: z.enum(DEVICE_STAGES),
  /** ISO time each stage was reached. */
  stageTimes: z.partialRecord(z.enum(STAGES), z.string()),
  /** Stages that cannot be observed with the granted permissions (shown, skipped, not failed). */
  notObservable: z.array(z.enum(STAGES)),
  problem: DeviceProblem.nullable(),
  source: DeviceSource,
  /** Capture provider or file the hash came from. */
  origin: z.string(),
  /** Validation warnings of the hash (no TPM, VM, placeholder serial, ...). */
  warnings: z.array(z.string()),
  autopilotDeviceId: z.string().nullable(),
  entraDeviceId: z.string().nullable(),
  updatedAt: z.string(),
  /** True while the pipeline works on the device (registration requested, no terminal stage yet). */
  inProgress: z.boolean().optional(),
  /** What the device waits for right now, in plain words (e.g. "assigned, syncing with the Autopilot service"). */
  note: z.string().optional(),
  /** Static groups chosen at registration, and whether the device is in each yet. */
  staticGroups: z.array(z.object({ id: z.string(), name: z.string(), added: z.boolean() })).optional(),
  /** How the device is registered: Windows Autopilot (absent) or a corporate identifier for device preparation. */
  kind: z.enum(['autopilot', 'corporate-identifier']).optional(),
});
/** A device as the board shows it. */
export type DeviceView = z.infer<typeof DeviceView>;

/** The serial Autopilot holds for a device (the one inside its hash): the one every tenant action must name. */
export function registeredSerial(device: Pick<DeviceView, 'serial' | 'hashSerial'>): string {
  return device.hashSerial ?? device.serial;
}

/** True when the device will not move again without someone acting. */
export function isTerminal(stage: DeviceStage): boolean {
  return stage === 'ready' || stage === 'failed' || stage === 'timed-out';
}
