import { STAGE_LABELS } from '../../../shared/domain/device';
import type { RegistrationEngine } from '../../core/pipeline/engine';
import type { CliCommand, CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import { parseCommandArgs, TENANT_OPTIONS_HELP, UsageError } from '../options';
import { withEngine } from '../session';

const USAGE = `Usage: autopilot-console deregister <serial>... [--yes] [--json]

Deletes the Autopilot record of each serial. Refused for a device enrolled in Intune: Microsoft
requires deleting it from Intune first.

At a terminal it lists what will be removed and asks before deleting anything. When stdin is not a
terminal (a script, a task sequence) it deletes nothing without --yes.

Options:
  --yes       delete without asking (scripts and task sequences)
  --json      one JSON line per serial {"serial","outcome","autopilotDeviceIds","reason","nextStep"}

${TENANT_OPTIONS_HELP}`;

const OPTIONS = { yes: { type: 'boolean' }, verbose: { type: 'boolean' } } as const;

/** What the local journal knows of each serial, one line each: the list a person confirms. */
function describe(engine: RegistrationEngine, serials: string[]): string[] {
  return serials.map((serial) => {
    const [view] = engine.status(serial);
    const known = view
      ? `local journal: ${STAGE_LABELS[view.stage]}${view.groupTag ? `, tag ${view.groupTag}` : ''}`
      : 'not in the local journal';
    return `  ${serial.padEnd(18)} (${known})`;
  });
}

/** Asks the person at the terminal; true when they confirm (always true with --yes). */
async function confirmed(
  engine: RegistrationEngine,
  serials: string[],
  ctx: CliContext,
  yes: boolean,
): Promise<boolean> {
  if (yes) return true;
  if (!ctx.confirm) return false;
  ctx.err(`The Autopilot record(s) of these ${serials.length} serial(s) will be deleted from the tenant:`);
  for (const line of describe(engine, serials)) ctx.err(line);
  ctx.err('A device enrolled in Intune is refused and kept.');
  return ctx.confirm(`Deregister ${serials.length === 1 ? 'this device' : `these ${serials.length} devices`}?`);
}

/** `deregister`: removes devices from Autopilot, after confirmation. */
export const deregisterCommand: CliCommand = {
  name: 'deregister',
  summary: 'deregister serials from Autopilot, after confirmation (refused when enrolled in Intune)',
  usage: USAGE,
  exitCodes: [
    'Exit codes:',
    '  0  every serial deleted or not registered',
    '  1  some serial refused (enrolled in Intune), or the question was answered no (nothing deleted)',
    '  2  bad usage, or stdin is not a terminal and --yes was not given (nothing deleted)',
    '  3  authentication or permission failure',
  ].join('\n'),
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS, true);
    const serials = [...new Set(positionals.map((serial) => serial.trim()).filter(Boolean))];
    if (serials.length === 0) throw new UsageError('give at least one serial');
    const yes = values.yes === true;
    if (!yes && !ctx.confirm)
      throw new UsageError(
        'deregister deletes Autopilot records and stdin is not a terminal to ask on: pass --yes to confirm (nothing was deleted)',
      );
    return withEngine(values, ctx, { verbose: values.verbose === true }, async (engine) => {
      if (!(await confirmed(engine, serials, ctx, yes))) {
        ctx.err('Nothing deleted.');
        return EXIT.failed;
      }
      const json = values.json === true ? new JsonLinesWriter(ctx.out) : null;
      let refused = 0;
      for (const serial of serials) {
        const result = await engine.deregister(serial, ctx.signal);
        if (result.outcome === 'refused') refused++;
        if (json) json.line(result);
        else
          ctx.out(
            `${serial}: ${result.outcome}: ${result.reason}${result.outcome === 'refused' ? `\nnext: ${result.nextStep}` : ''}`,
          );
      }
      return refused > 0 ? EXIT.failed : EXIT.ok;
    });
  },
};
