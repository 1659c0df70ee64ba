import { runDoctor } from '../../core/graph/doctor';
import type { CliCommand } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import { parseCommandArgs, TENANT_OPTIONS_HELP } from '../options';
import { cliLogger, openTenant } from '../session';
import { Journal, tenantJournalDir } from '../../core/store/journal';
import type { OptimisationVerdicts } from '../../core/graph/optimisations';
import type { Clock } from '../../core/clock';
import type { TenantSession } from '../session';

/** What earlier runs learnt about the tenant's optimisations (nothing when the journal is in use). */
function rememberedVerdicts(session: TenantSession, clock: Clock): OptimisationVerdicts | undefined {
  try {
    // Never waits: a journal in use by a running registration just leaves the verdicts out.
    const journal = Journal.open(tenantJournalDir(session.stateDir, session.settings.tenantId), clock);
    try {
      return journal.metadata().optimisations;
    } finally {
      journal.close();
    }
  } catch {
    return undefined;
  }
}

const USAGE = `Usage: autopilot-console doctor [--json]

Pre-flight: signs in, reads the token's roles, reports each permission as granted or missing with
what it unlocks, then makes one harmless read per area (Autopilot devices, import records, profiles,
sync settings, Entra devices, groups), and lists which optimisations beyond the field-proven
calls (bulk import, $batch, list walks) this tenant accepted or refused in earlier runs.
Group.ReadWrite.All is optional: it is needed only to add devices to static groups, and doctor says
"optional, not granted" rather than missing when it is absent.

${TENANT_OPTIONS_HELP}`;

/** One permission as doctor prints it: an optional one not granted is said as such, never as missing. */
function permissionLine(permission: {
  name: string;
  level: 'required' | 'recommended' | 'optional';
  granted: boolean;
  unlocks: string;
}): string {
  if (permission.granted)
    return `granted                ${permission.name} (${permission.level}): ${permission.unlocks}`;
  if (permission.level === 'optional')
    return `optional, not granted  ${permission.name}: needed only for ${permission.unlocks.replace(/ \(needed only[^)]*\)$/, '')}`;
  return `MISSING                ${permission.name} (${permission.level}): ${permission.unlocks}`;
}

/** `doctor`: pre-flight of credentials and permissions. */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'check sign-in, permissions and one read per area (pre-flight)',
  usage: USAGE,
  exitCodes: [
    'Exit codes:',
    '  0  registration can work (optional permissions may be absent)',
    '  1  a read that registration needs failed',
    '  2  bad usage',
    '  3  sign-in failed, or DeviceManagementServiceConfig.ReadWrite.All is missing',
  ].join('\n'),
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { verbose: { type: 'boolean' } });
    const session = await openTenant(values, ctx, cliLogger(ctx, values.verbose === true));
    try {
      const report = await runDoctor(session.connection, ctx.signal, rememberedVerdicts(session, ctx.clock));
      if (values.json === true) {
        const json = new JsonLinesWriter(ctx.out);
        json.line({
          check: 'sign-in',
          ok: report.signIn.ok,
          detail: report.signIn.detail,
          endpoint: session.connection.endpoints.graphEndpoint,
        });
        json.line({ check: 'network', proxy: report.network.proxy, trust: report.network.trust });
        for (const permission of report.permissions)
          json.line({
            permission: permission.name,
            level: permission.level,
            granted: permission.granted,
            unlocks: permission.unlocks,
          });
        for (const area of report.areas)
          json.line({ area: area.area, request: area.request, ok: area.ok, status: area.status, detail: area.detail });
        for (const note of report.notes) if (!note.startsWith('Network: ')) json.line({ note });
        for (const item of report.optimisations)
          json.line({ optimisation: item.name, verdict: item.verdict, what: item.what, fallback: item.fallback });
        json.line({
          summary: {
            ready: report.ready,
            signIn: report.signIn.ok,
            missing: report.permissions.filter((p) => !p.granted && p.level !== 'optional').map((p) => p.name),
            optionalNotGranted: report.permissions
              .filter((p) => !p.granted && p.level === 'optional')
              .map((p) => p.name),
          },
        });
      } else {
        ctx.out(`Sign-in: ${report.signIn.ok ? 'OK' : 'FAILED'}: ${report.signIn.detail}`);
        ctx.out(`Proxy: ${report.network.proxy}`);
        ctx.out(`Trusted roots: ${report.network.trust}`);
        if (report.signIn.ok) {
          ctx.out(
            `Graph: ${session.connection.endpoints.graphEndpoint}${session.kind === 'sandbox' ? ' (sandbox)' : ''}`,
          );
          if (!report.rolesReadable)
            ctx.out("The token's roles could not be read; permissions are judged from the reads below.");
          ctx.out('Permissions:');
          for (const permission of report.permissions) ctx.out(`  ${permissionLine(permission)}`);
          ctx.out('Reads:');
          for (const area of report.areas)
            ctx.out(`  ${area.ok ? 'ok     ' : 'FAILED '}  ${area.area}: ${area.detail}`);
          ctx.out('Optimisations (each falls back to the field-proven call):');
          for (const item of report.optimisations)
            ctx.out(
              `  ${item.verdict.padEnd(13)}  ${item.what}${item.verdict === 'refused' ? ` (using ${item.fallback})` : ''}`,
            );
          for (const note of report.notes) if (!note.startsWith('Network: ')) ctx.out(`Note: ${note}`);
          ctx.out(report.ready ? 'Ready to register devices.' : 'Not ready: fix the items marked above.');
        }
      }
      if (!report.signIn.ok) return report.signIn.network ? EXIT.network : EXIT.auth;
      if (report.areas.some((area) => area.network)) return EXIT.network;
      const required = report.permissions.find((permission) => permission.level === 'required');
      if (required && !required.granted && report.rolesReadable) {
        ctx.err(`${required.name} is missing: ${required.unlocks}.`);
        return EXIT.auth;
      }
      // A person holding the delegated permission but refused by Intune: a missing role, said in words.
      const refused = report.person ? report.areas.find((a) => a.status === 403 && a.needs === required?.name) : null;
      if (refused) {
        ctx.err(refused.detail);
        return EXIT.auth;
      }
      return report.ready ? EXIT.ok : EXIT.failed;
    } finally {
      await session.close();
    }
  },
};
