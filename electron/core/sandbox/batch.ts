/**
 * JSON batching (reference §6): at most 20 requests; each sub-request is routed, authorised and throttled
 * on its own and answered with its own status, headers and body inside a 200; `dependsOn` orders them and
 * a failed dependency answers 424.
 */
import { randomUUID } from 'node:crypto';
import { graphError, errors, type ErrorContext } from './graph-errors';
import { GRAPH_JSON, splitUrl, type SandboxRequest, type SandboxResponse } from './http-types';
import type { GraphVersion } from './views';

export const MAX_BATCH_REQUESTS = 20;

interface SubRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

function parse(raw: string): SubRequest[] | string {
  let payload: unknown;
  try {
    payload = JSON.parse(raw || 'null');
  } catch {
    return 'invalid-json';
  }
  const requests = (payload as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) return 'Invalid batch payload format.';
  if (requests.length > MAX_BATCH_REQUESTS) return 'Number of requests inside batch exceeds the limit.';
  const out: SubRequest[] = [];
  for (const item of requests as (Record<string, unknown> | null)[]) {
    const { id, method, url, headers, body, dependsOn } = item ?? {};
    if (typeof id !== 'string' || id === '') return "Request 'id' must be a non-empty string.";
    if (typeof method !== 'string' || typeof url !== 'string')
      return `Request '${id}': 'method' and 'url' are required.`;
    if (out.some((r) => r.id === id)) return `Duplicate request id '${id}' in batch.`;
    const lowered: Record<string, string> = {};
    if (headers && typeof headers === 'object') {
      for (const [k, v] of Object.entries(headers as Record<string, unknown>)) lowered[k.toLowerCase()] = String(v);
    }
    const deps = Array.isArray(dependsOn) ? dependsOn.map(String) : [];
    out.push({ id, method: method.toUpperCase(), url, headers: lowered, body, dependsOn: deps });
  }
  for (const r of out) {
    for (const d of r.dependsOn)
      if (!out.some((o) => o.id === d)) return `Request '${r.id}' depends on unknown request '${d}'.`;
  }
  return out;
}

function subResponse(id: string, response: SandboxResponse): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers ?? {})) {
    if (['content-type', 'retry-after', 'location', 'www-authenticate', 'odata-version'].includes(k.toLowerCase()))
      headers[k] = v;
  }
  const out: Record<string, unknown> = { id, status: response.status, headers };
  if (response.body !== undefined) out.body = response.body;
  else if (response.text !== undefined) out.body = response.text;
  return out;
}

/** Answers POST /{version}/$batch by replaying each sub-request through `run`. */
export function handleBatch(
  req: SandboxRequest,
  version: GraphVersion,
  err: ErrorContext,
  run: (sub: SandboxRequest) => SandboxResponse,
): SandboxResponse {
  const parsed = parse(req.rawBody);
  if (parsed === 'invalid-json') return errors.invalidJson(err);
  if (typeof parsed === 'string') return errors.badRequest(err, parsed);
  const results = new Map<string, SandboxResponse>();
  const visiting = new Set<string>();

  const execute = (sub: SubRequest): SandboxResponse => {
    const done = results.get(sub.id);
    if (done) return done;
    const subErr: ErrorContext = { ...err, req: { ...err.req, requestId: randomUUID() } };
    if (visiting.has(sub.id))
      return graphError(subErr, 400, 'BadRequest', `Request '${sub.id}' has a circular dependency.`);
    visiting.add(sub.id);
    let response: SandboxResponse;
    const failedDependency = sub.dependsOn.map((d) => execute(parsedById(d))).some((r) => r.status >= 400);
    if (failedDependency) {
      response = graphError(subErr, 424, 'FailedDependency', 'Failed dependency.');
    } else if (/^[a-z]+:\/\//i.test(sub.url)) {
      response = graphError(subErr, 400, 'BadRequest', 'Invalid request URL: batch request URLs must be relative.');
    } else if (sub.body !== undefined && !sub.headers['content-type']) {
      response = graphError(
        subErr,
        400,
        'BadRequest',
        'A Content-Type header is required in a batch request with a body.',
      );
    } else {
      const { path, query } = splitUrl(sub.url.startsWith('/') ? sub.url : `/${sub.url}`);
      const requestId = randomUUID();
      response = run({
        method: sub.method,
        path: `/${version}${path}`,
        query,
        headers: { ...sub.headers, authorization: req.headers.authorization ?? '' },
        rawBody: sub.body === undefined ? '' : typeof sub.body === 'string' ? sub.body : JSON.stringify(sub.body),
        requestId,
        clientRequestId: sub.headers['client-request-id'] ?? requestId,
      });
    }
    results.set(sub.id, response);
    return response;
  };
  const parsedById = (id: string): SubRequest => parsed.find((r) => r.id === id) as SubRequest;

  const responses = parsed.map((sub) => subResponse(sub.id, execute(sub)));
  return { status: 200, headers: { 'Content-Type': GRAPH_JSON }, body: { responses } };
}
