/** Sandbox start-up for integration tests: "test" speed, a fetch that trusts only its CA, tokens, a manual clock. */
import {
  Agent,
  fetch as undiciFetch,
  type RequestInit as UndiciRequestInit,
  type Response as UndiciResponse,
} from 'undici';
import type { Clock } from '../../electron/core/clock';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../electron/core/sandbox/index';

const running = new Set<RunningSandbox>();

/** Starts a sandbox at "test" speed (milliseconds); close it with `sandbox.close()` or `closeTestSandboxes()`. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ speed: 'test', ...options });
  running.add(sandbox);
  const close = sandbox.close.bind(sandbox);
  sandbox.close = async () => {
    running.delete(sandbox);
    await close();
  };
  return sandbox;
}

/** Closes every sandbox this helper started (for afterAll/afterEach). */
export async function closeTestSandboxes(): Promise<void> {
  await Promise.all([...running].map((s) => s.close()));
}

export type SandboxFetch = (url: string, init?: UndiciRequestInit) => Promise<UndiciResponse>;

/** A fetch whose TLS trusts only the sandbox CA, as the console's network client does. */
export function sandboxFetch(sandbox: RunningSandbox): SandboxFetch {
  const dispatcher = new Agent({ connect: { ca: sandbox.caCertPem } });
  return (url, init = {}) => undiciFetch(url, { ...init, dispatcher });
}

/** A client-credentials token obtained with the client secret. */
export async function sandboxToken(sandbox: RunningSandbox): Promise<string> {
  const response = await sandboxFetch(sandbox)(`${sandbox.authority}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
      scope: sandbox.scope,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`No token from the sandbox: HTTP ${response.status}`);
  return body.access_token;
}

/** A Graph caller: `graph('GET', '/beta/deviceManagement/...')` with a bearer token; returns status, headers and JSON. */
export function sandboxGraph(sandbox: RunningSandbox, token: string) {
  const fetch = sandboxFetch(sandbox);
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${sandbox.graphEndpoint}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    // Graph bodies are read loosely in tests; each assertion states the shape it expects.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: response.status, headers: response.headers, json: json as Record<string, any> };
  };
}

/** A clock that only moves when told to; `sleep` resolves once the clock has been advanced far enough. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

/** Creates a manual clock starting at `start` (ms since the epoch). */
export function createManualClock(start = Date.UTC(2026, 0, 15, 9, 0, 0)): ManualClock {
  let now = start;
  const sleepers: { until: number; resolve: () => void }[] = [];
  const wake = (): void => {
    for (const sleeper of sleepers.filter((s) => s.until <= now)) {
      sleepers.splice(sleepers.indexOf(sleeper), 1);
      sleeper.resolve();
    }
  };
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason as Error);
          return;
        }
        sleepers.push({ until: now + ms, resolve });
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        wake();
      }),
    advance: (ms) => {
      now += ms;
      wake();
    },
    set: (ms) => {
      now = ms;
      wake();
    },
  };
}
