import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { join } from 'node:path';

// The sources, not the launcher: a stale out/cli bundle must never be what the tests check.
const CLI = ['--import', 'tsx', join(process.cwd(), 'electron', 'cli.ts')];

/** Output and exit code of one CLI process. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI as a separate process (as a task sequence would). */
export function spawnCli(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcessByStdio<null, Readable, Readable>; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [...CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Runs the CLI to completion. */
export function runCliProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  return spawnCli(args, env).done;
}

/** Parses JSON Lines output. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** An Intune CSV with the five documented columns. */
export function intuneCsv(rows: { serial: string; hash: string; tag?: string; user?: string }[]): string {
  return [
    'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User',
    ...rows.map((row) => `${row.serial},,${row.hash},${row.tag ?? ''},${row.user ?? ''}`),
  ].join('\r\n');
}

/** The tenant options that point the CLI straight at a sandbox (as a custom cloud), with its own state folder. */
export function sandboxTenantArgs(
  sandbox: { tenantId: string; clientId: string; authorityHost: string; graphEndpoint: string },
  stateDir: string,
): string[] {
  return [
    '--tenant-id',
    sandbox.tenantId,
    '--client-id',
    sandbox.clientId,
    '--authority-host',
    sandbox.authorityHost,
    '--graph-endpoint',
    sandbox.graphEndpoint,
    '--state-dir',
    stateDir,
  ];
}
