/** OData query options shared by the collections: $top/$skip/$skiptoken paging, $select, $count. */
import { contextUrl, ok, type GraphContext } from './graph-context';
import { errors } from './graph-errors';
import type { SandboxResponse } from './http-types';

type Json = Record<string, unknown>;

/** Applies $select, keeping `@odata.type` and `id`; unknown properties are a 400 as in Graph. */
export function applySelect(ctx: GraphContext, item: Json, typeName: string): Json | SandboxResponse {
  const select = ctx.req.query.get('$select');
  if (!select) return item;
  const expand = (ctx.req.query.get('$expand') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s in item);
  const wanted = [
    ...select
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ...expand,
  ];
  const out: Json = { '@odata.type': item['@odata.type'], id: item.id };
  for (const name of wanted) {
    const key = Object.keys(item).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) {
      return errors.badRequest(ctx.err, `Could not find a property named '${name}' on type '${typeName}'.`);
    }
    out[key] = item[key];
  }
  return out;
}

function isResponse(value: unknown): value is SandboxResponse {
  return typeof value === 'object' && value !== null && 'status' in value && !('@odata.type' in value);
}

function nonNegative(ctx: GraphContext, name: string): number | SandboxResponse | null {
  const raw = ctx.req.query.get(name);
  if (raw === null) return null;
  if (!/^\d+$/.test(raw)) return errors.badRequest(ctx.err, `Invalid value '${raw}' for query option ${name}.`);
  return Number(raw);
}

/**
 * One page of a collection. Graph treats $top as the page size and hands out an opaque `$skiptoken` in
 * `@odata.nextLink` that carries the other options along.
 */
export function page(
  ctx: GraphContext,
  items: Json[],
  fragment: string,
  typeName: string,
  maxTop = 1000,
): SandboxResponse {
  const top = nonNegative(ctx, '$top');
  if (typeof top === 'object' && top !== null) return top;
  const skip = nonNegative(ctx, '$skip');
  if (typeof skip === 'object' && skip !== null) return skip;
  if (top !== null && top > maxTop) {
    return errors.badRequest(
      ctx.err,
      `Invalid page size specified: '${top}'. Must be between 1 and ${maxTop} inclusive.`,
    );
  }
  let offset = skip ?? 0;
  const token = ctx.req.query.get('$skiptoken');
  if (token !== null) {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded?.[1]) return errors.badRequest(ctx.err, 'The skip token is invalid or has expired.');
    offset = Number(decoded[1]);
  }
  const size = top ?? ctx.pageSize;
  const slice = items.slice(offset, offset + Math.max(size, 0));
  const value: Json[] = [];
  for (const item of slice) {
    const selected = applySelect(ctx, item, typeName);
    if (isResponse(selected)) return selected;
    value.push(selected);
  }
  const body: Json = { '@odata.context': contextUrl(ctx, fragment) };
  if (ctx.req.query.get('$count') === 'true') body['@odata.count'] = items.length;
  const next = offset + slice.length;
  if (size > 0 && next < items.length) {
    const query = new URLSearchParams(ctx.req.query);
    query.delete('$skip');
    query.set('$skiptoken', Buffer.from(`o:${next}`).toString('base64url'));
    body['@odata.nextLink'] = `${ctx.graphEndpoint}${ctx.req.path}?${query.toString().replace(/%24/g, '$')}`;
  }
  body.value = value;
  return ok(body);
}

/** A single entity with @odata.context and $select. */
export function entity(ctx: GraphContext, item: Json, fragment: string, typeName: string): SandboxResponse {
  const selected = applySelect(ctx, item, typeName);
  if (isResponse(selected)) return selected;
  return ok({ '@odata.context': contextUrl(ctx, fragment), ...selected });
}

/** `/$count`: a plain-text number. */
export function countResponse(count: number): SandboxResponse {
  return { status: 200, headers: { 'Content-Type': 'text/plain;charset=utf-8' }, text: String(count) };
}
