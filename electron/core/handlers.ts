import type { AppCore } from './app-core';
import type { HandlerTable } from './ipc/dispatch';

/** The handler table both transports serve: thin adapters from the contract to the core. */
export function createHandlers(core: AppCore): HandlerTable {
  return {
    'app:info': () =>
      Promise.resolve({ version: core.version, platform: core.platform, tenant: { ...core.tenant } }),
    'devices:list': () => Promise.resolve({ devices: core.board.list() }),
    'capture:this-device': async (request) => {
      const captured = await core.captureProvider.capture();
      const device = core.addCaptured(captured, request);
      return { device, provider: core.captureProvider.name };
    },
  };
}
