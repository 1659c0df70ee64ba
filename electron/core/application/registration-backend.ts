import type { Logger } from '../graph/logger';
import type { DelegatedTokenProvider } from '../graph/delegated-auth';
import type { DoctorReport, TenantMode } from '../../../shared/ipc/settings-schemas';
import type { GroupChoice, StaticGroupRef } from '../../../shared/ipc/device-schemas';
import type { CorporateInput } from '../pipeline/corporate';
import type { RegistrationInput } from '../pipeline/types';
import type { JournalDevice } from '../store/types';
import type { DevicePatch } from './device-records';
import type { LookupResult, RecordActionResult, RecordChange, SyncAnswer } from '../../../shared/domain/tenant-record';
import type { SettingsService } from './settings-service';

/** A tag the tenant knows, with the group that selects it and the profiles that target that group. */
export interface BackendTag {
  tag: string;
  groups: { id: string; name: string }[];
  profiles: { id: string; name: string }[];
  /** Why the chain is incomplete or could not be read. */
  warning: string | null;
}

/** Receives each device's progress (stage changes, problems, Graph ids), keyed by the journal's serial key. */
export type BackendListener = (id: string, patch: DevicePatch) => void;

/** Registers devices with one tenant (the sandbox or a real one) and follows them to a terminal stage. */
export interface RegistrationBackend {
  readonly mode: TenantMode;
  /** The client id of the app registration it signs in with (for the activity log's "who"). */
  readonly clientId?: string;
  /**
   * Registers devices and follows them; progress arrives through the listener. A device the tenant already
   * has is not imported again: its tag and user are written to the existing record and followed until the
   * tenant reads them back (which is how "Change tag or user" reaches the tenant).
   */
  register(
    devices: readonly RegistrationInput[],
    options?: { staticGroups?: StaticGroupRef[]; replaceExisting?: boolean },
  ): Promise<void>;
  /** Adds devices as corporate identifiers (one step: added, or failed with a reason); progress as for register. */
  registerCorporate?(devices: readonly CorporateInput[]): Promise<void>;
  /** Groups by display name, for the static group picker. */
  searchGroups?(query: string): Promise<GroupChoice[]>;
  /** The tenant's Autopilot records of serials, registered by this console or not. */
  lookup(serials: string[]): Promise<LookupResult[]>;
  /** Changes tag, user and/or name of the records of serials, each followed to its read-back. */
  change(serials: string[], change: RecordChange): Promise<RecordActionResult[]>;
  /** Deregisters the records of serials (each refused while its device is enrolled in Intune). */
  deregister(serials: string[]): Promise<RecordActionResult[]>;
  /** Asks for an Autopilot sync within the 10-minute rule. */
  requestSync(): Promise<SyncAnswer>;
  /** Stops telling progress of devices (removed from the board). */
  forget(ids: readonly string[]): void;
  /** Tag -> group -> profile chains discovered in the tenant. */
  tags(): Promise<{ tags: BackendTag[]; note: string | null }>;
  /** Journal records to show again on the board (in flight, or finished recently in an earlier session). */
  restore?(): JournalDevice[];
  /** Follows the journal's in-flight devices again, telling progress of these ids. */
  resume?(ids: readonly string[]): void;
  /** Pre-flight: sign-in, permissions, one harmless read per area. */
  doctor(): Promise<DoctorReport>;
  /** Sign-in and sign-out of a person, when the backend signs in as one. */
  readonly person?: DelegatedTokenProvider;
  close(): Promise<void>;
}

/** What a backend factory gets from the console. */
export interface BackendContext {
  settings: SettingsService;
  onUpdate: BackendListener;
  /** Warnings of the engine and the Graph layer (an optimisation the tenant refused), for the activity log. */
  logger?: Logger;
}

/** Starts the backend for the sandbox or the configured tenant. */
export type BackendFactory = (target: TenantMode['kind'], context: BackendContext) => Promise<RegistrationBackend>;
