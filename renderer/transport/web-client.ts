import type { DesktopApi } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/result';

type ServerFrame =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'error'; message: string };

/** Implements `window.api` over the WebSocket transport, so the app runs in any browser. */
export function createWebSocketApi(url: string): DesktopApi {
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('The console server is not reachable.')), { once: true });
  });
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

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
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'disconnected', message: 'The connection to the console was lost.' } });
    }
    pending.clear();
  });

  async function invoke(channel: string, request: unknown): Promise<IpcResult<unknown>> {
    try {
      await opened;
    } catch (error) {
      return { ok: false, error: { code: 'disconnected', message: (error as Error).message } };
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

  return { invoke, on } as DesktopApi;
}

/** Reads the transport's token from the page fragment and the server from the page's origin. */
export function webSocketUrlFromLocation(location: Pick<Location, 'host' | 'hash'>): string {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? '';
  return `ws://${location.host}/ipc?token=${encodeURIComponent(token)}`;
}
