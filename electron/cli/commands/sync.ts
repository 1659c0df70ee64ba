import type { CliCommand } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import { parseCommandArgs, TENANT_OPTIONS_HELP } from '../options';
import { withEngine } from '../session';

const USAGE = `Usage: autopilot-console sync [--json]

Asks Intune to sync with the Autopilot service. Autopilot allows one sync per 10 minutes,
tenant-wide: inside that window nothing is sent and the time the next sync is allowed is printed.

Options:
  --json                  one {"outcome","message","nextAllowedAt"} line

Exit 0 when a sync started (or one is running), 1 when the next one is not allowed yet.

${TENANT_OPTIONS_HELP}`;

/** `sync`: an Autopilot sync within the 10-minute rule. */
export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'ask for an Autopilot sync (one per 10 minutes, tenant-wide)',
  usage: USAGE,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { verbose: { type: 'boolean' } });
    return withEngine(values, ctx, { verbose: values.verbose === true }, async (engine) => {
      const answer = await engine.requestSync(ctx.signal);
      if (values.json === true) new JsonLinesWriter(ctx.out).line(answer);
      else ctx.out(answer.message);
      return answer.outcome === 'too-soon' ? EXIT.failed : EXIT.ok;
    });
  },
};
