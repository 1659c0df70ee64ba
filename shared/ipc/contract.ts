import { z } from 'zod';
import { DeviceView } from '../domain/device';
import type { EVENT_CHANNELS, INVOKE_CHANNELS } from './channels';
import type { IpcResult } from './result';

/** Which tenant the console is working against. */
export const TenantMode = z.object({
  kind: z.enum(['sandbox', 'tenant']),
  /** What the UI shows, e.g. "Sandbox tenant (demo speed)" or the tenant's domain. */
  label: z.string(),
});

/** Renderer -> main calls. One entry per user-level operation; one object argument each. */
export const invokeContract = {
  /** Version, platform and the tenant the console works against. */
  'app:info': {
    request: z.object({}).strict(),
    response: z.object({ version: z.string(), platform: z.string(), tenant: TenantMode }),
  },
  /** Every device on the board. */
  'devices:list': {
    request: z.object({}).strict(),
    response: z.object({ devices: z.array(DeviceView) }),
  },
  /** Captures this device's hardware hash and adds it to the board at "Hash collected". */
  'capture:this-device': {
    request: z
      .object({
        groupTag: z.string().max(128).optional(),
        assignedUser: z.string().max(256).optional(),
      })
      .strict(),
    response: z.object({ device: DeviceView, provider: z.string() }),
  },
} as const satisfies Record<(typeof INVOKE_CHANNELS)[number], { request: z.ZodType; response: z.ZodType }>;

/** Main -> renderer pushes. */
export const eventContract = {
  /** Devices added or changed (coalesced), and ids removed from the board. */
  'devices:changed': z.object({ upserts: z.array(DeviceView), removed: z.array(z.string()) }),
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
