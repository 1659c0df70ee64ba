import type { DeviceView } from '../../../shared/domain/device';
import type { DoctorReport, TenantMode } from '../../../shared/ipc/settings-schemas';
import type { DelegatedTokenProvider } from '../graph/delegated-auth';
import type { DevicePatch } from './device-records';
import type { SettingsService } from './settings-service';

/** A device handed to the registration backend (the hash included: it stays in main). */
export interface BackendDevice {
  id: string;
  serial: string;
  hardwareHash: string;
  productId: string;
  uuid: string;
  manufacturer: string;
  model: string;
  groupTag: string;
  assignedUser: string;
}

/** A tag the tenant knows, with the group that selects it and the profiles that target that group. */
export interface BackendTag {
  tag: string;
  groups: { id: string; name: string }[];
  profiles: { id: string; name: string }[];
  /** Why the chain is incomplete or could not be read. */
  warning: string | null;
}

/** A device found in the journal when the console starts; `view.id` is replaced by a board id. */
export interface RestoredDevice {
  view: DeviceView;
  hardwareHash: string;
  uuid: string;
  importRecordId: string | null;
  /** Still being followed (the backend resumes it). */
  inFlight: boolean;
}

/** Receives each device's progress: stage changes, problems, Graph ids. */
export type BackendListener = (id: string, patch: DevicePatch) => void;

/** Registers devices with one tenant (the sandbox or a real one) and follows them to a terminal stage. */
export interface RegistrationBackend {
  readonly mode: TenantMode;
  /** Accepts devices to register (or to update, when already registered); progress arrives through the listener. */
  register(devices: readonly BackendDevice[]): Promise<void>;
  /** Changes tag or user of registered devices and follows them to the new profile. */
  update(devices: readonly BackendDevice[]): Promise<void>;
  /** Stops following devices (removed from the board). */
  forget(ids: readonly string[]): void;
  /** Tag -> group -> profile chains discovered in the tenant. */
  tags(): Promise<{ tags: BackendTag[]; note: string | null }>;
  /** Devices this tenant's journal already follows (from an earlier session), to show again on the board. */
  restore?(): RestoredDevice[];
  /** Follows restored in-flight devices again; `ids` maps serial -> board id. */
  resume?(ids: ReadonlyMap<string, string>): void;
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
}

/** Starts the backend for the sandbox or the configured tenant. */
export type BackendFactory = (target: TenantMode['kind'], context: BackendContext) => Promise<RegistrationBackend>;
