import type { DesktopApi } from '../shared/ipc/contract';

declare global {
  interface Window {
    /** Installed by the Electron preload or by the WebSocket transport before the app starts. */
    api: DesktopApi;
  }
}
