import type { DeviceView, DeviceStage, Stage } from '../../../shared/domain/device';
import type { JournalSource } from '../store/types';

/** One device handed to the engine (from a CSV row, a hash file or a capture). */
export interface RegistrationInput {
  /** Serial as given (CSV column); the hash's own serial is used when absent. */
  serial?: string;
  hardwareHash: string;
  productKey?: string;
  groupTag?: string;
  assignedUser?: string;
  /** Autopilot device name, or a template with %SERIAL% / %RAND:x% (shared/domain/device-name.ts). */
  deviceName?: string;
  source?: JournalSource;
  /** File and line, capture provider ... (shown to people; never the hash). */
  origin?: string;
}

/** Stages the engine waits for, with their time limits in ms. */
export interface StageTimeouts {
  imported: number;
  'in-group': number;
  'profile-assigned': number;
}

/** PRODUCT.md: import 15 min, group 30 min, profile 60 min. */
export const DEFAULT_TIMEOUTS: StageTimeouts = {
  imported: 15 * 60_000,
  'in-group': 30 * 60_000,
  'profile-assigned': 60 * 60_000,
};

/** How often each kind of observation runs, in ms (reference §8's polling plan). */
export interface PollIntervals {
  import: number;
  identity: number;
  group: number;
  profile: number;
}

/** Import records every 15 s, the device identity every 30 s, group and profile every 60 s. */
export const DEFAULT_POLL: PollIntervals = { import: 15_000, identity: 30_000, group: 60_000, profile: 60_000 };

/** Options of one registration. */
export interface RegisterOptions {
  /** Group tag for every device (wins over the file's column). */
  groupTag?: string;
  /** User to pre-assign to every device (wins over the file's column). */
  assignedUser?: string;
  /** Device name or name template for every device (wins over the input's). */
  deviceName?: string;
  /** Source of random digits 0-9 for %RAND:x% (default crypto's). */
  randomDigit?: () => number;
  /** Stop following a device once it reaches this stage (default "ready"). */
  waitFor?: Stage;
  /** Deregister an existing record first and import the new hash (motherboard replacement). */
  replaceExisting?: boolean;
  timeouts?: Partial<StageTimeouts>;
  /**
   * Send hashes that are not 4,000 characters anyway. Off by default: a copy cut inside its zero padding
   * still decodes, and Intune answers HashNot4k (field notes B14).
   */
  allowOddHashSize?: boolean;
  /** Overall limit for the run in ms: devices still moving then time out at their current stage. */
  overallTimeoutMs?: number;
  /**
   * Assigned (static) security groups to add each device's Entra device object to at "in group" (needs
   * GroupMember.ReadWrite.All and Device.Read.All); the stage is reached once it is in all of them.
   */
  staticGroups?: { id: string; name: string }[];
}

/** One stage change of one device. */
export interface StageEvent {
  /** The serial as the user gave it (the row's), which output lines are keyed by. */
  serial: string;
  /** The serial in the hash (what Autopilot registers and Graph is asked about), when it differs. */
  hashSerial?: string;
  stage: DeviceStage;
  at: string;
  code?: string;
  reason?: string;
  nextStep?: string;
  /** The stage a failure happened at. */
  failedStage?: Stage;
  notObservable: Stage[];
  skippedChecks: string[];
  device: DeviceView;
}

/** Outcome of a run. */
export interface RunSummary {
  total: number;
  /** Devices at "ready". */
  ready: number;
  /** Devices that reached the stage the run waited for. */
  reached: number;
  failed: number;
  timedOut: number;
  devices: DeviceView[];
}

/** A row that was not registered on its own because another row is the same device. */
export interface DuplicateRow {
  origin: string;
  serial: string;
  duplicateOf: string;
  by: 'serial' | 'uuid';
}
