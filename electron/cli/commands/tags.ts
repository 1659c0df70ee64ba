import type { CliCommand } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import { parseCommandArgs, TENANT_OPTIONS_HELP } from '../options';
import { withEngine } from '../session';

const USAGE = `Usage: autopilot-console tags [--json]

Lists every known group tag and where it leads: tag -> dynamic group(s) -> deployment profile
(the oldest profile wins when several apply). Tags come from group rules, registered devices,
the journal and the config file's "tags". A group rule that takes every tag starting with a prefix
(-startsWith) is a rule, not a tag: it is listed as "tags starting with PREFIX", and --json gives it
"kind":"prefix-rule" with its "prefix" (a tag is "kind":"tag").

${TENANT_OPTIONS_HELP}`;

/** `tags`: tag -> group -> profile chains. */
export const tagsCommand: CliCommand = {
  name: 'tags',
  summary: 'show tag -> dynamic group -> deployment profile chains',
  usage: USAGE,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { verbose: { type: 'boolean' } });
    return withEngine(values, ctx, { verbose: values.verbose === true }, async (engine) => {
      const { chains, skipped } = await engine.tags(ctx.signal);
      const json = values.json === true ? new JsonLinesWriter(ctx.out) : null;
      for (const chain of chains) {
        if (json) {
          json.line({
            ...(chain.prefix !== undefined
              ? { kind: 'prefix-rule', prefix: chain.prefix }
              : { kind: 'tag', tag: chain.tag }),
            groups: chain.groups.map((group) => ({
              id: group.id,
              displayName: group.displayName,
              membershipRule: group.membershipRule,
            })),
            profile: chain.profile,
            viaAllDevices: chain.viaAllDevices,
            sources: chain.sources,
            ...(chain.notes.length > 0 ? { notes: chain.notes } : {}),
          });
          continue;
        }
        const groups = chain.groups.map((group) => group.displayName || group.id).join(', ') || '(no dynamic group)';
        const profile = chain.profile
          ? `${chain.profile.displayName}${chain.viaAllDevices ? ' (all devices)' : ''}`
          : 'NO PROFILE: devices end "not assigned"';
        const name = chain.prefix !== undefined ? `tags starting with ${chain.prefix}` : chain.tag;
        ctx.out(`${name.padEnd(16)} -> ${groups} -> ${profile}`);
        for (const note of chain.notes) ctx.out(`${' '.repeat(17)}note: ${note}`);
      }
      if (chains.length === 0 && !json) ctx.out('No group tags found.');
      for (const text of skipped) ctx.err(`warning: ${text}`);
      return EXIT.ok;
    });
  },
};
