import type { DesktopApi } from '../shared/ipc/contract';

/** The renderer's only way to reach main; it does not know which transport carries it. */
export const api: DesktopApi = {
  invoke: (channel, request) => window.api.invoke(channel, request),
  on: (event, listener) => window.api.on(event, listener),
};
