/**
 * Static group membership: POST /groups/{id}/members/$ref with the member's directoryObject URL (group-post-members),
 * and the group search the picker uses: $search="displayName:..." with ConsistencyLevel: eventual.
 */
import { holds, PERMISSIONS } from './graph-auth';
import { jsonBody, noContent, type GraphContext } from './graph-context';
import { errors, graphError } from './graph-errors';
import { BOTH, type Route } from './graph-routes';
import type { SandboxResponse } from './http-types';
import type { DirectoryGroup } from './model';

/** The object id at the end of an @odata.id such as "https://graph.microsoft.com/v1.0/directoryObjects/{id}". */
function referencedId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /\/(?:directoryObjects|devices)\/(?:\(')?([0-9a-f-]{36})(?:'\))?$/i.exec(value.trim());
  return match?.[1]?.toLowerCase() ?? null;
}

function groupOf(ctx: GraphContext): DirectoryGroup | undefined {
  const id = (ctx.params.id ?? '').replace(/^\('?(.*?)'?\)$/, '$1').toLowerCase();
  return ctx.tenant.data.groups.find((g) => g.id.toLowerCase() === id);
}

/** Adds a device to an assigned group by reference; an existing member is the documented 400. */
const addMember = (ctx: GraphContext): SandboxResponse => {
  // For a device member, Learn lists GroupMember.ReadWrite.All AND Device.ReadWrite.All (application), or
  // GroupMember.ReadWrite.All AND Device.Read.All (delegated).
  const devicePermission = ctx.caller.user ? PERMISSIONS.deviceRead : PERMISSIONS.deviceWrite;
  if (!holds(ctx.caller, devicePermission)) return errors.directoryForbidden(ctx.err, [...devicePermission]);
  const group = groupOf(ctx);
  if (!group) return errors.directoryNotFound(ctx.err, ctx.params.id ?? '');
  const body = jsonBody(ctx);
  if (!body.ok) return body.response;
  const objectId = referencedId(body.value['@odata.id']);
  if (!objectId)
    return graphError(
      ctx.err,
      400,
      'Request_BadRequest',
      'Invalid URL format specified in @odata.id: expected .../directoryObjects/{id}.',
    );
  const device = ctx.tenant.entraDevices().find((d) => d.entraObjectId.toLowerCase() === objectId);
  if (!device)
    return graphError(
      ctx.err,
      404,
      'Request_ResourceNotFound',
      `Resource '${objectId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  if ((group.kind ?? 'dynamic') !== 'assigned')
    return graphError(
      ctx.err,
      400,
      'Request_BadRequest',
      group.kind === 'microsoft365'
        ? 'Devices cannot be members of a Microsoft 365 group.'
        : 'Members of a group with dynamic membership cannot be added or removed.',
    );
  const members = (group.members ??= []);
  if (members.includes(device.entraObjectId))
    return graphError(
      ctx.err,
      400,
      'Request_BadRequest',
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
  members.push(device.entraObjectId);
  ctx.tenant.changed();
  return noContent();
};

/**
 * $search="displayName:words" on /groups (advanced query: ConsistencyLevel: eventual is required): each word must
 * start a word of the display name, as Entra's tokenised search does. Other properties are not searched here.
 */
export function searchGroups(
  ctx: GraphContext,
  items: Record<string, unknown>[],
): Record<string, unknown>[] | SandboxResponse {
  const raw = ctx.req.query.get('$search');
  if (raw === null) return items;
  if (ctx.req.headers.consistencylevel?.toLowerCase() !== 'eventual')
    return graphError(
      ctx.err,
      400,
      'Request_UnsupportedQuery',
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  const match = /^"([A-Za-z]+):(.*)"$/.exec(raw.trim());
  if (!match || match[1]?.toLowerCase() !== 'displayname')
    return graphError(ctx.err, 400, 'Request_UnsupportedQuery', `Unsupported query: $search=${raw}`);
  const words = (text: string): string[] =>
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const terms = words(match[2] ?? '');
  return items.filter((item) => {
    const name = words(typeof item.displayName === 'string' ? item.displayName : '');
    return terms.every((term) => name.some((word) => word.startsWith(term)));
  });
}

const base = { versions: BOTH, area: 'directory' } as const;

export const membershipRoutes: Route[] = [
  {
    ...base,
    method: 'POST',
    path: 'groups/{id}/members/$ref',
    permissions: PERMISSIONS.groupMemberWrite,
    handler: addMember,
  },
];
