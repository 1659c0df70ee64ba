#!/usr/bin/env node
// Launcher for the `autopilot-console` command: runs the built CLI (out/cli/cli.js) when present, else the
// TypeScript sources through tsx (a checkout after `npm ci`).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'cli', 'cli.js');

if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      'autopilot-console: the CLI is not built (out/cli/cli.js) and tsx is not installed: run "npm ci" in the project.\n',
    );
    process.exit(2);
  }
  register();
  await import(pathToFileURL(join(root, 'electron', 'cli.ts')).href);
}
