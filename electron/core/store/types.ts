import type { DeviceProblem, DeviceStage, Stage } from '../../../shared/domain/device';
import type { OptimisationVerdicts } from '../graph/optimisations';

/** Where a device's hash came from. */
export type JournalSource = 'capture' | 'csv' | 'watch' | 'journal';

/** A static group a device is to be added to. */
export interface StaticGroupWish {
  id: string;
  name: string;
  /** Added (or found already a member). */
  added: boolean;
}

/** Windows Autopilot registration (hash import), or a corporate identifier for Autopilot device preparation. */
export type RegistrationKind = 'autopilot' | 'corporate-identifier';

/** Everything the journal keeps about one device (the hash included: it stays on this machine, never in logs). */
export interface JournalDevice {
  /** Journal key: the serial, trimmed and upper-cased. */
  key: string;
  /** The serial Autopilot registers (the hash's own); Graph lookups use it. */
  serial: string;
  /** The serial as the user gave it, when it differs from `serial` (shown on the board and in --json). */
  givenSerial?: string;
  /** SMBIOS UUID decoded from the hash ('' when absent). */
  uuid: string;
  hardwareHash: string;
  productKey: string;
  manufacturer: string;
  model: string;
  groupTag: string;
  assignedUser: string;
  /** The Autopilot device name (displayName) this run sets after the import; '' or absent leaves the record's. */
  deviceName?: string;
  source: JournalSource;
  origin: string;
  warnings: string[];
  stage: DeviceStage;
  stageTimes: Partial<Record<Stage, string>>;
  notObservable: Stage[];
  /** Checks that could not be made, in plain words (e.g. "profile identity not verified: ..."). */
  skippedChecks: string[];
  problem: DeviceProblem | null;
  /** Captured for later upload (offline queue); false once handed to the engine. */
  queued: boolean;
  exportedAt: string | null;
  /** Stage the current registration waits for, and when it started waiting for the current stage. */
  target: Stage | null;
  stageStartedAt: string | null;
  /** The run's overall time limit for this device (ISO), if any. */
  deadlineAt?: string | null;
  /** Per-stage timeouts of the current registration, in ms. */
  timeouts: Partial<Record<Stage, number>>;
  /** Correlation id sent as importId with the upload; written before the upload (write-ahead). */
  importBatchId: string | null;
  /** When the upload was about to be sent; with no importRecordId it is "in doubt" after a crash. */
  importIntentAt: string | null;
  importRecordId: string | null;
  importRecordDeleted: boolean;
  /** Uploads sent for this device (all attempts). */
  importCount: number;
  autopilotDeviceId: string | null;
  entraDeviceId: string | null;
  /** When this run changed the record's tag or user (an older profile assignment may linger). */
  propertiesChangedAt: string | null;
  /** Deregister the existing record before importing (motherboard replacement). */
  replaceExisting: boolean;
  /** Id of the record this run deregistered for a replacement; import waits until it is gone. */
  replacedRecordId: string | null;
  /** When the serial was last looked up in the tenant before importing. */
  lookedUpAt: string | null;
  /** Last import status seen: pending (or unknown), complete, error. */
  importStatus: string | null;
  /** When the device was first seen at "imported" but not yet as a registered device (sync decision). */
  awaitingIdentitySince: string | null;
  /** No new upload before this time (a deleted record still blocks its serial: 806 meanwhile). */
  uploadAfter?: string | null;
  /** What the device is waiting for right now, in plain words (e.g. "assigned, syncing with the Autopilot service"). */
  statusNote?: string | null;
  /**
   * When the device, already uploaded or registered, was registered again with another tag or user: it is looked
   * up again so the tenant's record is updated to them (cleared once the update is sent, or the upload carries them).
   */
  retagSince?: string | null;
  /** When Intune first reported the tag's profile assigned but out of sync (sync decision, timeout reason). */
  outOfSyncSince?: string | null;
  /** Static (assigned) groups to add the Entra device object to at "in group", and whether it is in each yet. */
  staticGroups?: StaticGroupWish[];
  /** The Entra device object's id (not its deviceId): group references take it. */
  entraObjectId?: string | null;
  /** How the device is registered: with Windows Autopilot (the default), or as a corporate identifier. */
  kind?: RegistrationKind;
  createdAt: string;
  updatedAt: string;
}

/** A captured device to keep until it is uploaded or exported. */
export interface QueuedDeviceInput {
  serial: string;
  /** The serial as given, when it differs from `serial` (the hash's). */
  givenSerial?: string;
  hardwareHash: string;
  productKey?: string;
  manufacturer?: string;
  model?: string;
  uuid?: string;
  groupTag?: string;
  assignedUser?: string;
  /** The Autopilot device name to set (a name, never a template). */
  deviceName?: string;
  source?: JournalSource;
  origin?: string;
  warnings?: string[];
}

/** Tenant-wide facts kept alongside the devices. */
export interface JournalMeta {
  /** Last time this console triggered an Autopilot sync (ISO), tenant-wide. */
  lastSyncAt: string | null;
  /** End of the last Retry-After window Graph gave this app (ISO), so a restarted run keeps to it too. */
  retryAfterUntil?: string | null;
  /** When Graph allows the next Autopilot sync (ISO), from a 429's Retry-After: syncs are limited tenant-wide. */
  nextSyncAllowedAt?: string | null;
  /** What the tenant said to each optimisation beyond the field-proven calls (see graph/optimisations.ts). */
  optimisations?: OptimisationVerdicts;
  /** Pages each list took when last walked, to choose between walking it and per-device reads. */
  listPages?: { identities?: number; imports?: number };
}
