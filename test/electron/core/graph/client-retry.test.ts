import { describe, expect, it } from 'vitest';
import { GraphClient, type GraphRequest } from '../../../../electron/core/graph/client';
import { GraphError } from '../../../../electron/core/graph/errors';
import type { PaceLimits } from '../../../../electron/core/graph/pacer';
import type { FetchLike } from '../../../../electron/core/graph/transport';
import { jumpingClock } from './fake-clock';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

/** A Graph client over scripted replies; `random` 0.5 makes every backoff 3/4 of its base (1 s, 2 s, 4 s ...). */
function scripted(replies: Reply[], options: { pace?: PaceLimits; maxAttempts?: number } = {}) {
  const clock = jumpingClock();
  const calls: { method: string; url: string; at: number; body?: string; auth: string }[] = [];
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
    return Promise.resolve({
      status: reply.status,
      headers: new Headers(reply.headers ?? {}),
      text: () => Promise.resolve(reply.body === undefined ? '' : JSON.stringify(reply.body)),
    });
  };
  let issued = 0;
  const graph = new GraphClient({
    graphEndpoint: 'https://graph.example',
    tokens: { getToken: () => Promise.resolve(`t${++issued}`) },
    fetch,
    clock,
    random: () => 0.5,
    ...options,
  });
  const gaps = (): number[] => calls.slice(1).map((call, i) => call.at - (calls[i]?.at ?? 0));
  return { graph, calls, clock, gaps };
}

const GET: GraphRequest = { method: 'GET', path: '/v1.0/x' };
const POST: GraphRequest = { method: 'POST', path: '/v1.0/import', body: {} };

describe('one request: what is retried, when', () => {
  it('backs off exponentially after a 429 without Retry-After, and repeats even a POST', async () => {
    const { graph, calls, gaps } = scripted([{ status: 429 }, { status: 429 }, { status: 429 }, { status: 200 }]);
    await graph.request(POST);
    expect(calls).toHaveLength(4);
    expect(gaps()).toEqual([750, 1500, 3000]);
    expect(graph.stats).toMatchObject({ throttled: 3, retries: 3 });
  });

  it('gives up after maxAttempts and reports the last answer', async () => {
    const { graph, calls } = scripted(
      Array.from({ length: 5 }, () => ({ status: 429 })),
      { maxAttempts: 3 },
    );
    const failure = await graph.request(GET).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphError);
    expect((failure as GraphError).status).toBe(429);
    expect(calls).toHaveLength(3);
  });

  it.each([503, 504])('waits the Retry-After of a %i before repeating a GET', async (status) => {
    const { graph, gaps } = scripted([{ status, headers: { 'Retry-After': '4' } }, { status: 200 }]);
    await graph.request(GET);
    expect(gaps()).toEqual([4000]);
  });

  it('waits a Retry-After given as an HTTP date', async () => {
    const at = new Date(jumpingClock().now() + 9000).toUTCString();
    const { graph, gaps } = scripted([{ status: 429, headers: { 'Retry-After': at } }, { status: 200 }]);
    await graph.request(GET);
    expect(gaps()).toEqual([9000]);
  });

  it.each([503, 504, 500])('does not repeat a POST after a %i (it may have been processed)', async (status) => {
    const { graph, calls } = scripted([{ status }, { status: 200 }]);
    await expect(graph.request(POST)).rejects.toMatchObject({ status });
    expect(calls).toHaveLength(1);
  });

  it('repeats a POST the caller marked idempotent after a 503, and a PUT and a DELETE', async () => {
    for (const request of [
      { ...POST, idempotent: true },
      { method: 'PUT', path: '/v1.0/p', body: {} },
      { method: 'DELETE', path: '/v1.0/d' },
    ] satisfies GraphRequest[]) {
      const { graph, calls } = scripted([{ status: 503 }, { status: 200 }]);
      await graph.request(request);
      expect(calls).toHaveLength(2);
    }
  });

  it('repeats a GET after a 500 with backoff, not after a 4xx', async () => {
    const server = scripted([{ status: 500 }, { status: 502 }, { status: 200 }]);
    await server.graph.request(GET);
    expect(server.gaps()).toEqual([750, 1500]);
    expect(server.graph.stats.retries).toBe(2);
    const client = scripted([{ status: 404 }, { status: 200 }]);
    await expect(client.graph.request(GET)).rejects.toMatchObject({ status: 404 });
    expect(client.calls).toHaveLength(1);
  });

  it('repeats a GET after network errors until maxAttempts, then says it cannot reach Graph', async () => {
    const { graph, calls, gaps } = scripted(
      [new TypeError('fetch failed', { cause: new Error('ECONNRESET') }), new TypeError('x'), new TypeError('y')],
      { maxAttempts: 3 },
    );
    await expect(graph.request(GET)).rejects.toThrow(/^Cannot reach Microsoft Graph: .+ cannot be reached \(y\)\./);
    expect(calls).toHaveLength(3);
    expect(gaps()).toEqual([750, 1500]);
    expect(graph.stats.retries).toBe(2);
  });

  it('names the cause of a network error', async () => {
    const { graph } = scripted([new TypeError('fetch failed', { cause: new Error('ECONNRESET') })]);
    const error = await graph.request(POST).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'network' });
    expect((error as Error).message).toMatch(
      /^Cannot reach Microsoft Graph: .+ cannot be reached: the connection was reset \(ECONNRESET\)/,
    );
  });

  it('refreshes the token once: a second 401 is the answer', async () => {
    const { graph, calls } = scripted([{ status: 401 }, { status: 401 }, { status: 200 }]);
    await expect(graph.request(GET)).rejects.toMatchObject({ status: 401 });
    expect(calls.map((call) => call.auth)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('hands back a 429 or 409 at once when it is an answer, not throttling, and closes no gate', async () => {
    for (const status of [429, 409]) {
      const { graph, calls } = scripted([{ status, headers: { 'Retry-After': '600' } }]);
      const response = await graph.raw({ ...POST, throttleRetry: false });
      expect(response.status).toBe(status);
      expect(calls).toHaveLength(1);
      expect(graph.pacer.gateOpensAt()).toBe(0);
      expect(graph.stats.throttled).toBe(0);
    }
  });

  it('lowers the budget after a 429 (writes too for a write) and closes the gate for every later request', async () => {
    const { graph, calls, gaps } = scripted(
      [{ status: 200 }, { status: 200 }, { status: 429, headers: { 'Retry-After': '3' } }, { status: 200 }],
      { pace: { windowMs: 20_000, total: 100, writes: 40 } },
    );
    await graph.request(GET);
    await graph.request(POST);
    await graph.request(POST);
    expect(calls).toHaveLength(4);
    // The retry waits out the gate, then the lowered write budget: the first write must leave the window.
    expect(gaps()).toEqual([0, 0, 20_001]);
    // Lowered to 5 and 2, then raised by a tenth of the ceiling once the window had passed.
    expect(graph.pacer.current()).toMatchObject({ total: 15, writes: 6 });
  });

  it('does not lower the write budget after a throttled read', async () => {
    const { graph } = scripted([{ status: 200 }, { status: 429, headers: { 'Retry-After': '1' } }, { status: 200 }], {
      pace: { windowMs: 20_000, total: 100, writes: 40 },
    });
    await graph.request(POST);
    await graph.request(GET);
    expect(graph.pacer.current()).toMatchObject({ total: 5, writes: 40 });
  });

  it('stops at once when aborted during a network error, without retrying', async () => {
    const controller = new AbortController();
    const { graph, calls } = scripted([new TypeError('fetch failed'), { status: 200 }]);
    const fetching = graph.request(GET, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(fetching).rejects.toThrow('fetch failed');
    expect(calls).toHaveLength(1);
    expect(graph.stats.retries).toBe(0);
  });
});

describe('the Retry-After gate from any answer', () => {
  it('closes for a 200 $batch whose parts carry Retry-After (the longest one), for 429 and 503 parts only', async () => {
    const { graph, gaps } = scripted([
      {
        status: 200,
        body: {
          responses: [
            { id: '0', status: 429, headers: { 'Retry-After': '2' } },
            { id: '1', status: 503, headers: { 'retry-after': '6' } },
            { id: '2', status: 200, headers: { 'Retry-After': '60' } },
          ],
        },
      },
      { status: 200 },
    ]);
    await graph.raw({ method: 'POST', path: '/beta/$batch', body: {} });
    await graph.request(GET);
    expect(gaps()).toEqual([6000]);
  });

  it('stays open for a 200 with a Retry-After header and for parts without one', async () => {
    const { graph, gaps } = scripted([
      { status: 200, headers: { 'Retry-After': '30' }, body: { responses: [{ id: '0', status: 429 }, null] } },
      { status: 200 },
    ]);
    await graph.raw({ method: 'POST', path: '/beta/$batch', body: {} });
    await graph.request(GET);
    expect(gaps()).toEqual([0]);
  });
});

describe('$batch retries', () => {
  const gets = (n: number, version = 'beta'): GraphRequest[] =>
    Array.from({ length: n }, (_, i) => ({ method: 'GET', path: `/${version}/r/${i}` }));
  const ok = (ids: number[]) => ({
    status: 200,
    body: { responses: ids.map((i) => ({ id: String(i), status: 200, body: { i } })) },
  });

  it('never puts more in one call than the budget allows, writes against the write budget', async () => {
    const reads = scripted([ok([0, 1, 2]), ok([0, 1, 2]), { status: 200, body: { i: 6 } }], {
      pace: { windowMs: 1000, total: 3, writes: 2 },
    });
    await reads.graph.batch(gets(7));
    // A call of one goes as a plain request.
    expect(
      reads.calls.map((call) =>
        call.body ? (JSON.parse(call.body) as { requests: unknown[] }).requests.length : call.url,
      ),
    ).toEqual([3, 3, 'https://graph.example/beta/r/6']);
    const writes = scripted([ok([0, 1]), ok([0, 1])], { pace: { windowMs: 1000, total: 10, writes: 2 } });
    await writes.graph.batch(Array.from({ length: 4 }, (_, i) => ({ method: 'POST', path: `/beta/w/${i}`, body: {} })));
    expect(writes.calls).toHaveLength(2);
  });

  it('sends one call per Graph version', async () => {
    const { graph, calls } = scripted([ok([0, 1]), ok([0, 1])]);
    const responses = await graph.batch([...gets(1, 'v1.0'), ...gets(2, 'beta'), { method: 'GET', path: '/v1.0/r/9' }]);
    expect(calls.map((call) => call.url)).toEqual([
      'https://graph.example/v1.0/$batch',
      'https://graph.example/beta/$batch',
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
  });

  it('repeats a 503 part of a GET but hands back a 503 part of a POST', async () => {
    const { graph, calls } = scripted([
      {
        status: 200,
        body: {
          responses: [
            { id: '0', status: 503 },
            { id: '1', status: 503 },
          ],
        },
      },
      { status: 200, body: { i: 0 } },
    ]);
    const responses = await graph.batch([
      { method: 'GET', path: '/beta/r/0' },
      { method: 'POST', path: '/beta/w/1', body: {} },
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 503]);
    expect(calls).toHaveLength(2);
    // Unanswered parts count as 504: repeated after a backoff.
    expect(calls[1]?.at).toBe((calls[0]?.at ?? 0) + 750);
    expect(graph.stats.retries).toBe(1);
  });

  it('hands back parts still throttled after maxAttempts', async () => {
    const throttled = {
      status: 200,
      body: {
        responses: [
          { id: '0', status: 429, headers: { 'Retry-After': '1' } },
          { id: '1', status: 429, headers: { 'Retry-After': '1' } },
        ],
      },
    };
    const { graph, calls } = scripted([throttled, throttled, throttled, ok([0, 1])], { maxAttempts: 3 });
    const responses = await graph.batch(gets(2));
    expect(responses.map((response) => response.status)).toEqual([429, 429]);
    expect(calls).toHaveLength(3);
    expect(graph.stats).toMatchObject({ throttled: 6, retries: 4 });
  });

  it('lowers the budget by the parts not admitted, writes too when the call had a write', async () => {
    const { graph } = scripted(
      [
        {
          status: 200,
          body: {
            responses: [
              { id: '0', status: 429, headers: { 'Retry-After': '1' } },
              { id: '1', status: 429, headers: { 'Retry-After': '1' } },
              { id: '2', status: 200 },
            ],
          },
        },
        ok([0, 1]),
      ],
      { pace: { windowMs: 20_000, total: 100, writes: 40 } },
    );
    await graph.batch([...gets(2), { method: 'POST', path: '/beta/w', body: {} }]);
    expect(graph.pacer.current()).toMatchObject({ total: 5, writes: 2 });
  });
});
