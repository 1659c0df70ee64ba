import type { DesktopApi } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/result';
import { formatBytes, MAX_CONSOLE_FILE_BYTES } from '../../shared/domain/csv/limits';

type ServerFrame =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'error'; message: string };

/** The page's link to the console server. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

/** The connection state, for the page to show. */
export interface ConnectionWatch {
  state: () => ConnectionState;
  subscribe: (listener: (state: ConnectionState) => void) => () => void;
}

/** How the transport reconnects (tests shorten it). */
export interface WebSocketApiOptions {
  /** Delays between attempts, the last one repeated. */
  retryMs?: readonly number[];
  /** Called once the server answers again after it was lost: the page reloads, so the board is the server's. */
  onReconnected?: () => void;
}

/** Close code of a message larger than the server accepts (RFC 6455 §7.4.1). */
const MESSAGE_TOO_BIG = 1009;

const LOST = 'The connection to the console server was lost; reconnecting…';
const TOO_BIG = `The message was larger than the console server accepts (files up to ${formatBytes(MAX_CONSOLE_FILE_BYTES)}).`;

/**
 * Implements `window.api` over the WebSocket transport, so the app runs in any browser. A lost connection
 * fails the calls under way at once (never an endless spinner), is retried, and once the server answers
 * again the page reloads what it shows from it.
 */
export function createWebSocketApi(
  url: string,
  options: WebSocketApiOptions = {},
): DesktopApi & { connection: ConnectionWatch } {
  const retryMs = options.retryMs ?? [500, 1000, 2000, 5000];
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let attempt = 0;
  let everConnected = false;
  let lastClose = 0;
  let socket: WebSocket;
  let opened: Promise<boolean>;

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    stateListeners.forEach((listener) => listener(next));
  };
  const failPending = (message: string): void => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'disconnected', message } });
    pending.clear();
  };

  const connect = (): void => {
    socket = new WebSocket(url);
    opened = new Promise<boolean>((resolve) => {
      socket.addEventListener('open', () => resolve(true), { once: true });
      socket.addEventListener('close', () => resolve(false), { once: true });
    });
    socket.addEventListener('open', () => {
      attempt = 0;
      setState('connected');
      // After a message too big the server never went away: nothing to reload (and the reason stays shown).
      if (everConnected && lastClose !== MESSAGE_TOO_BIG) options.onReconnected?.();
      everConnected = true;
    });
    socket.addEventListener('message', (message: MessageEvent<string>) => {
      const frame = JSON.parse(message.data) as ServerFrame;
      if (frame.type === 'result') {
        pending.get(frame.id)?.(frame.result);
        pending.delete(frame.id);
      } else if (frame.type === 'event') {
        listeners.get(frame.event)?.forEach((listener) => listener(frame.payload));
      } else {
        console.error(`[transport] ${frame.message}`);
      }
    });
    socket.addEventListener('close', (event) => {
      lastClose = event.code;
      failPending(event.code === MESSAGE_TOO_BIG ? TOO_BIG : LOST);
      setState('reconnecting');
      const delay = retryMs[Math.min(attempt, retryMs.length - 1)] ?? 5000;
      attempt++;
      setTimeout(connect, delay);
    });
  };
  connect();

  async function invoke(channel: string, request: unknown): Promise<IpcResult<unknown>> {
    // The first connection is waited for; while reconnecting a call fails at once with the reason.
    if (state === 'connecting' ? !(await opened) : state !== 'connected') {
      return { ok: false, error: { code: 'disconnected', message: 'The console server is not reachable.' } };
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ type: 'invoke', id, channel, request }));
    });
  }

  function on(event: string, listener: (payload: unknown) => void): () => void {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener);
    };
  }

  const connection: ConnectionWatch = {
    state: () => state,
    subscribe: (listener) => {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
  };
  return { invoke, on, connection } as DesktopApi & { connection: ConnectionWatch };
}

/** Reads the transport's token from the page fragment and the server from the page's origin. */
export function webSocketUrlFromLocation(location: Pick<Location, 'host' | 'hash'>): string {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? '';
  return `ws://${location.host}/ipc?token=${encodeURIComponent(token)}`;
}
