import type { CliCommand } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import { parseCommandArgs, TENANT_OPTIONS_HELP, UsageError } from '../options';
import { withEngine } from '../session';

const USAGE = `Usage: autopilot-console deregister <serial> [--json]

Deletes the Autopilot record of a serial. Refused when the device is enrolled in Intune: Microsoft
requires deleting it from Intune first. Exit 0 when deleted or not registered, 1 when refused.

${TENANT_OPTIONS_HELP}`;

/** `deregister`: removes a device from Autopilot. */
export const deregisterCommand: CliCommand = {
  name: 'deregister',
  summary: 'deregister a serial from Autopilot (refused when enrolled in Intune)',
  usage: USAGE,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { verbose: { type: 'boolean' } }, true);
    const serial = positionals[0];
    if (!serial || positionals.length > 1) throw new UsageError('give exactly one serial');
    return withEngine(values, ctx, { verbose: values.verbose === true }, async (engine) => {
      const result = await engine.deregister(serial, ctx.signal);
      if (values.json === true) new JsonLinesWriter(ctx.out).line(result);
      else
        ctx.out(
          `${serial}: ${result.outcome}: ${result.reason}${result.outcome === 'refused' ? `\nnext: ${result.nextStep}` : ''}`,
        );
      return result.outcome === 'refused' ? EXIT.failed : EXIT.ok;
    });
  },
};
