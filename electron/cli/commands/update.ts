import type { RecordChange } from '../../../shared/domain/tenant-record';
import { AssignedUser } from '../../../shared/ipc/device-schemas';
import { changeProblem } from '../../core/pipeline/record-change';
import type { CliCommand } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import { parseCommandArgs, parseDuration, stringOption, TENANT_OPTIONS_HELP, UsageError } from '../options';
import { actionLines } from '../record-text';
import { withEngine } from '../session';

const USAGE = `Usage: autopilot-console update <serial>... [--tag T] [--user UPN] [--name NAME] [--json]

Changes the group tag, assigned user and/or device name of registered devices and follows each
until Intune shows the new values (read-back takes minutes). The other properties keep their
values. A name applies Microsoft's rules (at most 15 characters: letters, digits, hyphens; not
digits only); for several devices use %SERIAL% or %RAND:x% (e.g. FIN-%RAND:5%).

Options:
  --tag T                 new group tag ("" removes it)
  --user UPN              new assigned user ("" removes it)
  --name NAME             new device name or name template
  --timeout DURATION      how long to wait for the read-back (default 15m)
  --poll-interval D       read the records every D at first (default 30s; backs off to a minute)
  --json                  JSON Lines: one {"serial","outcome","message","nextStep","record"} per serial,
                          then {"summary":{"total","done","failed"}}

Exit 0 when every device read back its new values, 1 otherwise, 2 for a value Intune would refuse.

${TENANT_OPTIONS_HELP}`;

const OPTIONS = {
  tag: { type: 'string' },
  user: { type: 'string' },
  name: { type: 'string' },
  timeout: { type: 'string' },
  'poll-interval': { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

/** `update`: changes tag, user or name of registered devices, followed to read-back. */
export const updateCommand: CliCommand = {
  name: 'update',
  summary: 'change tag, user or name of registered devices (followed until Intune shows them)',
  usage: USAGE,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS, true);
    const serials = positionals.map((serial) => serial.trim()).filter(Boolean);
    if (serials.length === 0) throw new UsageError('give at least one serial');
    const user = stringOption(values, 'user');
    if (user !== undefined && !AssignedUser.safeParse(user).success)
      throw new UsageError(`--user "${user}" is not a user principal name (name@domain)`);
    const change: RecordChange = {
      ...(stringOption(values, 'tag') !== undefined ? { groupTag: stringOption(values, 'tag') } : {}),
      ...(user !== undefined ? { assignedUser: user } : {}),
      ...(stringOption(values, 'name') !== undefined ? { deviceName: stringOption(values, 'name') } : {}),
    };
    const problem = changeProblem(change);
    if (problem) throw new UsageError(problem.replace('Give a new', 'give --tag, --user or --name: a new'));
    const timeout = stringOption(values, 'timeout');
    const poll = stringOption(values, 'poll-interval');
    return withEngine(
      values,
      ctx,
      {
        verbose: values.verbose === true,
        ...(timeout ? { readBackTimeoutMs: parseDuration(timeout, '--timeout') } : {}),
        ...(poll ? { poll: { identity: parseDuration(poll, '--poll-interval') } } : {}),
      },
      async (engine) => {
        const results = await engine.change(serials, change, ctx.signal);
        const json = values.json === true ? new JsonLinesWriter(ctx.out) : null;
        for (const result of results) {
          if (json) json.line(result);
          else for (const line of actionLines(result)) ctx.out(line);
        }
        const done = results.filter((result) => result.outcome === 'done').length;
        json?.line({ summary: { total: results.length, done, failed: results.length - done } });
        return done === results.length ? EXIT.ok : EXIT.failed;
      },
    );
  },
};
