import { STAGE_LABELS, STAGES, type Stage } from '../../../shared/domain/device';
import { nameRequestProblem } from '../../../shared/domain/device-name';
import type { PollIntervals, StageEvent, StageTimeouts } from '../../core/pipeline/types';
import type { CliCommand, CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { readInputs } from '../inputs';
import { JsonLinesWriter } from '../json-lines';
import {
  parseCommandArgs,
  parseDuration,
  stringOption,
  TENANT_OPTIONS_HELP,
  UsageError,
  type ParsedValues,
} from '../options';
import { HumanProgress } from '../progress';
import { withEngine } from '../session';
import { registerCorporate } from './register-corporate';
import { groupTagOption, readTagChoice, requireTagChoice, TAG_OPTIONS } from '../tag-choice';

const USAGE = `Usage: autopilot-console register <csv-or-hash-file>... [options]
       autopilot-console register --resume [options]

Registers each device of the files with Windows Autopilot and follows it to "ready for OOBE"
(or the stage given by --wait), with a time limit per stage.

Options:
  --tag T                 group tag for every device (wins over the file's Group Tag column)
  --no-tag                keep each device's own Group Tag from its file (a row without one gets none)
                          One of --tag and --no-tag is required: a device without a tag matches no
                          dynamic group rule and ends "not assigned". --resume takes neither: each
                          device keeps the tag it was registered with.
  --user UPN              user to pre-assign to every device
  --name NAME|TEMPLATE    Autopilot device name, applied by a user-driven Microsoft Entra join: a
                          name for one device, or a template for several with %SERIAL% (the serial)
                          and %RAND:x% (x random digits), e.g. FIN-%RAND:4%; at most 15 letters,
                          digits and hyphens, not digits only (checked before anything is sent)
  --wait STAGE            imported | in-group | profile-assigned (default: ready = profile assigned and checked)
  --timeout DURATION      time limit for the whole run, e.g. 60m (devices still moving then end "timed-out")
  --import-timeout D      per-stage limits (defaults: import 15m, group 30m, profile 60m)
  --group-timeout D
  --profile-timeout D
  --group NAME|ID         add each device to this assigned (static) security group once its Entra device
                          object exists, at "in group" (repeatable; needs GroupMember.ReadWrite.All, and
                          Device.ReadWrite.All for an application; a device already a member is fine);
                          with --group, --wait imported waits for in-group
  --corporate-identifier  add the devices as corporate identifiers for Windows Autopilot device preparation
                          instead (manufacturer, model and serial, from hash files or from a CSV of those three
                          columns without header, Intune's format); takes none of the Autopilot options
  --replace-existing      deregister an existing record of the serial first and import the new hash
                          (motherboard replacement; refused when the device is enrolled in Intune)
  --allow-odd-hash-size   send a hash that is not 4,000 characters anyway (refused by default: a copy
                          cut inside its padding still decodes, and Intune answers HashNot4k)
  --resume                follow every device the journal has in flight (after a crash or Ctrl+C)
  --poll-interval D       poll every D instead of the defaults (15s import, 30s devices, 60s groups)
  --verbose               more detail on stderr
  --json                  JSON Lines on stdout: one object per stage change
                          {"serial","stage","at"[,"code","reason","nextStep"]}, then {"summary":{...}};
                          every line but the summary has serial, stage and at. A row that cannot be
                          registered is a "failed" line with its file and line. Duplicate rows are not
                          devices: they are reported on stderr ("warning: ..."), never on stdout.

With no valid device row at all, nothing is sent to the tenant and the exit code is 2.

${TENANT_OPTIONS_HELP}`;

const OPTIONS = {
  ...TAG_OPTIONS,
  user: { type: 'string' },
  name: { type: 'string' },
  wait: { type: 'string' },
  timeout: { type: 'string' },
  'import-timeout': { type: 'string' },
  'group-timeout': { type: 'string' },
  'profile-timeout': { type: 'string' },
  'replace-existing': { type: 'boolean' },
  group: { type: 'string', multiple: true },
  'corporate-identifier': { type: 'boolean' },
  'allow-odd-hash-size': { type: 'boolean' },
  resume: { type: 'boolean' },
  'poll-interval': { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

function stageTimeouts(values: ParsedValues): Partial<StageTimeouts> {
  const out: Partial<StageTimeouts> = {};
  const importTimeout = stringOption(values, 'import-timeout');
  const group = stringOption(values, 'group-timeout');
  const profile = stringOption(values, 'profile-timeout');
  if (importTimeout !== undefined) out.imported = parseDuration(importTimeout, '--import-timeout');
  if (group !== undefined) out['in-group'] = parseDuration(group, '--group-timeout');
  if (profile !== undefined) out['profile-assigned'] = parseDuration(profile, '--profile-timeout');
  return out;
}

/** The JSON Lines object of one stage change. */
export function stageLine(event: StageEvent): Record<string, unknown> {
  return {
    serial: event.serial,
    ...(event.hashSerial ? { hashSerial: event.hashSerial } : {}),
    stage: event.stage,
    at: event.at,
    ...(event.code
      ? { code: event.code, reason: event.reason, nextStep: event.nextStep, failedStage: event.failedStage }
      : {}),
    ...(event.device.problem?.graphError ? { graphError: event.device.problem.graphError } : {}),
    ...(event.device.deviceName ? { deviceName: event.device.deviceName } : {}),
    ...(event.notObservable.length > 0 ? { notObservable: event.notObservable } : {}),
    ...(event.skippedChecks.length > 0 ? { skippedChecks: event.skippedChecks } : {}),
  };
}

async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, true);
  if (values['corporate-identifier'] === true) return registerCorporate(values, positionals, ctx);
  const groupNames = Array.isArray(values.group) ? values.group.map((name) => name.trim()) : [];
  if (groupNames.some((name) => name === '')) throw new UsageError('--group needs a group name or object id');
  const resume = values.resume === true;
  if (positionals.length === 0 && !resume) throw new UsageError('give at least one CSV or hash file (or --resume)');
  if (positionals.length > 0 && resume)
    throw new UsageError('--resume takes no files: it follows the devices already in the journal');
  const tagChoice = readTagChoice(values);
  if (resume && tagChoice.kind !== 'unchosen')
    throw new UsageError('--resume takes no --tag or --no-tag: each device keeps the tag it was registered with');
  const asked = stringOption(values, 'wait');
  if (asked !== undefined && !(['imported', 'in-group', 'profile-assigned', 'ready'] as string[]).includes(asked)) {
    throw new UsageError(`--wait must be imported, in-group or profile-assigned (not "${asked}")`);
  }
  // Devices are added to static groups at "in group": waiting for less would end before they are added.
  const wait = asked === 'imported' && groupNames.length > 0 ? 'in-group' : asked;
  if (wait !== asked)
    ctx.err('--wait imported is raised to in-group: devices are added to their --group groups at that stage.');
  const timeouts = stageTimeouts(values);
  const overall = stringOption(values, 'timeout');
  const overallTimeoutMs = overall !== undefined ? parseDuration(overall, '--timeout') : undefined;
  const pollText = stringOption(values, 'poll-interval');
  const pollMs = pollText !== undefined ? parseDuration(pollText, '--poll-interval', { max: 3_600_000 }) : undefined;
  const poll: Partial<PollIntervals> = pollMs
    ? { import: pollMs, identity: pollMs, group: pollMs, profile: pollMs }
    : {};
  const json = values.json === true ? new JsonLinesWriter(ctx.out) : null;

  const { inputs, rejected, fileWarnings } = resume
    ? { inputs: [], rejected: [], fileWarnings: [] }
    : await readInputs(positionals, ctx.cwd, ctx.clock.now());
  if (!resume && inputs.length > 0)
    requireTagChoice(
      tagChoice,
      inputs.map((input) => input.groupTag ?? ''),
    );
  for (const warning of fileWarnings) ctx.err(`warning: ${warning}`);
  const untagged = tagChoice.kind === 'own' ? inputs.filter((input) => !input.groupTag?.trim()).length : 0;
  if (untagged > 0)
    ctx.err(
      `warning: ${untagged} device(s) have no Group Tag in the file: they reach a profile only through one assigned to all devices.`,
    );
  const at = new Date(ctx.clock.now()).toISOString();
  for (const row of rejected) {
    // A duplicate row is a notice about the file, not a device's stage: stdout keeps one shape per line.
    if (json && !row.duplicate)
      json.line({
        serial: row.serial,
        stage: 'failed',
        at,
        code: row.code,
        reason: row.reason,
        file: row.file,
        line: row.line,
      });
    else
      ctx.err(
        `${json ? 'warning: ' : ''}${row.file}:${row.line}: ${row.serial || '(no serial)'}: ${row.duplicate ? 'not sent (duplicate row)' : 'not registered'}: ${row.reason}`,
      );
  }
  const invalid = rejected.filter((row) => !row.duplicate).length;
  const name = stringOption(values, 'name')?.trim();
  if (name !== undefined) {
    const problem = nameRequestProblem(name, inputs.length);
    if (problem) throw new UsageError(`--name: ${problem}`);
  }
  if (!resume && inputs.length === 0 && invalid === 0) throw new UsageError('the files hold no device rows');
  if (!resume && inputs.length === 0) {
    // Nothing valid to register: bad input (exit 2), and no reason to sign in to the tenant at all.
    if (json) json.line({ summary: { total: invalid, ready: 0, failed: invalid, timedOut: 0 } });
    else
      ctx.err(
        `no valid device row in the file(s): ${invalid} row(s) cannot be registered; nothing was sent to the tenant.`,
      );
    return EXIT.usage;
  }

  const human = json ? null : new HumanProgress(ctx);
  const onStage = (event: StageEvent): void => (json ? json.line(stageLine(event)) : human?.event(event));
  return withEngine(values, ctx, { verbose: values.verbose === true, poll, onStage }, async (engine) => {
    // Groups are checked before anything is imported: a wrong name must not leave devices half done.
    const staticGroups = groupNames.length > 0 ? await engine.resolveGroups(groupNames, ctx.signal) : [];
    const result = resume
      ? { ...(await engine.resume(ctx.signal)), duplicates: [] }
      : await engine.register(
          inputs,
          {
            ...groupTagOption(tagChoice),
            ...(stringOption(values, 'user') !== undefined ? { assignedUser: stringOption(values, 'user') } : {}),
            ...(name ? { deviceName: name } : {}),
            ...(wait ? { waitFor: wait as Stage } : {}),
            replaceExisting: values['replace-existing'] === true,
            allowOddHashSize: values['allow-odd-hash-size'] === true,
            timeouts,
            ...(overallTimeoutMs ? { overallTimeoutMs } : {}),
            ...(staticGroups.length > 0 ? { staticGroups } : {}),
          },
          ctx.signal,
        );
    human?.done();
    if (human && ctx.isTty) {
      // The live view is gone: leave the outcome of each device on screen (failures were printed with reasons).
      for (const device of result.devices)
        if (device.stage !== 'failed' && device.stage !== 'timed-out')
          ctx.out(
            `${device.serial.padEnd(18)} ${STAGE_LABELS[device.stage]}${device.deviceName ? `  (name ${device.deviceName})` : ''}`,
          );
    }
    for (const duplicate of result.duplicates) {
      const text = `${duplicate.origin || duplicate.serial}: not sent on its own: same device (${duplicate.by === 'uuid' ? 'SMBIOS UUID' : 'serial'}) as ${duplicate.duplicateOf}`;
      ctx.err(json ? `warning: ${text}` : text);
    }
    const summary = {
      total: result.total + invalid,
      ready: result.ready,
      failed: result.failed + invalid,
      timedOut: result.timedOut,
      ...(wait && wait !== 'ready' && wait !== 'profile-assigned' ? { reached: result.reached, waitedFor: wait } : {}),
    };
    if (json) json.line({ summary });
    else {
      const target = wait && wait !== 'profile-assigned' ? STAGES.find((stage) => stage === wait) : 'ready';
      ctx.out(
        `${result.reached} of ${summary.total} device(s) reached "${target}"; ${summary.failed} failed, ${summary.timedOut} timed out.`,
      );
      if (result.ready > 0 && (!wait || wait === 'ready' || wait === 'profile-assigned'))
        ctx.out('Devices at "Ready for OOBE" may be rebooted into OOBE or handed over.');
    }
    return summary.failed > 0 || summary.timedOut > 0 || result.reached < result.total ? EXIT.failed : EXIT.ok;
  });
}

/** `register`: registers devices and follows them to ready. */
export const registerCommand: CliCommand = {
  name: 'register',
  summary: 'register devices from CSV or hash files and follow them to "ready for OOBE"',
  usage: USAGE,
  run,
};
