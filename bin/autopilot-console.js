#!/usr/bin/env node
// Launcher for the `autopilot-console` command: runs the built CLI when present, else the TypeScript
// sources through tsx (a checkout after `npm ci`, or an install that kept the sources).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'cli', 'cli.js');

if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'electron', 'cli.ts')).href);
}
