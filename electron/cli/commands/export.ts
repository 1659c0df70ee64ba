import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Clock } from '../../core/clock';
import { exportQueue } from '../../core/files/offline-queue';
import { openOfflineQueue } from '../../core/files/offline-queue-store';
import type { Journal } from '../../core/store/journal';
import type { CliCommand, CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import { parseCommandArgs, stringOption, TENANT_OPTIONS_HELP, UsageError, type ParsedValues } from '../options';
import { stateDirOf } from '../tenant';

/** The tenant whose journal holds the offline queue, found without signing in (offline machines have no credentials). */
export function offlineTenant(
  values: ParsedValues,
  ctx: CliContext,
): { tenant: string; configured: boolean; stateDir: string } {
  const stateDir = stateDirOf(values, ctx);
  const configPath = resolve(
    ctx.cwd,
    stringOption(values, 'config') ?? ctx.env.AUTOPILOT_CONFIG ?? join(stateDir, 'config.json'),
  );
  let configTenant: string | undefined;
  if (existsSync(configPath)) {
    try {
      const parsed = JSON.parse(readFileSync(configPath, 'utf8')) as { tenantId?: unknown };
      if (typeof parsed.tenantId === 'string') configTenant = parsed.tenantId;
    } catch {
      throw new UsageError(`${configPath} is not valid JSON`);
    }
  }
  const configured = stringOption(values, 'tenant-id') ?? ctx.env.AUTOPILOT_TENANT_ID ?? configTenant;
  if (configured) return { tenant: configured, configured: true, stateDir };
  // No tenant: the sandbox's journal (its id is written when the sandbox first starts).
  const sandboxFile = join(stateDir, 'sandbox', 'tenant-id');
  const tenant = existsSync(sandboxFile) ? readFileSync(sandboxFile, 'utf8').trim() : 'sandbox';
  return { tenant, configured: false, stateDir };
}

/**
 * Opens the offline queue: one per state folder, whatever tenant is configured (queues that earlier versions
 * kept per tenant are moved into it first, and the move is said on stderr).
 */
export async function openOfflineJournal(
  values: ParsedValues,
  ctx: CliContext,
  clock: Clock,
): Promise<{ journal: Journal }> {
  const stateDir = stateDirOf(values, ctx);
  const { journal, migration } = await openOfflineQueue(stateDir, clock, ctx.err);
  if (migration.moved > 0)
    ctx.err(`${migration.moved} device(s) queued under a tenant were moved into the offline queue of ${stateDir}.`);
  for (const dir of migration.busy)
    ctx.err(`warning: ${dir} is in use by another run: its queued devices are moved the next time.`);
  return { journal };
}

const USAGE = `Usage: autopilot-console export --out DIR [options]

Writes the devices of the offline queue (captured or ingested, not yet uploaded) as Intune CSV files:
"Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User", UTF-8 without BOM,
CRLF, at most 500 devices per file (autopilot-devices.csv, or autopilot-devices-1.csv, -2.csv, ...).
Import them on a connected machine with "register" (or in Intune); the same devices keep their history.

Options:
  --out DIR        folder for the files (created when missing)
  --name BASE      file name without .csv (default autopilot-devices)
  --new-only       only devices not exported before
  --json           JSON Lines on stdout

${TENANT_OPTIONS_HELP}`;

const OPTIONS = { out: { type: 'string' }, name: { type: 'string' }, 'new-only': { type: 'boolean' } } as const;

async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const out = stringOption(values, 'out');
  if (!out) throw new UsageError('--out DIR is required');
  const name = stringOption(values, 'name');
  if (name !== undefined && !/^[\w.-]+$/.test(name))
    throw new UsageError('--name may hold letters, digits, ".", "_" and "-" only');
  const json = values.json === true ? new JsonLinesWriter((line) => ctx.out(line)) : null;
  const { journal } = await openOfflineJournal(values, ctx, ctx.clock);
  try {
    const onlyNew = values['new-only'] === true;
    const waiting = journal.queued().filter((device) => !onlyNew || device.exportedAt === null);
    if (waiting.length === 0) {
      if (json) json.line({ exported: 0, files: [] });
      else ctx.out('The offline queue is empty: nothing to export.');
      return EXIT.ok;
    }
    const result = await exportQueue(journal, resolve(ctx.cwd, out), {
      onlyNotExported: onlyNew,
      ...(name ? { baseName: name } : {}),
    });
    if (!result.ok) {
      for (const refusal of result.refusals) {
        if (json) json.line({ refused: true, serial: refusal.serial, column: refusal.column, reason: refusal.message });
        else
          ctx.err(
            `${refusal.serial || `device ${refusal.row}`}: ${refusal.message}: not exported (fix it and capture again).`,
          );
      }
      return EXIT.usage;
    }
    if (json) json.line({ exported: result.serials.length, files: result.paths });
    else {
      for (const path of result.paths) ctx.out(path);
      ctx.out(`${result.serials.length} device(s) exported in ${result.paths.length} file(s).`);
    }
    return EXIT.ok;
  } finally {
    journal.close();
  }
}

/** `export`: the offline queue as Intune CSV files. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write the offline queue as Intune CSV files (500 devices per file)',
  usage: USAGE,
  run,
};
