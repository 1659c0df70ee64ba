import type { z } from 'zod';
import type { Clock } from '../clock';
import type { TokenProvider } from './auth';
import { GraphError, graphErrorOf } from './errors';
import { silentLogger, type Logger } from './logger';
import { isUnexpected, Optimisations } from './optimisations';
import { INTUNE_PACE, RequestPacer, type PaceLimits } from './pacer';
import { parseRetryAfter, retryAfterCapMessage, retryDelay } from './retry';
import type { FetchLike } from './transport';
import type { GraphRequest, GraphResponse, GraphStats } from './messages';
import { asNetworkError } from './network-failure';
import { BATCH_MAX, batchEnvelope, isIdempotent, parseBatch, versionOf, WRITES } from './batch';
import { pageOf, parseBody } from './bodies';

export type { GraphRequest, GraphResponse, GraphStats } from './messages';

/** Dependencies of the Graph client. */
export interface GraphClientOptions {
  graphEndpoint: string;
  tokens: TokenProvider;
  fetch: FetchLike;
  clock: Clock;
  pace?: PaceLimits;
  /** Shared pacer when several clients talk to one tenant. */
  pacer?: RequestPacer;
  logger?: Logger;
  random?: () => number;
  maxAttempts?: number;
}

/** Graph client: paced, Retry-After-gated, retrying only what is safe to repeat, paging and batching. */
export class GraphClient {
  readonly stats: GraphStats = { httpRequests: 0, graphRequests: 0, throttled: 0, retries: 0 };
  readonly pacer: RequestPacer;
  /** The tenant's verdicts on the calls beyond the field-proven ones ($batch here; the API adds the rest). */
  readonly optimisations: Optimisations;
  private readonly origin: string;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private token: string | undefined;
  private lane: Promise<void> = Promise.resolve();

  constructor(private readonly options: GraphClientOptions) {
    this.pacer = options.pacer ?? new RequestPacer(options.clock, options.pace ?? INTUNE_PACE);
    this.origin = new URL(options.graphEndpoint).origin;
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.optimisations = new Optimisations(() => options.clock.now(), this.logger);
  }

  /** The Graph root the client talks to, e.g. https://graph.microsoft.com (references name objects under it). */
  get endpoint(): string {
    return this.options.graphEndpoint;
  }

  /** The client's clock time (ms): Retry-After dates are read against it. */
  now(): number {
    return this.options.clock.now();
  }

  /**
   * The URL of a request: a path under the Graph root, or a nextLink from a response resolved against the
   * root. Either way its origin must be the Graph host's (a link such as "@evil.example/x" appended to the
   * root would name evil.example as the host and hand it the token).
   */
  private url(path: string): string {
    const root = this.options.graphEndpoint;
    const underRoot = path.startsWith('/') && !path.startsWith('//');
    let url: URL | null;
    try {
      url = underRoot ? new URL(`${root}${path}`) : new URL(path, `${root}/`);
    } catch {
      url = null;
    }
    if (!url || url.origin !== this.origin || url.username !== '' || url.password !== '') {
      throw new GraphError(
        `Refusing to follow a link off the Graph host: ${url ? url.origin : 'not a URL'}`,
        0,
        'bad-link',
        'GET',
        path,
      );
    }
    if (underRoot) return `${root}${path}`;
    return /^https?:\/\//i.test(path) ? path : url.href;
  }

  private async bearer(force = false): Promise<string> {
    if (force || this.token === undefined) this.token = await this.options.tokens.getToken(force);
    return this.token;
  }

  /**
   * One request on the wire at a time: a request that already holds budget must not reach the service after
   * another one was told to wait (Retry-After applies to the app, not to one request).
   */
  private async send(request: GraphRequest, signal?: AbortSignal): Promise<GraphResponse> {
    let release!: () => void;
    const previous = this.lane;
    this.lane = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      for (let opens = this.pacer.gateOpensAt(); opens > 0; opens = this.pacer.gateOpensAt()) {
        await this.options.clock.sleep(opens - this.options.clock.now(), signal);
      }
      return await this.sendNow(request, signal);
    } finally {
      release();
    }
  }

  private async sendNow(request: GraphRequest, signal?: AbortSignal): Promise<GraphResponse> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.bearer()}`,
      accept: 'application/json',
      ...request.headers,
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    this.stats.httpRequests += 1;
    const response = await this.options.fetch(this.url(request.path), {
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      ...(signal ? { signal } : {}),
    });
    const out: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      out[key.toLowerCase()] = value;
    });
    const text = await response.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    if (request.throttleRetry !== false) this.closeGateFor({ status: response.status, headers: out, body });
    return { status: response.status, headers: out, body };
  }

  /** Closes the gate for any Retry-After in a response (or its $batch parts) before the next request may go. */
  private closeGateFor(response: GraphResponse): void {
    const now = this.options.clock.now();
    const waits: number[] = [];
    const consider = (status: number, headers: Record<string, string>): void => {
      if (status !== 429 && status !== 503 && status !== 504) return;
      const key = Object.keys(headers).find((name) => name.toLowerCase() === 'retry-after');
      const wait = key ? parseRetryAfter(headers[key], now) : undefined;
      if (wait !== undefined) waits.push(wait);
    };
    consider(response.status, response.headers);
    const parts = (response.body as { responses?: unknown } | null)?.responses;
    if (Array.isArray(parts)) {
      for (const part of parts as ({ status?: unknown; headers?: unknown } | null)[]) {
        if (part && typeof part.status === 'number')
          consider(
            part.status,
            part.headers && typeof part.headers === 'object' ? (part.headers as Record<string, string>) : {},
          );
      }
    }
    if (waits.length > 0) this.pacer.closeGateUntil(now + Math.max(...waits));
  }

  /** Sends one request with pacing and the retry policy; returns any final response (callers check status). */
  async raw(
    request: GraphRequest,
    signal?: AbortSignal,
    units = 1,
    writes = WRITES.has(request.method) ? 1 : 0,
  ): Promise<GraphResponse> {
    let refreshed = false;
    const maxAttempts = this.maxAttempts;
    // An optimisation gives up on a failing server early (its fallback is ready); throttling is waited out alike.
    const serverAttempts = Math.min(request.attempts ?? maxAttempts, maxAttempts);
    for (let attempt = 1; ; attempt += 1) {
      await this.pacer.acquire(units, writes, signal);
      this.stats.graphRequests += units;
      let response: GraphResponse;
      try {
        response = await this.send(request, signal);
      } catch (error) {
        if (signal?.aborted || error instanceof GraphError) throw error;
        if (!isIdempotent(request) || attempt >= maxAttempts) throw this.networkError(request, error);
        this.stats.retries += 1;
        await this.options.clock.sleep(retryDelay(attempt, this.random), signal);
        continue;
      }
      if (response.status === 401 && !refreshed) {
        // The token expired or was revoked: the request was not processed, so any method may be repeated.
        refreshed = true;
        await this.bearer(true);
        continue;
      }
      if (request.throttleRetry === false && (response.status === 429 || response.status === 409)) return response;
      const retryAfter = parseRetryAfter(response.headers['retry-after'], this.options.clock.now());
      const capped = retryAfterCapMessage(response.headers['retry-after'], this.options.clock.now());
      if (capped) this.logger.warn(`graph: ${capped}`, { status: response.status, path: request.path });
      if (response.status === 429) {
        this.stats.throttled += 1;
        this.pacer.throttled(writes > 0, units);
      }
      if (response.status === 429 || response.status === 503 || response.status === 504) {
        const wait = retryAfter ?? retryDelay(attempt, this.random);
        this.pacer.closeGateUntil(this.options.clock.now() + wait);
        // 429 means "not processed"; 503/504 may have been processed, so only safe requests repeat.
        const safe = response.status === 429 || isIdempotent(request);
        if (safe && attempt < (response.status === 429 ? maxAttempts : serverAttempts)) {
          this.stats.retries += 1;
          this.logger.debug('graph: retrying after throttling', {
            status: response.status,
            path: request.path,
            waitMs: wait,
          });
          continue;
        }
        return response;
      }
      if (response.status >= 500 && isIdempotent(request) && attempt < serverAttempts) {
        this.stats.retries += 1;
        await this.options.clock.sleep(retryDelay(attempt, this.random), signal);
        continue;
      }
      return response;
    }
  }

  private networkError(request: GraphRequest, error: unknown): GraphError {
    const failure = asNetworkError(error, { url: this.options.graphEndpoint });
    return new GraphError(
      `Cannot reach Microsoft Graph: ${failure.message}`,
      0,
      'network',
      request.method,
      request.path,
      failure,
    );
  }

  /** Sends a request and throws GraphError unless it succeeded. */
  async request(request: GraphRequest, signal?: AbortSignal): Promise<GraphResponse> {
    const response = await this.raw(request, signal);
    if (response.status >= 200 && response.status < 300) return response;
    throw this.failure(request, response);
  }

  /** The GraphError for a failed response. */
  failure(request: GraphRequest, response: GraphResponse): GraphError {
    const { code, message } = graphErrorOf(response.body);
    return new GraphError(
      `${request.method} ${request.path.split('?')[0]} failed: HTTP ${response.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`,
      response.status,
      code,
      request.method,
      request.path,
    );
  }

  /** GETs one resource and validates it. */
  async get<T>(path: string, schema: z.ZodType<T>, signal?: AbortSignal, headers?: Record<string, string>): Promise<T> {
    const response = await this.request({ method: 'GET', path, ...(headers ? { headers } : {}) }, signal);
    return parseBody(schema, response.body, path);
  }

  /** GETs a collection, following @odata.nextLink, validating each item. */
  async list<T>(
    path: string,
    item: z.ZodType<T>,
    signal?: AbortSignal,
    headers?: Record<string, string>,
    onPage?: () => void,
  ): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    while (next) {
      const response = await this.request({ method: 'GET', path: next, ...(headers ? { headers } : {}) }, signal);
      onPage?.();
      const page = pageOf(response.body, path);
      for (const value of page.value) items.push(parseBody(item, value, path));
      next = page.nextLink;
    }
    return items;
  }

  /**
   * Sends requests through $batch (up to 20 per call and never more than the budget, one Graph version per
   * call) as independent sub-requests: a 404 or any other answer for one never fails the others. A throttled
   * item (429, or 503/504 when safe to repeat) is sent again once its own Retry-After has passed; the gate
   * closes tenant-wide for it, so nothing is sent inside that window. Responses come back in order.
   */
  async batch(requests: GraphRequest[], signal?: AbortSignal): Promise<GraphResponse[]> {
    if (requests.length <= 1 || !this.optimisations.enabled('batch')) return this.each(requests, signal);
    const results: GraphResponse[] = new Array<GraphResponse>(requests.length);
    const attempts = new Map<number, number>();
    const byVersion = new Map<string, number[]>();
    requests.forEach((request, index) => {
      const version = versionOf(request.path);
      byVersion.set(version, [...(byVersion.get(version) ?? []), index]);
    });
    const versions = [...byVersion.keys()];
    for (const [versionIndex, version] of versions.entries()) {
      let pending = byVersion.get(version) ?? [];
      while (pending.length > 0) {
        const budget = this.pacer.current();
        const head = pending.slice(0, BATCH_MAX);
        const size = Math.max(
          1,
          Math.min(
            BATCH_MAX,
            budget.total,
            head.some((index) => WRITES.has((requests[index] as GraphRequest).method)) ? budget.writes : BATCH_MAX,
          ),
        );
        const chunk = pending.slice(0, size);
        pending = pending.slice(size);
        let responses: GraphResponse[];
        try {
          responses = await this.sendBatch(
            version,
            chunk.map((index) => requests[index] as GraphRequest),
            signal,
          );
        } catch (error) {
          // $batch is an optimisation: refused once, every request of this tenant goes on its own from now on.
          if (!isUnexpected(error)) throw error;
          this.optimisations.refuse('batch', error);
          const later = versions.slice(versionIndex + 1).flatMap((v) => byVersion.get(v) ?? []);
          const rest = [...chunk, ...pending, ...later];
          const answers = await this.each(
            rest.map((index) => requests[index] as GraphRequest),
            signal,
          );
          rest.forEach((index, position) => (results[index] = answers[position] as GraphResponse));
          return results;
        }
        if (chunk.length > 1) this.optimisations.accepted('batch');
        let wait = 0;
        let notAdmitted = 0;
        // A sub-request the service failed is sent again on its own, with the plain request's retries.
        const alone: number[] = [];
        const retry: number[] = [];
        chunk.forEach((index, position) => {
          const response = responses[position] as GraphResponse;
          const request = requests[index] as GraphRequest;
          const attempt = (attempts.get(index) ?? 0) + 1;
          attempts.set(index, attempt);
          if (response.status === 429) {
            this.stats.throttled += 1;
            notAdmitted += 1;
          }
          const throttled =
            response.status === 429 || ((response.status === 503 || response.status === 504) && isIdempotent(request));
          if (throttled && attempt < this.maxAttempts) {
            wait = Math.max(
              wait,
              parseRetryAfter(response.headers['retry-after'], this.options.clock.now()) ??
                retryDelay(attempt, this.random),
            );
            retry.push(index);
          } else if (response.status >= 500 && isIdempotent(request)) {
            alone.push(index);
          } else {
            results[index] = response;
          }
        });
        if (notAdmitted > 0)
          this.pacer.throttled(
            chunk.some((index) => WRITES.has((requests[index] as GraphRequest).method)),
            notAdmitted,
          );
        if (wait > 0) this.pacer.closeGateUntil(this.options.clock.now() + wait);
        if (retry.length > 0) {
          this.stats.retries += retry.length;
          pending = [...retry, ...pending];
        }
        for (const index of alone) results[index] = await this.raw(requests[index] as GraphRequest, signal);
      }
    }
    return results;
  }

  /** The proven path: each request on its own, in order. */
  private async each(requests: GraphRequest[], signal?: AbortSignal): Promise<GraphResponse[]> {
    const out: GraphResponse[] = [];
    for (const request of requests) out.push(await this.raw(request, signal));
    return out;
  }

  private async sendBatch(version: string, chunk: GraphRequest[], signal?: AbortSignal): Promise<GraphResponse[]> {
    if (chunk.length === 1) return [await this.raw(chunk[0] as GraphRequest, signal)];
    const writes = chunk.filter((request) => WRITES.has(request.method)).length;
    const envelope = batchEnvelope(version, chunk);
    const response = await this.raw(envelope, signal, chunk.length, writes);
    if (response.status !== 200) throw this.failure(envelope, response);
    return parseBatch(response.body, chunk.length);
  }
}
