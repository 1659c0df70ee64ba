/** Entra directory: /devices (filter, alternate key, memberOf) and /groups (get, rule, members), v1.0 and beta. */
import { filterDevices, filterGroups } from './collection-filters';
import { holds, PERMISSIONS } from './graph-auth';
import type { GraphContext } from './graph-context';
import { errors } from './graph-errors';
import { BOTH, type Route } from './graph-routes';
import type { SandboxResponse } from './http-types';
import { isoOrNever, type AutopilotDevice, type DirectoryGroup } from './model';
import { entity, page } from './odata';
import { searchGroups } from './routes-membership';
import { entraDeviceView, groupView } from './views';

const DEVICE_TYPE = 'microsoft.graph.device';
const GROUP_TYPE = 'microsoft.graph.group';
/** Directory collections page at 100 by default and accept $top up to 999. */
const DIRECTORY_PAGE = 100;
const DIRECTORY_MAX_TOP = 999;

function directoryPage(
  ctx: GraphContext,
  items: Record<string, unknown>[],
  fragment: string,
  typeName: string,
): SandboxResponse {
  return page({ ...ctx, pageSize: DIRECTORY_PAGE }, items, fragment, typeName, DIRECTORY_MAX_TOP);
}

/** Finds a device by object id or by the alternate key "(deviceId='...')". */
function findDevice(ctx: GraphContext): AutopilotDevice | undefined {
  const raw = ctx.params.id ?? '';
  const alternate = /^\(deviceId='(.*)'\)$/i.exec(raw);
  const key = (alternate?.[1] ?? raw.replace(/^\('?(.*?)'?\)$/, '$1')).toLowerCase();
  return ctx.tenant.entraDevices().find((d) => (alternate ? d.azureAdDeviceId : d.entraObjectId).toLowerCase() === key);
}

function withDevice(fn: (ctx: GraphContext, device: AutopilotDevice) => SandboxResponse) {
  return (ctx: GraphContext): SandboxResponse => {
    const device = findDevice(ctx);
    return device ? fn(ctx, device) : errors.directoryNotFound(ctx.err, ctx.params.id ?? '');
  };
}

function withGroup(fn: (ctx: GraphContext, group: DirectoryGroup) => SandboxResponse) {
  return (ctx: GraphContext): SandboxResponse => {
    const id = (ctx.params.id ?? '').replace(/^\('?(.*?)'?\)$/, '$1').toLowerCase();
    const group = ctx.tenant.data.groups.find((g) => g.id.toLowerCase() === id);
    return group ? fn(ctx, group) : errors.directoryNotFound(ctx.err, ctx.params.id ?? '');
  };
}

const listDevices = (ctx: GraphContext): SandboxResponse => {
  const items = ctx.tenant.entraDevices().map((d) => entraDeviceView(ctx.tenant, d));
  const filtered = filterDevices(ctx, items);
  return Array.isArray(filtered) ? directoryPage(ctx, filtered, 'devices', DEVICE_TYPE) : filtered;
};

const getDevice = withDevice((ctx, device) =>
  entity(ctx, entraDeviceView(ctx.tenant, device), 'devices/$entity', DEVICE_TYPE),
);

/** With only Device.Read.All the groups come back with id and @odata.type only (device-list-memberof doc). */
const memberOf = withDevice((ctx, device) => {
  const full = holds(ctx.caller, PERMISSIONS.groupRead);
  const groups = ctx.tenant.timeline.groupsOf(device, ctx.tenant.now()).map((g) => groupView(g, !full));
  return directoryPage(ctx, groups, 'directoryObjects', GROUP_TYPE);
});

const listGroups = (ctx: GraphContext): SandboxResponse => {
  const filtered = filterGroups(
    ctx,
    ctx.tenant.data.groups.map((g) => groupView(g)),
  );
  if (!Array.isArray(filtered)) return filtered;
  const found = searchGroups(ctx, filtered);
  return Array.isArray(found) ? directoryPage(ctx, found, 'groups', GROUP_TYPE) : found;
};

/** beta's membershipRuleProcessingStatus is returned only when $select names it (reference §4.2). */
const getGroup = withGroup((ctx, group) => {
  const view = groupView(group);
  const select = (ctx.req.query.get('$select') ?? '')
    .toLowerCase()
    .split(',')
    .map((s) => s.trim());
  if (ctx.version === 'beta' && select.includes('membershipruleprocessingstatus')) {
    const members = ctx.tenant.timeline.membersOf(group, ctx.tenant.now());
    const latest = Math.max(
      group.createdAt,
      ...members.map((d) => d.registeredAt + ctx.tenant.timeline.groupLatency(d)),
    );
    view.membershipRuleProcessingStatus =
      group.membershipRuleProcessingState === 'On'
        ? { status: 'Succeeded', lastMembershipUpdated: isoOrNever(latest), errorMessage: null }
        : null;
  }
  return entity(ctx, view, 'groups/$entity', GROUP_TYPE);
});

const members = withGroup((ctx, group) => {
  const devices = ctx.tenant.timeline.membersOf(group, ctx.tenant.now()).map((d) => entraDeviceView(ctx.tenant, d));
  return directoryPage(ctx, devices, 'directoryObjects', DEVICE_TYPE);
});

const base = { versions: BOTH, area: 'directory' } as const;

export const directoryRoutes: Route[] = [
  { ...base, method: 'GET', path: 'devices', permissions: PERMISSIONS.deviceRead, handler: listDevices },
  { ...base, method: 'GET', path: 'devices/{id}', permissions: PERMISSIONS.deviceRead, handler: getDevice },
  { ...base, method: 'GET', path: 'devices/{id}/memberOf', permissions: PERMISSIONS.deviceRead, handler: memberOf },
  {
    ...base,
    method: 'GET',
    path: 'devices/{id}/transitiveMemberOf',
    permissions: PERMISSIONS.deviceRead,
    handler: memberOf,
  },
  { ...base, method: 'GET', path: 'groups', permissions: PERMISSIONS.groupRead, handler: listGroups },
  { ...base, method: 'GET', path: 'groups/{id}', permissions: PERMISSIONS.groupRead, handler: getGroup },
  { ...base, method: 'GET', path: 'groups/{id}/members', permissions: PERMISSIONS.groupRead, handler: members },
  {
    ...base,
    method: 'GET',
    path: 'groups/{id}/transitiveMembers',
    permissions: PERMISSIONS.groupRead,
    handler: members,
  },
];
