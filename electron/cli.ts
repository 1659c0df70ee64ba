import { createProcessContext } from './cli/context';
import { runCli } from './cli/main';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(new Error(`stopped by ${signal}`)));
}

process.exitCode = await runCli(process.argv.slice(2), createProcessContext(controller.signal));
