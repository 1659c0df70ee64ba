import { GraphError } from './errors';
import type { GraphRequest, GraphResponse } from './messages';

/** Methods that write (counted against the tenant's write budget). */
export const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Sub-requests per $batch call at most (Graph's limit). */
export const BATCH_MAX = 20;

/** True when sending the request twice does no harm. */
export function isIdempotent(request: GraphRequest): boolean {
  return (
    request.method === 'GET' || request.method === 'PUT' || request.method === 'DELETE' || request.idempotent === true
  );
}

/** The Graph version a path is on. */
export function versionOf(path: string): 'v1.0' | 'beta' {
  return /^\/beta\//.test(path) ? 'beta' : 'v1.0';
}

/** The $batch request carrying `chunk` (sub-requests of one Graph version, numbered by position). */
export function batchEnvelope(version: string, chunk: GraphRequest[]): GraphRequest {
  const body = {
    requests: chunk.map((request, id) => ({
      id: String(id),
      method: request.method,
      url: request.path.replace(/^\/(v1\.0|beta)/, ''),
      ...(request.body !== undefined
        ? { body: request.body, headers: { 'content-type': 'application/json', ...request.headers } }
        : request.headers
          ? { headers: request.headers }
          : {}),
    })),
  };
  return {
    method: 'POST',
    path: `/${version}/$batch`,
    body,
    idempotent: chunk.every(isIdempotent),
    attempts: 3,
  };
}

/** The sub-responses of a $batch answer, in request order. */
export function parseBatch(body: unknown, count: number): GraphResponse[] {
  const responses = body && typeof body === 'object' ? (body as { responses?: unknown }).responses : undefined;
  if (!Array.isArray(responses))
    throw new GraphError('Unexpected $batch response: no "responses" array', 200, 'bad-response', 'POST', '$batch');
  const out: GraphResponse[] = Array.from({ length: count }, () => ({ status: 0, headers: {}, body: null }));
  for (const item of responses as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const {
      id,
      status,
      headers,
      body: itemBody,
    } = item as { id?: unknown; status?: unknown; headers?: unknown; body?: unknown };
    const index = Number(id);
    if (!Number.isInteger(index) || index < 0 || index >= count || typeof status !== 'number') continue;
    const lower: Record<string, string> = {};
    if (headers && typeof headers === 'object') {
      for (const [key, value] of Object.entries(headers))
        if (typeof value === 'string') lower[key.toLowerCase()] = value;
    }
    out[index] = { status, headers: lower, body: itemBody ?? null };
  }
  // A sub-request the service did not answer is reported as a gateway timeout so the caller retries it.
  return out.map((response) => (response.status === 0 ? { status: 504, headers: {}, body: null } : response));
}
