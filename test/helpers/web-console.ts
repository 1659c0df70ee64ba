import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApplication, type RunningApplication, type StartOptions } from '../../electron/core/application/start';
import { startWebTransport, type WebTransport } from '../../electron/web/server';

/** The real application served over the WebSocket transport, as `npm run dev:web` serves it. */
export interface WebConsole {
  app: RunningApplication;
  transport: WebTransport;
  close(): Promise<void>;
}

/** Starts the console for a browser test; the web renderer must be built (`npm run build:web`). */
export async function startWebConsole(options: Partial<StartOptions> = {}): Promise<WebConsole> {
  const staticDir = resolve('out/web');
  if (!existsSync(resolve(staticDir, 'index.html'))) {
    throw new Error('out/web is missing: run `npm run build:web` first (npm run test:e2e does).');
  }
  const app = await startApplication({ version: 'test', ...options });
  const transport = await startWebTransport({ app, staticDir, page: 'index.html' });
  return {
    app,
    transport,
    close: async () => {
      await transport.close();
      await app.close();
    },
  };
}
