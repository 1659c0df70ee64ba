import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CsvDevice } from '../../../shared/domain/csv/row-checker';
import { AppError } from '../../core/errors';
import { queueDevices } from '../../core/files/offline-queue';
import { watchFolder, type FolderWatchOptions, type IngestIssue } from '../../core/files/watch-folder';
import type { RegistrationEngine } from '../../core/pipeline/engine';
import type { StageEvent } from '../../core/pipeline/types';
import type { CliCommand, CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import {
  parseCommandArgs,
  parseDuration,
  stringOption,
  TENANT_OPTIONS_HELP,
  UsageError,
  type ParsedValues,
} from '../options';
import { openOfflineJournal } from './export';
import { readTagChoice, requireTagChoice, TAG_OPTIONS } from '../tag-choice';

const USAGE = `Usage: autopilot-console watch <folder> [options]

Watches a folder (local or a network share) for CSV, hash (.txt, .hash) and OA3.xml files. Each file
is taken once its size has stopped changing, its good rows are queued (or registered), and it is moved
to processed/ (some devices taken) or rejected/ (none), with a <name>.report.txt beside it.
Runs until interrupted (Ctrl+C), or once with --once.

Options:
  --tag T           group tag for every device (wins over the files' Group Tag column)
  --no-tag          keep each device's own Group Tag from its file (a row without one gets none).
                    With --register one of --tag and --no-tag is required: a device without a tag
                    matches no dynamic group rule and ends "not assigned"
  --user UPN        user to pre-assign to every device
  --register        register the devices and follow them to "ready for OOBE" (needs the network)
  --poll D          scan interval (default 2s)
  --stable D        how long a file must stay unchanged before it is taken (default 3s)
  --once            take the files present now, then exit
  --json            JSON Lines on stdout: one object per file {"file","accepted","rejected","movedTo","report","issues"}

Each rejected or warned row is printed on its own line (file:line: serial: rejected|warning: reason).

${TENANT_OPTIONS_HELP}`;

const OPTIONS = {
  ...TAG_OPTIONS,
  user: { type: 'string' },
  register: { type: 'boolean' },
  poll: { type: 'string' },
  stable: { type: 'string' },
  once: { type: 'boolean' },
} as const;

type Accept = FolderWatchOptions['accept'];

/** Queues each file's devices in the offline journal, opened per file so other commands can use it between files. */
function queueAcceptor(values: ParsedValues, ctx: CliContext, tag?: string, user?: string): Accept {
  return async (devices, file) => {
    const { journal } = await openOfflineJournal(values, ctx, ctx.clock);
    try {
      queueDevices(journal, devices, {
        source: 'watch',
        origin: file.name,
        ...(tag === undefined ? {} : { groupTag: tag }),
        ...(user === undefined ? {} : { assignedUser: user }),
      });
    } finally {
      journal.close();
    }
  };
}

/** Registers each file's devices beside the watch; `settle` waits for the registrations under way. */
function registeringAcceptor(
  engine: RegistrationEngine,
  ctx: CliContext,
  tag: string | undefined,
  user: string | undefined,
): { accept: Accept; settle(): Promise<void>; networkFailed(): boolean } {
  const running = new Set<Promise<unknown>>();
  let network = false;
  const accept: Accept = (devices: CsvDevice[], file) => {
    // Registration follows devices for up to the stage time limits: run it beside the watch.
    const job = engine
      .register(
        devices.map((device) => ({
          serial: device.serial,
          hardwareHash: device.hardwareHash,
          productKey: device.productId,
          groupTag: device.groupTag,
          assignedUser: device.assignedUser,
          source: 'watch' as const,
          origin: file.name,
        })),
        { ...(tag === undefined ? {} : { groupTag: tag }), ...(user === undefined ? {} : { assignedUser: user }) },
        ctx.signal,
      )
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'network') network = true;
        ctx.err(`${file.name}: registration stopped: ${error instanceof Error ? error.message : String(error)}`);
      });
    running.add(job);
    void job.finally(() => running.delete(job));
    return Promise.resolve();
  };
  return {
    accept,
    async settle() {
      await Promise.allSettled([...running]);
    },
    networkFailed: () => network,
  };
}

/** "devices.csv:3: SN1: rejected: <reason>", or for the file as a whole "noise.txt: rejected: <reason>". */
function issueLine(file: string, issue: IngestIssue): string {
  const where = issue.line === undefined ? '' : `:${issue.line}`;
  const serial = issue.line === undefined ? '' : ` ${issue.serial || '(no serial)'}:`;
  return `${file}${where}:${serial} ${issue.severity === 'error' ? 'rejected' : 'warning'}: ${issue.message}`;
}

async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, true);
  if (positionals.length !== 1) throw new UsageError('give exactly one folder');
  const folder = resolve(ctx.cwd, positionals[0] as string);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${folder} is not a folder`);
  const once = values.once === true;
  const pollText = stringOption(values, 'poll');
  const stableText = stringOption(values, 'stable');
  const pollMs = pollText !== undefined ? parseDuration(pollText, '--poll', { max: 3_600_000 }) : 2000;
  const stable = stableText !== undefined ? parseDuration(stableText, '--stable', { min: 0, max: 3_600_000 }) : 3000;
  const stableMs = once ? 0 : stable;
  const tagChoice = readTagChoice(values);
  if (values.register === true) requireTagChoice(tagChoice);
  const tag = tagChoice.kind === 'tag' ? tagChoice.tag : undefined;
  const user = stringOption(values, 'user');
  const json = values.json === true ? new JsonLinesWriter((line) => ctx.out(line)) : null;
  if (values.register !== true) return watchWith(queueAcceptor(values, ctx, tag, user), false);
  const { withEngine } = await import('../session');
  const onStage = (event: StageEvent): void =>
    ctx.err(`${event.serial}: ${event.stage}${event.reason ? `: ${event.reason}` : ''}`);
  return withEngine(values, ctx, { onStage }, async (engine) => {
    const registering = registeringAcceptor(engine, ctx, tag, user);
    let code: number;
    try {
      code = await watchWith(registering.accept, true);
    } finally {
      await registering.settle();
    }
    // A registration the network stopped is told apart from a rejected file (exit 4, not 1).
    return registering.networkFailed() ? EXIT.network : code;
  });

  /** Watches the folder, handing each file's devices to `accept`, until interrupted (or once). */
  async function watchWith(accept: Accept, registering: boolean): Promise<number> {
    let rejectedFiles = 0;
    let errors = 0;
    const watch = watchFolder(folder, {
      accept,
      pollMs: once ? 3_600_000 : pollMs,
      stableMs,
      now: () => ctx.clock.now(),
      onIngested: (report) => {
        if (report.accepted === 0 && !report.repeat) rejectedFiles++;
        if (json) {
          json.line({
            file: report.name,
            accepted: report.accepted,
            rejected: report.rejected,
            repeat: report.repeat,
            movedTo: report.movedTo,
            report: report.reportPath,
            issues: report.issues,
          });
        } else {
          const what = report.repeat
            ? 'already ingested before'
            : `${report.accepted} device(s) ${registering ? 'registering' : 'queued'}, ${report.rejected} row(s) rejected`;
          ctx.out(`${report.name}: ${what}; moved to ${report.movedTo}`);
          for (const issue of report.issues) ctx.out(issueLine(report.name, issue));
        }
      },
      onError: (message) => {
        errors++;
        ctx.err(`warning: ${message}`);
      },
    });
    try {
      if (once) {
        // First scan notes the files, the second takes them (stable time 0).
        await watch.scan();
        await watch.scan();
      } else {
        if (!json) ctx.err(`Watching ${folder} (Ctrl+C to stop)...`);
        await new Promise<void>((resolveStop) => {
          if (!ctx.signal) return;
          if (ctx.signal.aborted) resolveStop();
          ctx.signal.addEventListener('abort', () => resolveStop(), { once: true });
        });
      }
    } finally {
      await watch.close();
    }
    return rejectedFiles > 0 || errors > 0 ? EXIT.failed : EXIT.ok;
  }
}

/** `watch`: ingests a folder's CSV and hash files. */
export const watchCommand: CliCommand = {
  name: 'watch',
  summary: 'ingest CSV and hash files dropped into a folder (or share), once each',
  usage: USAGE,
  run,
};
