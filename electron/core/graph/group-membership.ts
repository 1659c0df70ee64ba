/**
 * Static groups: finding an assigned security group by name or id, the Entra device object of an Autopilot device,
 * and adding that object to a group by reference (group-post-members). See docs/graph-field-notes.md, "Static groups".
 */
import { z } from 'zod';
import type { GraphClient, GraphRequest } from './client';
import { parseOne, parsePage } from './directory-api';
import { GraphError } from './errors';

const SELECT = '$select=id,displayName,groupTypes,securityEnabled,mailEnabled,membershipRule';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const GroupEntry = z.looseObject({
  id: z.string().min(1),
  displayName: z
    .string()
    .nullish()
    .transform((value) => value ?? ''),
  groupTypes: z
    .array(z.string())
    .nullish()
    .transform((value) => value ?? []),
  securityEnabled: z.boolean().nullish(),
  mailEnabled: z.boolean().nullish(),
});

/** A group as the picker shows it: whether a device can be added to it, and why not. */
export interface GroupChoice {
  id: string;
  displayName: string;
  /** Only an assigned security group takes members by reference. */
  assignable: boolean;
  /** Why it cannot be picked (dynamic membership, a Microsoft 365 group, not a security group). */
  reason: string | null;
}

/** Whether a group can take a device added by reference, from its groupTypes and flags. */
export function choiceOf(group: z.infer<typeof GroupEntry>): GroupChoice {
  const types = group.groupTypes.map((type) => type.toLowerCase());
  const reason = types.includes('dynamicmembership')
    ? 'its members come from a dynamic membership rule'
    : types.includes('unified')
      ? 'it is a Microsoft 365 group, which cannot hold devices'
      : group.securityEnabled === false
        ? 'it is not a security group'
        : null;
  return { id: group.id, displayName: group.displayName, assignable: reason === null, reason };
}

/** Groups whose display name has words starting with each word of `text` ($search, an advanced query). */
export async function searchGroups(graph: GraphClient, text: string, signal?: AbortSignal): Promise<GroupChoice[]> {
  const phrase = text.replace(/["\\]/g, ' ').trim();
  if (!phrase) return [];
  const request: GraphRequest = {
    method: 'GET',
    path: `/v1.0/groups?$search=${encodeURIComponent(`"displayName:${phrase}"`)}&${SELECT}&$top=25&$count=true`,
    headers: { ConsistencyLevel: 'eventual' },
  };
  const response = await graph.request(request, signal);
  return parsePage(GroupEntry, request, response.body)
    .items.map(choiceOf)
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** A group by object id or by exact display name; throws when there is none or the name is ambiguous. */
export async function resolveGroup(graph: GraphClient, idOrName: string, signal?: AbortSignal): Promise<GroupChoice> {
  const wanted = idOrName.trim();
  if (GUID.test(wanted)) {
    const request: GraphRequest = { method: 'GET', path: `/v1.0/groups/${wanted}?${SELECT}` };
    const response = await graph.raw(request, signal);
    if (response.status === 200) return choiceOf(parseOne(GroupEntry, request, response.body));
    if (response.status !== 404) throw graph.failure(request, response);
  }
  const filter = encodeURIComponent(`displayName eq '${wanted.replace(/'/g, "''")}'`);
  const request: GraphRequest = { method: 'GET', path: `/v1.0/groups?$filter=${filter}&${SELECT}` };
  const response = await graph.request(request, signal);
  const found = parsePage(GroupEntry, request, response.body).items;
  if (found.length === 0)
    throw new GraphError(`No group is named or has the id "${wanted}".`, 404, 'group-not-found', 'GET', request.path);
  if (found.length > 1)
    throw new GraphError(
      `${found.length} groups are named "${wanted}": give the group's object id instead (${found.map((g) => g.id).join(', ')}).`,
      400,
      'group-ambiguous',
      'GET',
      request.path,
    );
  return choiceOf(found[0] as z.infer<typeof GroupEntry>);
}

/**
 * The object id of the Entra device whose deviceId is the Autopilot record's azureActiveDirectoryDeviceId, or null
 * while it does not exist yet. Group references take the object id; the deviceId is a different value.
 */
export async function entraObjectIdOf(
  graph: GraphClient,
  deviceId: string,
  signal?: AbortSignal,
): Promise<string | null> {
  const filter = encodeURIComponent(`deviceId eq '${deviceId.replace(/'/g, "''")}'`);
  const request: GraphRequest = { method: 'GET', path: `/v1.0/devices?$filter=${filter}&$select=id,deviceId` };
  const response = await graph.request(request, signal);
  const items = parsePage(z.looseObject({ id: z.string().min(1) }), request, response.body).items;
  return items[0]?.id ?? null;
}

/** Graph's answer when the reference already exists: the object is already a member. */
const ALREADY = /added object references already exist/i;

/** Adds a directory object to a group by reference; "already-member" for the documented 400. */
export async function addGroupMember(
  graph: GraphClient,
  groupId: string,
  objectId: string,
  signal?: AbortSignal,
): Promise<'added' | 'already-member'> {
  const request: GraphRequest = {
    method: 'POST',
    path: `/v1.0/groups/${encodeURIComponent(groupId)}/members/$ref`,
    body: { '@odata.id': `${graph.endpoint}/v1.0/directoryObjects/${objectId}` },
    // Adding it again is answered as an existing member, so a repeat after a lost answer is harmless.
    idempotent: true,
  };
  const response = await graph.raw(request, signal);
  if (response.status >= 200 && response.status < 300) return 'added';
  if (response.status === 400 && ALREADY.test(JSON.stringify(response.body ?? ''))) return 'already-member';
  throw graph.failure(request, response);
}
