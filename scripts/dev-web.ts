/**
 * Serves the console to any browser over the WebSocket transport (for machines where Electron
 * cannot run): builds the web renderer, starts the core on its state folder and prints the URL.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { startWebHost, webStateDir } from '../electron/web/web-host';

const { values } = parseArgs({
  options: { port: { type: 'string' }, state: { type: 'string' }, 'no-build': { type: 'boolean' } },
});
if (!values['no-build']) await build({ configFile: resolve('vite.web.config.ts'), logLevel: 'warn' });
const stateDir = resolve(values.state ?? webStateDir());
const host = await startWebHost({
  version: process.env['npm_package_version'] ?? '0.0.0',
  stateDir,
  staticDir: resolve('out/web'),
  page: 'index.html',
  ...(values.port ? { port: Number(values.port) } : {}),
  onError: (what, error) => console.error(`[console] ${what}`, error),
});
console.log(
  `Autopilot Console is served at:\n  ${host.transport.url}\nOpen it in a browser. Press Ctrl+C to stop.\n` +
    `Settings, the activity log and the devices are kept in ${stateDir}.`,
);

const stop = (): void => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
