/**
 * Serves the console to any browser over the WebSocket transport (for machines where Electron
 * cannot run): builds the web renderer, starts the core on the sandbox tenant and prints the URL.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { startApplication } from '../electron/core/application/start';
import { startWebTransport } from '../electron/web/server';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'no-build': { type: 'boolean' } } });
if (!values['no-build']) await build({ configFile: resolve('vite.web.config.ts'), logLevel: 'warn' });
const app = await startApplication({
  version: process.env['npm_package_version'] ?? '0.0.0',
  onError: (what, error) => console.error(`[console] ${what}`, error),
});
const transport = await startWebTransport({
  app,
  staticDir: resolve('out/web'),
  page: 'index.html',
  port: values.port ? Number(values.port) : 0,
});
console.log(`Autopilot Console is served at:\n  ${transport.url}\nOpen it in a browser. Press Ctrl+C to stop.`);

const stop = (): void => {
  void transport
    .close()
    .then(() => app.close())
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
