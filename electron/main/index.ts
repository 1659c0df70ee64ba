import { app } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliInvocation } from './cli-args';
import { startDesktopConsole } from './gui';
import { runHeadless, type EmbeddedCli } from './headless';
import { createElectronNetwork } from './network';

// `"Autopilot Console.exe" register ...` runs the CLI with no window; any other launch opens the console.
const cliArgs = cliInvocation(process.argv, process.defaultApp);

if (cliArgs) {
  void runHeadless(cliArgs, {
    app,
    // The same bundle as `node out/cli/cli.js` (built together by `npm run build:cli`), packaged beside out/main.
    loadCli: async () =>
      (await import(pathToFileURL(join(app.getAppPath(), 'out', 'cli', 'embedded.js')).href)) as EmbeddedCli,
    createNetwork: () => createElectronNetwork(),
  });
} else {
  startDesktopConsole();
}
