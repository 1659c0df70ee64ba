import { z } from 'zod';
import { DeviceView } from '../domain/device';
import type { EVENT_CHANNELS, INVOKE_CHANNELS } from './channels';
import {
  ActivityEntry,
  AssignedUser,
  BulkOutcome,
  DeviceDetail,
  DeviceNameText,
  DeviceIds,
  GroupChoice,
  GroupTag,
  ImportReport,
  StaticGroupRef,
  TagChain,
  TextFile,
} from './device-schemas';
import {
  DoctorReport,
  OfflineExportResult,
  SaveSettingsRequest,
  SettingsView,
  TenantMode,
  WatchStatus,
} from './settings-schemas';
import type { IpcResult } from './result';
import { LookupResult, RecordActionResult, SyncAnswer } from '../domain/tenant-record';

export { TenantMode } from './settings-schemas';

const empty = z.object({}).strict();
const ids = z.object({ ids: DeviceIds }).strict();
/** Serials of the tenant's records a service-desk action applies to. */
const serials = z.array(z.string().trim().min(1).max(64)).min(1).max(500);
const actionResults = z.object({ results: z.array(RecordActionResult) });

/** Renderer -> main calls. One entry per user-level operation; one object argument each. */
export const invokeContract = {
  /** Version, platform and the tenant the console works against. */
  'app:info': {
    request: empty,
    response: z.object({ version: z.string(), platform: z.string(), tenant: TenantMode }),
  },
  /** Every device on the board. */
  'devices:list': { request: empty, response: z.object({ devices: z.array(DeviceView) }) },
  /** Captures this device's hardware hash and adds it to the board at "Hash collected". */
  'capture:this-device': {
    request: z.object({ groupTag: GroupTag.optional(), assignedUser: AssignedUser.optional() }).strict(),
    response: z.object({ device: DeviceView, provider: z.string() }),
  },
  /**
   * Captures another PC on the bench network over a CIM session (WinRM) and adds it at "Hash collected". The
   * password is asked for each time, used for this capture only and never kept, logged or sent back.
   */
  'capture:remote': {
    request: z
      .object({
        computer: z.string().trim().min(1).max(255),
        user: z.string().trim().max(256).optional(),
        password: z.string().max(256).optional(),
        groupTag: GroupTag.optional(),
        assignedUser: AssignedUser.optional(),
      })
      .strict(),
    response: z.object({ device: DeviceView, provider: z.string() }),
  },
  /** Registers devices (optionally with a new tag, user or device name / name template) and follows them. */
  'devices:register': {
    request: z
      .object({
        ids: DeviceIds,
        groupTag: GroupTag.optional(),
        assignedUser: AssignedUser.optional(),
        /** Assigned security groups to add each device to at "in group" (from groups:search). */
        staticGroups: z.array(StaticGroupRef).max(20).optional(),
        /** Devices whose existing record is deregistered first and replaced by the new hash (motherboard changed). */
        replaceIds: DeviceIds.optional(),
        deviceName: DeviceNameText.optional(),
      })
      .strict(),
    response: BulkOutcome,
  },
  /** Adds devices as corporate identifiers for Windows Autopilot device preparation (manufacturer, model, serial). */
  'devices:register-corporate': { request: ids, response: BulkOutcome },
  /** Groups whose display name starts with the words typed, each saying whether a device can be added to it. */
  'groups:search': {
    request: z.object({ query: z.string().trim().min(1).max(120) }).strict(),
    response: z.object({ groups: z.array(GroupChoice) }),
  },
  /** Starts failed or timed-out devices again from where they stopped. */
  'devices:retry': { request: ids, response: BulkOutcome },
  /** Changes the group tag and/or assigned user of devices (updating registered records). */
  'devices:update': {
    request: z
      .object({ ids: DeviceIds, groupTag: GroupTag.optional(), assignedUser: AssignedUser.optional() })
      .strict(),
    response: BulkOutcome,
  },
  /** Removes devices from the board (the tenant is not changed). */
  'devices:remove': { request: ids, response: BulkOutcome },
  /** The board's view of devices as CSV (serial, make, model, tag, user, stage, reason, next step). */
  'devices:export-csv': { request: ids, response: TextFile },
  /** Timeline, hash validation report and Graph ids of one device. */
  'devices:detail': { request: z.object({ id: z.string().min(1).max(64) }).strict(), response: DeviceDetail },
  /** Reads a CSV file's bytes (base64, read by the renderer) and reports on every row; queues nothing. */
  'import:read': {
    request: z.object({ fileName: z.string().min(1).max(260), bytesBase64: z.string().max(40_000_000) }).strict(),
    response: ImportReport,
  },
  /** Adds the valid rows of a read file to the board, with the picked tag/user, and registers them if asked. */
  'import:queue': {
    request: z
      .object({
        importId: z.string().min(1).max(64),
        groupTag: GroupTag.optional(),
        assignedUser: AssignedUser.optional(),
        /** Apply the picked tag to every row, not only to rows without one. */
        overrideTags: z.boolean().optional(),
        register: z.boolean(),
      })
      .strict(),
    response: z.object({ added: z.array(z.string()), skipped: z.number() }),
  },
  /** Known tags with their group and profile, and the last tag used. */
  'tags:list': {
    request: z.object({ refresh: z.boolean().optional() }).strict(),
    response: z.object({ tags: z.array(TagChain), lastUsed: z.string().nullable(), note: z.string().nullable() }),
  },
  /** The tenant's Autopilot records of serials, whether or not this console registered them. */
  'records:lookup': { request: z.object({ serials }).strict(), response: z.object({ results: z.array(LookupResult) }) },
  /** Changes tag, user and/or name (a name template for several) of records, each followed to its read-back. */
  'records:change': {
    request: z
      .object({
        serials,
        groupTag: GroupTag.optional(),
        assignedUser: AssignedUser.optional(),
        deviceName: z.string().max(64).optional(),
      })
      .strict(),
    response: actionResults,
  },
  /** Deregisters records (each refused while its device is enrolled in Intune). */
  'records:deregister': { request: z.object({ serials }).strict(), response: actionResults },
  /** Asks for an Autopilot sync within the 10-minute rule. */
  'records:sync': { request: empty, response: SyncAnswer },
  /** Tenant settings (never the secret) and where the secret is kept. */
  'settings:get': { request: empty, response: SettingsView },
  /** Saves tenant settings; the secret is write-only. */
  'settings:set': { request: SaveSettingsRequest, response: SettingsView },
  /** Switches between the sandbox and the configured tenant, explicitly. */
  'tenant:use': { request: z.object({ kind: z.enum(['sandbox', 'tenant']) }).strict(), response: TenantMode },
  /**
   * Starts a person's sign-in in the system browser (authorization code with PKCE). The desktop app opens the
   * browser itself (openUrl null); the browser console answers the URL to open in a new tab. The outcome
   * arrives as "tenant:changed" with the account.
   */
  'signin:start': { request: empty, response: z.object({ openUrl: z.url({ protocol: /^https?$/ }).nullable() }) },
  /** Signs the person out and forgets their tokens. */
  'signin:sign-out': { request: empty, response: TenantMode },
  /** Pre-flight of the tenant in use: sign-in, permissions and one harmless read per area. */
  'tenant:test': {
    /** The settings form's values (saved or not): tested instead of the tenant in use. */
    request: z.object({ settings: SaveSettingsRequest.optional() }).strict(),
    response: DoctorReport,
  },
  /** Writes queued (or the given) devices as Intune CSV files into a folder the user chooses. */
  'export:offline': { request: z.object({ ids: DeviceIds.optional() }).strict(), response: OfflineExportResult },
  /** The activity log, newest last. */
  'activity:list': { request: empty, response: z.object({ entries: z.array(ActivityEntry) }) },
  /** The activity log as CSV for audit. */
  'activity:export': { request: empty, response: TextFile },
  /** The watch folder's status. */
  'watch:get': { request: empty, response: WatchStatus },
  /** Asks the user for the watch folder (a native picker in main). */
  'watch:choose-folder': { request: empty, response: WatchStatus },
  /** Turns the watch folder on or off and sets the tag for what it ingests. */
  'watch:set': {
    request: z
      .object({ enabled: z.boolean(), groupTag: GroupTag.optional(), register: z.boolean().optional() })
      .strict(),
    response: WatchStatus,
  },
} as const satisfies Record<(typeof INVOKE_CHANNELS)[number], { request: z.ZodType; response: z.ZodType }>;

/** Main -> renderer pushes. */
export const eventContract = {
  /** Devices added or changed (coalesced), and ids removed from the board. */
  'devices:changed': z.object({ upserts: z.array(DeviceView), removed: z.array(z.string()) }),
  /** New lines of the activity log. */
  'activity:added': z.object({ entries: z.array(ActivityEntry) }),
  /** The console switched between the sandbox and a tenant. */
  'tenant:changed': TenantMode,
  /** The watch folder's status changed. */
  'watch:status': WatchStatus,
} as const satisfies Record<(typeof EVENT_CHANNELS)[number], z.ZodType>;

/** A renderer -> main channel. */
export type InvokeChannel = keyof typeof invokeContract;
/** A main -> renderer event. */
export type EventChannel = keyof typeof eventContract;
/** What a channel takes. */
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['request']>;
/** What a channel answers. */
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['response']>;
/** What an event carries. */
export type EventOf<E extends EventChannel> = z.output<(typeof eventContract)[E]>;

/** The renderer's whole view of main, the same over Electron IPC and the WebSocket transport. */
export interface DesktopApi {
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Both name lists cover the contract exactly: a type error here means they drifted. */
export type ChannelListsMatch = [
  Assert<Same<(typeof INVOKE_CHANNELS)[number], InvokeChannel>>,
  Assert<Same<(typeof EVENT_CHANNELS)[number], EventChannel>>,
];
