/** Standalone entry: `npx tsx electron/core/sandbox/run.ts [--speed demo] [--port N] [--state-file PATH] [--json]`. */
import { runSandboxCommand } from './cli-command';

const code = await runSandboxCommand(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exit(code);
