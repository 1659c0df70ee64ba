import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';

/** The fetch signature the Graph client and MSAL network module use (a subset of WHATWG fetch). */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
    /** "manual" hands back a 3xx response instead of following it (requests that carry credentials). */
    redirect?: 'follow' | 'manual';
  },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null; forEach(callback: (value: string, key: string) => void): void };
  text(): Promise<string>;
}>;

/** TLS and proxy settings of the transport. */
export interface TransportOptions {
  /** Extra trusted CA certificates (PEM), on top of the system roots and NODE_EXTRA_CA_CERTS. */
  extraCaPem?: string[];
  /** Environment to read NODE_EXTRA_CA_CERTS, HTTPS_PROXY, NO_PROXY from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Connect timeout in ms. */
  connectTimeoutMs?: number;
}

function readExtraCaFile(env: Record<string, string | undefined>): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return [];
  }
}

function proxyFrom(env: Record<string, string | undefined>): string | undefined {
  return env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
}

/** The CA list: system roots + NODE_EXTRA_CA_CERTS + explicit extras (an explicit `ca` replaces Node's defaults). */
export function trustedCas(options: TransportOptions = {}): string[] {
  const env = options.env ?? process.env;
  return [...rootCertificates, ...readExtraCaFile(env), ...(options.extraCaPem ?? [])];
}

/** An undici dispatcher that trusts the system store plus extras and honours HTTPS_PROXY / NO_PROXY. */
export function createDispatcher(options: TransportOptions = {}): Dispatcher {
  const env = options.env ?? process.env;
  const connect = { ca: trustedCas(options), timeout: options.connectTimeoutMs ?? 30_000 };
  const proxy = proxyFrom(env);
  if (proxy) {
    const noProxy = env.NO_PROXY ?? env.no_proxy;
    return new EnvHttpProxyAgent({
      httpsProxy: proxy,
      httpProxy: env.HTTP_PROXY ?? env.http_proxy ?? proxy,
      ...(noProxy !== undefined ? { noProxy } : {}),
      connect,
      requestTls: connect,
      proxyTls: connect,
    });
  }
  return new Agent({ connect });
}

/** A fetch bound to one dispatcher. */
export function createFetch(dispatcher: Dispatcher): FetchLike {
  return async (url, init) =>
    undiciFetch(url, {
      method: init.method,
      headers: init.headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
      ...(init.redirect ? { redirect: init.redirect } : {}),
      dispatcher,
    });
}
