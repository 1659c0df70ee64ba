import { DEVICE_PREPARATION_NEXT_STEPS, stageLabelOf } from '../../../shared/domain/corporate';
import type { CliContext } from '../context';
import { readCorporateInputs } from '../corporate-inputs';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import { UsageError, type ParsedValues } from '../options';
import { withEngine } from '../session';

/** Options of `register` that mean nothing for a corporate identifier. */
const AUTOPILOT_ONLY = [
  'tag',
  'no-tag',
  'user',
  'name',
  'wait',
  'timeout',
  'import-timeout',
  'group-timeout',
  'profile-timeout',
  'poll-interval',
  'group',
  'replace-existing',
  'allow-odd-hash-size',
  'resume',
];

/**
 * `register --corporate-identifier`: adds each device of the files (3-column manufacturer,model,serial CSVs without
 * header, or captured hashes) as a corporate identifier for Windows Autopilot device preparation.
 */
export async function registerCorporate(values: ParsedValues, positionals: string[], ctx: CliContext): Promise<number> {
  const extra = AUTOPILOT_ONLY.filter((name) => values[name] !== undefined && values[name] !== false);
  if (extra.length > 0)
    throw new UsageError(
      `--corporate-identifier does not take ${extra.map((name) => `--${name}`).join(', ')}: a corporate identifier has no group tag, user, device name, groups or stages to wait for`,
    );
  if (positionals.length === 0)
    throw new UsageError('give at least one manufacturer,model,serial CSV or hash file with --corporate-identifier');
  const json = values.json === true ? new JsonLinesWriter(ctx.out) : null;
  const { inputs, rejected, fileWarnings } = await readCorporateInputs(positionals, ctx.cwd, ctx.clock.now());
  for (const warning of fileWarnings) ctx.err(`warning: ${warning}`);
  const at = new Date(ctx.clock.now()).toISOString();
  const refuse = (origin: string, serial: string, reason: string): void => {
    if (json) json.line({ serial, stage: 'failed', at, code: 'bad-row', reason, origin });
    else ctx.err(`${origin}: ${serial || '(no serial)'}: not added: ${reason}`);
  };
  for (const row of rejected) refuse(`${row.file}:${row.line}`, row.serial, row.reason);
  if (inputs.length === 0) {
    if (rejected.length === 0) throw new UsageError('the files hold no device rows');
    ctx.err('no valid row in the file(s): nothing was sent to the tenant.');
    if (json) json.line({ summary: { total: rejected.length, added: 0, failed: rejected.length } });
    return EXIT.usage;
  }
  return withEngine(values, ctx, { verbose: values.verbose === true }, async (engine) => {
    const result = await engine.registerCorporate(inputs, ctx.signal);
    for (const row of result.rejected) refuse(row.origin, row.serial, row.reason);
    for (const device of result.devices) {
      if (json)
        json.line({
          serial: device.serial,
          kind: 'corporate-identifier',
          stage: device.stage,
          at: device.updatedAt,
          identifier: `${device.manufacturer},${device.model},${device.serial}`,
          ...(device.problem
            ? { code: device.problem.code, reason: device.problem.reason, nextStep: device.problem.nextStep }
            : {}),
        });
      else
        ctx.out(
          `${device.serial.padEnd(18)} ${stageLabelOf(device.stage, 'corporate-identifier')}${device.problem ? `: ${device.problem.reason}\n${' '.repeat(19)}next: ${device.problem.nextStep}` : ''}`,
        );
    }
    const added = result.devices.filter((device) => device.stage === 'imported').length;
    const failed = rejected.length + result.rejected.length + result.devices.length - added;
    if (json)
      json.line({ summary: { total: added + failed, added, failed, nextSteps: DEVICE_PREPARATION_NEXT_STEPS } });
    else {
      ctx.out(`${added} of ${added + failed} device(s) added as corporate identifiers; ${failed} not added.`);
      if (added > 0) {
        ctx.out('Still to do in Intune for Windows Autopilot device preparation (not done by this console):');
        for (const step of DEVICE_PREPARATION_NEXT_STEPS) ctx.out(`  - ${step}`);
      }
    }
    return failed > 0 ? EXIT.failed : EXIT.ok;
  });
}
