import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/channels';
import type { DesktopApi } from '../../shared/ipc/contract';

const invokeChannels = new Set<string>(INVOKE_CHANNELS);
const eventChannels = new Set<string>(EVENT_CHANNELS);

function invoke(channel: string, request: unknown): Promise<unknown> {
  if (!invokeChannels.has(channel)) {
    return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `Unknown channel ${channel}` } });
  }
  return ipcRenderer.invoke(channel, request);
}

function on(event: string, listener: (payload: unknown) => void): () => void {
  if (!eventChannels.has(event)) throw new Error(`Unknown event ${event}`);
  // Strip the IpcRendererEvent: the renderer gets the payload only.
  const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => {
    ipcRenderer.removeListener(event, wrapped);
  };
}

/** The only bridge into main: `invoke` and `on` for channels in the contract, nothing else. */
const api = { invoke, on } as DesktopApi;

contextBridge.exposeInMainWorld('api', api);
