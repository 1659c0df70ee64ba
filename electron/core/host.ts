import { createAppCore, type AppCore } from './app-core';
import { createSimulatedProvider } from './capture/simulated';
import { createHandlers } from './handlers';
import type { HandlerTable } from './ipc/dispatch';

/** What a transport needs to serve the console. */
export interface ConsoleHost {
  core: AppCore;
  handlers: HandlerTable;
  close(): Promise<void>;
}

/** Options shared by the Electron main process, the web transport and tests. */
export interface ConsoleHostOptions {
  version: string;
  platform?: string;
}

/** Builds the core and its handler table; with no tenant configured the console uses the sandbox. */
export function startConsoleHost(options: ConsoleHostOptions): Promise<ConsoleHost> {
  const core = createAppCore({
    version: options.version,
    platform: options.platform ?? process.platform,
    tenant: { kind: 'sandbox', label: 'Sandbox tenant (demo speed)' },
    captureProvider: createSimulatedProvider(),
  });
  return Promise.resolve({ core, handlers: createHandlers(core), close: () => Promise.resolve() });
}
