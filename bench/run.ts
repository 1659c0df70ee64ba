/** Runs every benchmark in bench/ (files named *.bench.ts), one after the other, and fails if one fails. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join('bench', file)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed++;
}
console.log(`\n${files.length - failed} benchmarks passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
