/**
 * Prints the mutation score of each mutated module from Stryker's JSON reports (both passes of
 * `npm run mutation`, or the files given) and fails when one is under the break threshold (80%).
 */
import { existsSync, readFileSync } from 'node:fs';

const REPORTS =
  process.argv.length > 2 ? process.argv.slice(2) : ['reports/mutation/unit.json', 'reports/mutation/constants.json'];
const BREAK = Number(process.env.MUTATION_BREAK ?? 80);

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

const files: Report['files'] = {};
for (const path of REPORTS) {
  if (!existsSync(path)) {
    console.error(`${path} is missing: run "npm run mutation" first.`);
    process.exit(1);
  }
  Object.assign(files, (JSON.parse(readFileSync(path, 'utf8')) as Report).files);
}
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function score(statuses: string[]): { detected: number; valid: number; percent: number } {
  const detected = statuses.filter((s) => DETECTED.has(s)).length;
  const valid = detected + statuses.filter((s) => UNDETECTED.has(s)).length;
  return { detected, valid, percent: valid === 0 ? 100 : (100 * detected) / valid };
}

const all: string[] = [];
const low: string[] = [];
for (const [file, { mutants }] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
  const statuses = mutants.map((m) => m.status);
  all.push(...statuses);
  const { detected, valid, percent } = score(statuses);
  if (percent < BREAK) low.push(file);
  console.log(`${percent.toFixed(1).padStart(6)}%  ${String(detected).padStart(4)}/${String(valid).padEnd(4)} ${file}`);
}
const total = score(all);
console.log(
  `${total.percent.toFixed(1).padStart(6)}%  ${String(total.detected).padStart(4)}/${String(total.valid).padEnd(4)} all`,
);
if (low.length > 0) {
  console.error(`Under ${BREAK}%: ${low.join(', ')}`);
  process.exit(1);
}
