import { runCliProcess } from './cli/process';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(new Error(`stopped by ${signal}`)));
}

process.exitCode = await runCliProcess(process.argv.slice(2), { signal: controller.signal });
