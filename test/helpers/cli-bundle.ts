import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The esbuild arguments of `npm run build:cli`, read from package.json so the test builds what the script builds. */
export function buildCliArgs(): string[] {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  const script = pkg.scripts['build:cli'] ?? '';
  const [tool, ...args] = script.split(/\s+/);
  if (tool !== 'esbuild') throw new Error(`build:cli is not an esbuild command: ${script}`);
  return args;
}

/**
 * Builds the CLI bundle exactly as `npm run build:cli` does, but into a fresh folder laid out like the app
 * (<root>/out/cli), with the project's node_modules linked beside it as the packaged app has its own.
 * Returns the root. Concurrent tests never share (or race on) the project's out/ folder.
 */
export function buildCliBundle(): string {
  const root = mkdtempSync(join(tmpdir(), 'cli-bundle-'));
  const outDir = join(root, 'out', 'cli');
  mkdirSync(outDir, { recursive: true });
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir');
  const args = buildCliArgs().map((arg) => (arg.startsWith('--outdir=') ? `--outdir=${outDir}` : arg));
  execFileSync(resolve('node_modules/.bin/esbuild'), args, { stdio: 'pipe' });
  return root;
}
