/**
 * Which `$filter` clauses each collection accepts. Intune documents only `contains(serialNumber,...)`;
 * other clauses seen in community code are accepted, and the reported failures are reproduced as quirks.
 * Entra clauses follow the `device` and `group` property docs, with advanced queries where they require them.
 */
import type { GraphContext } from './graph-context';
import { errors, graphError } from './graph-errors';
import type { SandboxResponse } from './http-types';
import { evaluateFilter, parseFilter, walkFilter, type FilterNode, type Operand } from './odata-filter';

type Json = Record<string, unknown>;
type Check = (node: FilterNode) => string | null;

const propOf = (o: Operand): string | null => (o.kind === 'prop' ? o.path.toLowerCase() : null);
const litOf = (o: Operand): unknown => (o.kind === 'lit' ? o.value : undefined);

function run(
  ctx: GraphContext,
  items: Json[],
  check: Check,
  fail: (reason: string) => SandboxResponse,
): Json[] | SandboxResponse {
  const text = ctx.req.query.get('$filter');
  if (text === null) return items;
  let node: FilterNode;
  try {
    node = parseFilter(text);
  } catch (error) {
    return errors.badRequest(ctx.err, `Invalid filter clause: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  walkFilter(node, (n) => {
    const problem = check(n);
    if (problem !== null) problems.push(problem);
  });
  if (problems[0] !== undefined) return fail(problems[0]);
  return items.filter((item) => evaluateFilter(node, item));
}

function intuneCheck(stringProps: string[], eqProps: string[], ctx: GraphContext, serialEqQuirk: boolean): Check {
  return (n) => {
    if (n.kind === 'call') {
      const prop = propOf(n.args[0]);
      if (!prop || !stringProps.includes(prop)) return `Function '${n.fn}' is not supported on this property.`;
      const value = litOf(n.args[1]);
      const refused = (ctx.quirks.contains400Values ?? []).some(
        (item) => typeof value === 'string' && item.toLowerCase() === value.toLowerCase(),
      );
      if (
        prop === 'serialnumber' &&
        typeof value === 'string' &&
        ((ctx.quirks.hyphenContains400 && value.includes('-')) || refused)
      ) {
        return 'An error has occurred';
      }
      return null;
    }
    if (n.kind === 'cmp') {
      const prop = propOf(n.left);
      if (serialEqQuirk && prop === 'serialnumber') return 'An error has occurred';
      if (!prop || !eqProps.includes(prop) || (n.op !== 'eq' && n.op !== 'ne')) return 'An error has occurred';
      return null;
    }
    return n.kind === 'lambda' ? 'An error has occurred' : null;
  };
}

/** windowsAutopilotDeviceIdentities: contains(serialNumber,...) and the community-used eq clauses. */
export function filterAutopilot(ctx: GraphContext, items: Json[]): Json[] | SandboxResponse {
  const check = intuneCheck(
    ['serialnumber', 'grouptag', 'displayname', 'model', 'manufacturer', 'userprincipalname'],
    [
      'grouptag',
      'azureactivedirectorydeviceid',
      'azureaddeviceid',
      'displayname',
      'enrollmentstate',
      'serialnumber',
      'manufacturer',
      'model',
    ],
    ctx,
    ctx.quirks.serialEq400,
  );
  return run(ctx, items, check, (reason) => errors.intuneBadRequest(ctx.err, reason));
}

/** importedWindowsAutopilotDeviceIdentities: contains(serialNumber,...) (community), eq on importId/groupTag. */
export function filterImports(ctx: GraphContext, items: Json[]): Json[] | SandboxResponse {
  const check = intuneCheck(['serialnumber', 'grouptag'], ['importid', 'grouptag', 'serialnumber'], ctx, false);
  return run(ctx, items, check, (reason) => errors.intuneBadRequest(ctx.err, reason));
}

function advanced(ctx: GraphContext): boolean {
  return ctx.req.headers.consistencylevel?.toLowerCase() === 'eventual' && ctx.req.query.get('$count') === 'true';
}

function directoryCheck(ctx: GraphContext, plain: Record<string, string[]>, lambdas: string[]): Check {
  return (n) => {
    if (n.kind === 'lambda') {
      if (!lambdas.includes(n.path.toLowerCase())) return n.path;
      if (n.path.toLowerCase() === 'physicalids' && !advanced(ctx)) return n.path;
      return null;
    }
    if (n.kind === 'call' || n.kind === 'cmp') {
      const operand = n.kind === 'call' ? n.args[0] : n.left;
      const prop = propOf(operand);
      if (prop === null || !(prop in plain)) return null;
      const op = n.kind === 'call' ? n.fn : n.op;
      if (!(plain[prop] ?? []).includes(op)) return prop;
    }
    return null;
  };
}

function directoryFail(ctx: GraphContext, resource: string) {
  return (property: string): SandboxResponse =>
    graphError(
      ctx.err,
      400,
      'Request_UnsupportedQuery',
      `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`,
    );
}

/** /devices: deviceId eq (documented), displayName, and physicalIds lambdas as advanced queries. */
export function filterDevices(ctx: GraphContext, items: Json[]): Json[] | SandboxResponse {
  const check = directoryCheck(
    ctx,
    {
      deviceid: ['eq', 'ne', 'startswith'],
      id: ['eq', 'ne'],
      displayname: ['eq', 'ne', 'startswith'],
      operatingsystem: ['eq', 'ne', 'startswith'],
    },
    ['physicalids'],
  );
  return run(ctx, items, check, directoryFail(ctx, 'Device'));
}

/** /groups: groupTypes lambda, displayName, mailNickname and membershipRule. */
export function filterGroups(ctx: GraphContext, items: Json[]): Json[] | SandboxResponse {
  const check = directoryCheck(
    ctx,
    {
      id: ['eq', 'ne'],
      displayname: ['eq', 'ne', 'startswith'],
      mailnickname: ['eq', 'ne', 'startswith'],
      membershiprule: ['eq', 'ne', 'startswith'],
      membershipruleprocessingstate: ['eq', 'ne'],
    },
    ['grouptypes'],
  );
  return run(ctx, items, check, directoryFail(ctx, 'Group'));
}
