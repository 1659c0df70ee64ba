import type { CliCommand } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import { parseCommandArgs, TENANT_OPTIONS_HELP, UsageError } from '../options';
import { recordLines } from '../record-text';
import { withEngine } from '../session';

const USAGE = `Usage: autopilot-console lookup <serial>... [--json]

Shows the Autopilot record of each serial in the tenant, whether or not this tool registered it:
group tag, assigned user, device name, profile status in words (hardware-change states included),
the assigned and intended profile and why (tag -> group -> profile), enrollment, the Entra device
and its groups, last contact. Serials are matched exactly.

Options:
  --json                  JSON Lines on stdout: one {"serial","found","records":[...]} per serial

Exit 0 when every serial has a record, 1 when one has none.

${TENANT_OPTIONS_HELP}`;

/** `lookup`: the tenant's Autopilot records of serials. */
export const lookupCommand: CliCommand = {
  name: 'lookup',
  summary: "show the tenant's Autopilot record of serials (registered here or not)",
  usage: USAGE,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { verbose: { type: 'boolean' } }, true);
    const serials = positionals.map((serial) => serial.trim()).filter(Boolean);
    if (serials.length === 0) throw new UsageError('give at least one serial');
    return withEngine(values, ctx, { verbose: values.verbose === true }, async (engine) => {
      const results = await engine.lookup(serials, ctx.signal);
      const json = values.json === true ? new JsonLinesWriter(ctx.out) : null;
      for (const result of results) {
        if (json) {
          json.line({ serial: result.serial, found: result.records.length > 0, records: result.records });
          continue;
        }
        if (result.records.length === 0) ctx.out(`${result.serial}: no Autopilot record in this tenant`);
        if (result.records.length > 1) ctx.out(`${result.serial}: ${result.records.length} records share this serial`);
        for (const record of result.records) for (const line of recordLines(record)) ctx.out(line);
      }
      return results.every((result) => result.records.length > 0) ? EXIT.ok : EXIT.failed;
    });
  },
};
