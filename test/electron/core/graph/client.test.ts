import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GraphClient } from '../../../../electron/core/graph/client';
import { GraphError } from '../../../../electron/core/graph/errors';
import { RequestPacer } from '../../../../electron/core/graph/pacer';
import type { FetchLike } from '../../../../electron/core/graph/transport';
import { jumpingClock } from './fake-clock';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function fakeFetch(replies: Reply[], clock: { now(): number }) {
  const calls: { method: string; url: string; body?: string; at: number; auth: string }[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({
      method: init.method,
      url,
      at: clock.now(),
      auth: init.headers.authorization ?? '',
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const reply = replies.shift() ?? { status: 200, body: { value: [] } };
    if (reply instanceof Error) return Promise.reject(reply);
    const headers = new Headers(reply.headers ?? {});
    return Promise.resolve({
      status: reply.status,
      headers,
      text: () => Promise.resolve(reply.body === undefined ? '' : JSON.stringify(reply.body)),
    });
  };
  return { fetch, calls };
}

function client(replies: Reply[], tokens = ['t1', 't2']) {
  const clock = jumpingClock();
  const { fetch, calls } = fakeFetch(replies, clock);
  let issued = 0;
  const graph = new GraphClient({
    graphEndpoint: 'https://graph.example',
    tokens: { getToken: () => Promise.resolve(tokens[Math.min(issued++, tokens.length - 1)] as string) },
    fetch,
    clock,
    random: () => 0.5,
  });
  return { graph, calls, clock };
}

describe('GraphClient', () => {
  it('waits Retry-After on 429 and sends nothing inside the window', async () => {
    const { graph, calls } = client([
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 200, body: { ok: true } },
    ]);
    await graph.request({ method: 'GET', path: '/v1.0/x' });
    expect(calls).toHaveLength(2);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(7000);
    expect(graph.stats.throttled).toBe(1);
  });

  it('repeats a POST after 429 (not processed) but not after 503 or a network error', async () => {
    const throttled = client([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200, body: {} },
    ]);
    await throttled.graph.request({ method: 'POST', path: '/v1.0/import', body: {} });
    expect(throttled.calls).toHaveLength(2);
    const unavailable = client([{ status: 503, headers: { 'retry-after': '1' } }]);
    await expect(unavailable.graph.request({ method: 'POST', path: '/v1.0/import', body: {} })).rejects.toThrow(
      GraphError,
    );
    expect(unavailable.calls).toHaveLength(1);
    const dropped = client([new TypeError('fetch failed')]);
    await expect(dropped.graph.request({ method: 'POST', path: '/v1.0/import', body: {} })).rejects.toThrow(
      /Cannot reach/,
    );
    expect(dropped.calls).toHaveLength(1);
  });

  it('retries GET on 503 and network errors with backoff', async () => {
    const { graph, calls, clock } = client([new TypeError('reset'), { status: 503 }, { status: 200, body: { a: 1 } }]);
    const body = await graph.get('/v1.0/y', z.object({ a: z.number() }));
    expect(body.a).toBe(1);
    expect(calls).toHaveLength(3);
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(2);
  });

  it('refreshes the token once on 401', async () => {
    const { graph, calls } = client([{ status: 401 }, { status: 200, body: {} }]);
    await graph.request({ method: 'POST', path: '/v1.0/z', body: {} });
    expect(calls.map((call) => call.auth)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('follows nextLink on the Graph host only', async () => {
    const { graph } = client([
      { status: 200, body: { value: [{ id: 'a' }], '@odata.nextLink': 'https://graph.example/v1.0/x?$skiptoken=2' } },
      { status: 200, body: { value: [{ id: 'b' }] } },
    ]);
    expect(await graph.list('/v1.0/x', z.object({ id: z.string() }))).toEqual([{ id: 'a' }, { id: 'b' }]);
    const evil = client([{ status: 200, body: { value: [], '@odata.nextLink': 'https://evil.example/steal' } }]);
    await expect(evil.graph.list('/v1.0/x', z.object({ id: z.string() }))).rejects.toThrow(/off the Graph host/);
  });

  it.each([
    '@evil.example/steal',
    '//evil.example/steal',
    '\\\\evil.example/steal',
    'https://graph.example@evil.example/x',
  ])('never sends the token off the Graph host for the nextLink %j', async (link) => {
    const { graph, calls } = client([
      { status: 200, body: { value: [{ id: 'a' }], '@odata.nextLink': link } },
      { status: 200, body: { value: [] } },
    ]);
    await graph.list('/v1.0/x', z.object({ id: z.string() })).catch(() => undefined);
    for (const call of calls) expect(new URL(call.url).origin, call.url).toBe('https://graph.example');
  });

  it.each(['86400', 'Fri, 31 Dec 2100 23:59:59 GMT'])(
    'waits at most 1 hour for Retry-After %j, and says so',
    async (retryAfter) => {
      const clock = jumpingClock();
      const { fetch, calls } = fakeFetch(
        [
          { status: 429, headers: { 'retry-after': retryAfter } },
          { status: 200, body: {} },
        ],
        clock,
      );
      const warnings: string[] = [];
      const graph = new GraphClient({
        graphEndpoint: 'https://graph.example',
        tokens: { getToken: () => Promise.resolve('t') },
        fetch,
        clock,
        random: () => 0.5,
        logger: { debug: () => undefined, info: () => undefined, warn: (message) => warnings.push(message) },
      });
      await graph.request({ method: 'GET', path: '/v1.0/x' });
      const waited = (calls[1]?.at ?? 0) - (calls[0]?.at ?? 0);
      expect(waited).toBeGreaterThanOrEqual(3_600_000);
      expect(waited).toBeLessThan(3_700_000);
      expect(warnings).toEqual([expect.stringMatching(/asked to wait \d+ s .*waiting at most 1 hour/)]);
    },
  );

  it('resolves a relative nextLink against the Graph root', async () => {
    const { graph, calls } = client([
      { status: 200, body: { value: [{ id: 'a' }], '@odata.nextLink': 'v1.0/x?$skiptoken=2' } },
      { status: 200, body: { value: [{ id: 'b' }] } },
    ]);
    expect(await graph.list('/v1.0/x', z.object({ id: z.string() }))).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(calls[1]?.url).toBe('https://graph.example/v1.0/x?$skiptoken=2');
  });

  it('rejects a response that does not match the schema', async () => {
    const { graph } = client([{ status: 200, body: { a: 'text' } }]);
    await expect(graph.get('/v1.0/y', z.object({ a: z.number() }))).rejects.toThrow(/Unexpected Graph response/);
  });

  it('batches 20 per call, counts sub-requests and repeats throttled ones after their Retry-After', async () => {
    const requests = Array.from({ length: 25 }, (_, i) => ({ method: 'GET' as const, path: `/beta/r/${i}` }));
    const first = {
      status: 200,
      body: {
        responses: Array.from({ length: 20 }, (_, i) =>
          i === 3
            ? { id: '3', status: 429, headers: { 'Retry-After': '5' } }
            : { id: String(i), status: 200, body: { i } },
        ),
      },
    };
    // The throttled item goes first in the next call, with the rest; no sub-request depends on another.
    const second = {
      status: 200,
      body: {
        responses: Array.from({ length: 6 }, (_, i) => ({
          id: String(i),
          status: 200,
          body: { i: i === 0 ? 3 : 19 + i },
        })),
      },
    };
    const { graph, calls } = client([first, second]);
    const responses = await graph.batch(requests);
    expect(responses.map((response) => (response.body as { i: number }).i)).toEqual(
      Array.from({ length: 25 }, (_, i) => i),
    );
    expect(calls[0]?.url).toBe('https://graph.example/beta/$batch');
    const sent = JSON.parse(calls[0]?.body ?? '{}') as { requests: { url: string; dependsOn?: string[] }[] };
    expect(sent.requests[0]?.url).toBe('/r/0');
    expect(sent.requests.some((request) => request.dependsOn)).toBe(false);
    expect(graph.stats.graphRequests).toBe(26);
    // The gate closes for every later request, the second chunk included.
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(5000);
  });
});

describe('RequestPacer', () => {
  it('keeps every 20 s window under the budget', async () => {
    const clock = jumpingClock();
    const pacer = new RequestPacer(clock, { windowMs: 20_000, total: 10, writes: 3 });
    const sent: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      await pacer.acquire(1, i % 2, undefined);
      sent.push(clock.now());
    }
    for (const at of sent)
      expect(sent.filter((other) => other > at - 20_000 && other <= at).length).toBeLessThanOrEqual(10);
    expect(sent.at(-1)! - sent[0]!).toBeGreaterThanOrEqual(40_000);
  });
});

describe('error messages', () => {
  it('never carry a long literal such as a hardware hash', async () => {
    const literal = 'T0EAAAAAAAAAAA'.repeat(20);
    const { graph } = client([
      {
        status: 400,
        body: {
          error: {
            code: 'BadRequest',
            message: `Cannot convert the literal '${literal}' to the expected type 'Edm.Binary'.`,
          },
        },
      },
    ]);
    const failure = await graph.request({ method: 'POST', path: '/v1.0/import', body: {} }).then(
      () => new Error('no failure'),
      (error: unknown) => error as Error,
    );
    expect(failure.message).toContain('Edm.Binary');
    expect(failure.message).not.toContain(literal.slice(0, 64));
  });
});
