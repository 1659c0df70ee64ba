import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { asNetworkError } from './network-failure';
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

/** Which proxy and which certificate authorities the Graph and sign-in traffic uses, in words (doctor prints it). */
export interface NetworkDescription {
  /** e.g. "none (direct)", "HTTPS_PROXY http://proxy:8080", "system settings: PROXY proxy:8080". */
  proxy: string;
  /** e.g. "Node's bundled Mozilla roots + NODE_EXTRA_CA_CERTS", "the operating system's store (Chromium)". */
  trust: string;
}

/**
 * A way out to the network: the Node transport here (undici), or Electron's network stack in the desktop app
 * and the packaged CLI (main builds it). `describe` names the proxy and trust source used for a URL.
 */
export interface NetworkProvider {
  fetch: FetchLike;
  describe(url: string): Promise<NetworkDescription>;
  close(): Promise<void>;
}

/** Which roots the Node transport trusts: Node's bundled Mozilla store, or that plus the operating system's. */
export type TrustSource = 'bundled' | 'system';

/** TLS and proxy settings of the transport. */
export interface TransportOptions {
  /** Extra trusted CA certificates (PEM), on top of the roots and NODE_EXTRA_CA_CERTS. */
  extraCaPem?: string[];
  /** Environment to read NODE_EXTRA_CA_CERTS, HTTPS_PROXY, NO_PROXY, NODE_USE_SYSTEM_CA from (default process.env). */
  env?: Record<string, string | undefined>;
  /** 'system' adds the operating system's store (needs Node 22.15+/23.8+); default: NODE_USE_SYSTEM_CA=1 or 'bundled'. */
  trust?: TrustSource;
  /** Connect timeout in ms. */
  connectTimeoutMs?: number;
  /** Reads the system store (tests); default tls.getCACertificates('system') where this Node has it. */
  systemCertificates?: () => string[] | null;
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

/** Node's own switch for the system store (Node 23.8+/22.15+ read it at start-up); honoured here on every Node. */
export function systemCaRequested(env: Record<string, string | undefined>): boolean {
  return env.NODE_USE_SYSTEM_CA === '1' || (env.NODE_OPTIONS ?? '').split(/\s+/).includes('--use-system-ca');
}

type GetCaCertificates = (type: 'system') => string[];

/** The operating system's trusted roots, or null on a Node without tls.getCACertificates (Node 20). */
export function nodeSystemCertificates(): string[] | null {
  const get = (tls as unknown as { getCACertificates?: GetCaCertificates }).getCACertificates;
  if (typeof get !== 'function') return null;
  try {
    return [...get('system')];
  } catch {
    return null;
  }
}

/** Hides user:password in a proxy URL (it may carry credentials). */
export function redactProxy(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.href.replace(/\/$/, '');
  } catch {
    return '(unreadable proxy URL)';
  }
}

interface TrustPlan {
  cas: string[];
  trust: string;
}

function planTrust(options: TransportOptions): TrustPlan {
  const env = options.env ?? process.env;
  const wanted: TrustSource = options.trust ?? (systemCaRequested(env) ? 'system' : 'bundled');
  const extraFile = readExtraCaFile(env);
  const extras = options.extraCaPem ?? [];
  const parts: string[] = [];
  const cas: string[] = [...tls.rootCertificates];
  if (wanted === 'system') {
    const system = (options.systemCertificates ?? nodeSystemCertificates)();
    if (system) {
      cas.push(...system);
      parts.push(`the operating system's store (${system.length} roots) + Node's bundled Mozilla roots`);
    } else {
      parts.push(
        `Node's bundled Mozilla roots only: the system store was asked for but Node ${process.versions.node} cannot read it (needs Node 22.15 or later)`,
      );
    }
  } else {
    parts.push("Node's bundled Mozilla roots");
  }
  if (extraFile.length > 0) parts.push(`NODE_EXTRA_CA_CERTS (${env.NODE_EXTRA_CA_CERTS ?? ''})`);
  if (extras.length > 0) parts.push(`${extras.length} configured CA certificate(s)`);
  return { cas: [...cas, ...extraFile, ...extras], trust: parts.join(' + ') };
}

/** The CA list: bundled roots (+ system store when asked) + NODE_EXTRA_CA_CERTS + explicit extras (an explicit `ca` replaces Node's defaults). */
export function trustedCas(options: TransportOptions = {}): string[] {
  return planTrust(options).cas;
}

/** Names the proxy and trust source the Node transport uses, as doctor reports them. */
export function describeNodeTransport(options: TransportOptions = {}): NetworkDescription {
  const env = options.env ?? process.env;
  const proxy = proxyFrom(env);
  const noProxy = env.NO_PROXY ?? env.no_proxy;
  return {
    proxy: proxy
      ? `HTTPS_PROXY ${redactProxy(proxy)}${noProxy ? ` (NO_PROXY ${noProxy})` : ''}`
      : 'none (direct; the Node transport reads only HTTPS_PROXY/HTTP_PROXY, not the Windows proxy settings)',
    trust: planTrust(options).trust,
  };
}

/** An undici dispatcher that trusts the roots above and honours HTTPS_PROXY / NO_PROXY. */
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

/** A fetch whose failures say what failed in plain words (DNS, proxy, TLS, unreachable host), with the host. */
export function naming(fetch: FetchLike, proxy?: string): FetchLike {
  return async (url, init) => {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw asNetworkError(error, { url, proxy });
    }
  };
}

/** The Node transport as a network provider (the CLI under Node, the web transport, tests). */
export function createNodeNetwork(options: TransportOptions = {}): NetworkProvider {
  const dispatcher = createDispatcher(options);
  const description = describeNodeTransport(options);
  return {
    fetch: naming(createFetch(dispatcher), proxyFrom(options.env ?? process.env)),
    describe: () => Promise.resolve(description),
    close: () => dispatcher.close(),
  };
}
