import { z } from 'zod';
import type { GraphClient, GraphRequest, GraphResponse } from './client';
import { GraphError } from './errors';
import { DirectoryObject, Group } from './schemas';

const GROUP_SELECT = '$select=id,displayName,membershipRule,membershipRuleProcessingState,groupTypes';

/** The one policy for a body: a malformed answer is an error (never "gone", never "nothing found"). */
export function badResponse(request: GraphRequest, detail: string): GraphError {
  return new GraphError(
    `Unexpected response for ${request.method} ${request.path.split('?')[0]}: ${detail}`,
    200,
    'bad-response',
    request.method,
    request.path,
  );
}

/** Parses one answer with its schema, by the one policy. */
export function parseOne<T>(schema: z.ZodType<T>, request: GraphRequest, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badResponse(request, issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid');
  }
  return parsed.data;
}

/** Parses one page of a collection (its items and nextLink), by the one policy. */
export function parsePage<T>(
  schema: z.ZodType<T>,
  request: GraphRequest,
  body: unknown,
): { items: T[]; next: string | undefined } {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) throw badResponse(request, 'no "value" array');
  const next = (body as Record<string, unknown>)['@odata.nextLink'];
  return {
    items: value.map((item) => parseOne(schema, request, item)),
    next: typeof next === 'string' && next ? next : undefined,
  };
}

/**
 * Entra group and device reads, and the one read policy every Graph read of the console follows: batchGet
 * (a 404 is null, anything else unexpected throws), one pager, and a malformed body is always an error.
 */
export class DirectoryApi {
  constructor(readonly graph: GraphClient) {}

  /**
   * GETs each path (through $batch where the tenant accepts it) and parses each answer with `schema`; a 404
   * is null. Any other failure throws; a page's nextLink is followed to the end.
   */
  protected async batchGet<T>(paths: string[], schema: z.ZodType<T>, signal?: AbortSignal): Promise<(T | null)[]> {
    const requests: GraphRequest[] = paths.map((path) => ({ method: 'GET', path }));
    const responses = await this.graph.batch(requests, signal);
    return responses.map((response, index) => {
      const request = requests[index] as GraphRequest;
      if (response.status === 404) return null;
      if (response.status !== 200) throw this.graph.failure(request, response);
      return parseOne(schema, request, response.body);
    });
  }

  /** The items of a collection: the first answer given, then every nextLink page. */
  protected async pages<T>(
    first: GraphResponse,
    request: GraphRequest,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
    onPage?: (pages: number) => boolean,
  ): Promise<T[] | null> {
    if (first.status !== 200) throw this.graph.failure(request, first);
    let page = parsePage(schema, request, first.body);
    const items = [...page.items];
    let pages = 1;
    const seen = new Set<string>();
    while (page.next) {
      if (onPage && !onPage(pages)) return null;
      // A nextLink that repeats itself would loop for ever (docs-contrib #5311): stop at the first repeat.
      if (seen.has(page.next)) break;
      seen.add(page.next);
      const next: GraphRequest = { method: 'GET', path: page.next };
      const response = await this.graph.raw(next, signal);
      if (response.status !== 200) throw this.graph.failure(next, response);
      page = parsePage(schema, next, response.body);
      items.push(...page.items);
      pages += 1;
    }
    onPage?.(pages);
    return items;
  }

  /** Groups by id; missing groups are left out. */
  async groups(ids: string[], signal?: AbortSignal): Promise<Map<string, Group>> {
    const found = await this.batchGet(
      ids.map((id) => `/v1.0/groups/${encodeURIComponent(id)}?${GROUP_SELECT}`),
      Group,
      signal,
    );
    const out = new Map<string, Group>();
    ids.forEach((id, index) => {
      const group = found[index];
      if (group) out.set(id, group);
    });
    return out;
  }

  /** Dynamic groups (the tag groups are among them), for tag discovery. */
  listTagGroups(signal?: AbortSignal): Promise<Group[]> {
    const filter = encodeURIComponent("groupTypes/any(c:c eq 'DynamicMembership')");
    return this.graph.list(`/v1.0/groups?$filter=${filter}&${GROUP_SELECT}&$top=999`, Group, signal);
  }

  /** Entra deviceIds of a group's device members (needs GroupMember.Read.All or Group.Read.All, plus Device.Read.All). */
  async groupDeviceIds(groupId: string, signal?: AbortSignal, onPage?: () => void): Promise<Set<string>> {
    const base = `/v1.0/groups/${encodeURIComponent(groupId)}/members`;
    let members;
    try {
      members = await this.graph.list(
        `${base}?$select=id,deviceId&$top=999`,
        DirectoryObject,
        signal,
        undefined,
        onPage,
      );
    } catch (error) {
      // deviceId exists on devices only; should the service refuse it in $select for a mixed group, ask plainly.
      if (!(error instanceof GraphError) || error.status !== 400) throw error;
      members = await this.graph.list(`${base}?$top=999`, DirectoryObject, signal, undefined, onPage);
    }
    return new Set(members.map((member) => member.deviceId.toLowerCase()).filter(Boolean));
  }

  /** Group ids of each Entra device, by deviceId (memberOf by alternate key; Device.Read.All), every page. */
  async deviceGroups(deviceIds: string[], signal?: AbortSignal): Promise<Map<string, Set<string> | null>> {
    // memberOf pages at 100 by default (max 999): ask for the most per page and follow every nextLink.
    const requests: GraphRequest[] = deviceIds.map((id) => ({
      method: 'GET',
      path: `/v1.0/devices(deviceId='${encodeURIComponent(id)}')/memberOf?$select=id&$top=999`,
    }));
    const responses = await this.graph.batch(requests, signal);
    const out = new Map<string, Set<string> | null>();
    for (const [index, response] of responses.entries()) {
      const id = deviceIds[index] as string;
      if (response.status === 404) {
        out.set(id, null);
        continue;
      }
      const items = await this.pages(response, requests[index] as GraphRequest, DirectoryObject, signal);
      out.set(id, new Set((items ?? []).map((item) => item.id)));
    }
    return out;
  }
}
