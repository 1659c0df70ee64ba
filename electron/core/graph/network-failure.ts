/**
 * Network failures in plain words: a name that does not resolve (DNS), a proxy that refuses, a certificate that
 * is not trusted (TLS) or a host that does not answer. They are not refusals of the sign-in (a wrong secret, an
 * unknown tenant, missing consent) and are never reported as such: their code is 'network'.
 */
import { AppError } from '../errors';

/** What kind of network failure it was. */
export type NetworkFailureKind = 'dns' | 'proxy' | 'tls' | 'unreachable';

/** A request that never got an answer from the service (code 'network'): kind, host and the system's own code. */
export class NetworkError extends AppError {
  constructor(
    message: string,
    readonly kind: NetworkFailureKind,
    readonly host: string,
    readonly systemCode: string,
  ) {
    super('network', message);
    this.name = 'NetworkError';
  }
}

/** Where the request went, and through which proxy (for a refused or unreachable proxy). */
export interface NetworkFailureContext {
  url: string;
  /** The proxy URL in use for this request, if any. */
  proxy?: string | undefined;
}

interface Found {
  code: string;
  message: string;
  address?: string;
  port?: number;
}

/** The error and its causes, outermost first (undici wraps the socket's error in `cause`; AggregateError in `errors`). */
function chain(error: unknown): Found[] {
  const out: Found[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 20) {
    const item = queue.shift();
    if (!item || typeof item !== 'object' || seen.has(item)) continue;
    seen.add(item);
    const record = item as { code?: unknown; message?: unknown; address?: unknown; port?: unknown };
    out.push({
      code: typeof record.code === 'string' ? record.code : '',
      message: typeof record.message === 'string' ? record.message : '',
      ...(typeof record.address === 'string' ? { address: record.address } : {}),
      ...(typeof record.port === 'number' ? { port: record.port } : {}),
    });
    queue.push((item as { cause?: unknown }).cause);
    const errors = (item as { errors?: unknown }).errors;
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return out;
}

function hostOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ERR_NAME_NOT_RESOLVED']);
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_CERT_AUTHORITY_INVALID',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_CERT_DATE_INVALID']);
const MISMATCH = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_CERT_COMMON_NAME_INVALID']);
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ERR_CONNECTION_REFUSED: 'the connection was refused',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  ERR_TIMED_OUT: 'the connection timed out',
  ERR_CONNECTION_TIMED_OUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
  ERR_CONNECTION_RESET: 'the connection was reset',
  UND_ERR_SOCKET: 'the connection was closed before an answer',
  EPIPE: 'the connection was closed before an answer',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
  ERR_INTERNET_DISCONNECTED: 'this computer is offline',
  ERR_ADDRESS_UNREACHABLE: 'the host is unreachable',
};
const CHECK_NETWORK = "Check this computer's network connection";

/** Chromium names its errors in the message (net::ERR_NAME_NOT_RESOLVED); Node puts them in `code`. */
function codesOf(found: Found[]): string[] {
  const codes: string[] = [];
  for (const item of found) {
    if (item.code) codes.push(item.code);
    for (const match of item.message.matchAll(/net::(ERR_[A-Z_]+)/g)) if (match[1]) codes.push(match[1]);
    // Some layers keep only the message ("getaddrinfo ENOTFOUND host", "read ECONNRESET").
    for (const match of item.message.matchAll(/\b(E[A-Z]{3,}[A-Z_]*|UND_ERR_[A-Z_]+)\b/g))
      if (match[1]) codes.push(match[1]);
  }
  return codes;
}

/** The network failure behind an error (a transport error, or one wrapped by MSAL or the Graph client), or null. */
export function classifyNetworkFailure(error: unknown, context: NetworkFailureContext): NetworkError | null {
  for (let cause: unknown = error; cause && typeof cause === 'object'; cause = (cause as { cause?: unknown }).cause)
    if (cause instanceof NetworkError) return cause;
  const found = chain(error);
  const host = hostOf(context.url) || 'the service';
  const proxyHost = hostOf(context.proxy);
  const codes = codesOf(found);
  const has = (set: Set<string>): string | undefined => codes.find((code) => set.has(code));
  const proxyStatus = found.map((item) => /Proxy response \((\d{3})\)/i.exec(item.message)?.[1]).find(Boolean);
  if (proxyStatus || codes.some((code) => code.startsWith('ERR_PROXY') || code === 'ERR_TUNNEL_CONNECTION_FAILED')) {
    const status = proxyStatus
      ? ` (HTTP ${proxyStatus}${proxyStatus === '407' ? ' Proxy Authentication Required' : ''})`
      : ` (${codes.find((code) => code.includes('PROXY') || code.includes('TUNNEL')) ?? 'refused'})`;
    const advice =
      proxyStatus === '407'
        ? 'the proxy wants credentials: put them in HTTPS_PROXY (http://user:password@proxy:port) or use the desktop app, which signs in to the proxy as you'
        : 'check the proxy settings (HTTPS_PROXY, NO_PROXY, or the system proxy)';
    return new NetworkError(
      `The proxy${proxyHost ? ` ${proxyHost}` : ''} refused to connect to ${host}${status}: ${advice}.`,
      'proxy',
      host,
      proxyStatus ? `HTTP ${proxyStatus}` : (codes[0] ?? ''),
    );
  }
  const dns = has(DNS_CODES);
  if (dns) {
    const what = dns === 'EAI_AGAIN' ? 'did not answer in time for' : 'could not find';
    return new NetworkError(
      `DNS ${what} ${host} (${dns}). ${CHECK_NETWORK} and its DNS settings (or the proxy, if one is needed).`,
      'dns',
      host,
      dns,
    );
  }
  const untrusted = has(UNTRUSTED);
  if (untrusted) {
    return new NetworkError(
      `The TLS certificate presented for ${host} is not trusted (${untrusted}): a TLS-inspecting proxy or firewall ` +
        "may present its own certificate. Trust its root: --use-system-ca (the operating system's store, where the " +
        'organisation installs it) or NODE_EXTRA_CA_CERTS with its PEM file.',
      'tls',
      host,
      untrusted,
    );
  }
  const expired = has(EXPIRED);
  if (expired) {
    return new NetworkError(
      `The TLS certificate presented for ${host} has expired or is not valid yet (${expired}): check this computer's date and time, and the certificate of any TLS-inspecting proxy.`,
      'tls',
      host,
      expired,
    );
  }
  const mismatch = has(MISMATCH);
  if (mismatch) {
    return new NetworkError(
      `The TLS certificate presented for ${host} names another host (${mismatch}): something between this computer and the service answers in its place (a proxy, a captive portal or a DNS override).`,
      'tls',
      host,
      mismatch,
    );
  }
  const tlsOther = codes.find((code) => /^(ERR_TLS_|ERR_SSL_|ERR_CERT_|CERT_|ERR_BAD_SSL)/.test(code));
  if (tlsOther) {
    return new NetworkError(
      `The TLS connection to ${host} failed (${tlsOther}): check the certificate of any TLS-inspecting proxy (--use-system-ca or NODE_EXTRA_CA_CERTS to trust its root).`,
      'tls',
      host,
      tlsOther,
    );
  }
  const unreachable = codes.find((code) => code in UNREACHABLE);
  if (unreachable) {
    // A refused or silent address that is the proxy's: the proxy is down, not the service.
    const viaProxy =
      proxyHost !== '' && found.some((item) => item.port !== undefined && proxyHost.endsWith(`:${item.port}`));
    const target = viaProxy ? `the proxy ${proxyHost}` : host;
    return new NetworkError(
      `${target} cannot be reached: ${UNREACHABLE[unreachable] ?? 'no answer'} (${unreachable}). ${CHECK_NETWORK}${viaProxy ? ' and the proxy settings' : ', firewall and proxy settings'}.`,
      viaProxy ? 'proxy' : 'unreachable',
      host,
      unreachable,
    );
  }
  return null;
}

/** A transport error as a NetworkError: classified where possible, else "cannot be reached" with its message. */
export function asNetworkError(error: unknown, context: NetworkFailureContext): NetworkError {
  const classified = classifyNetworkFailure(error, context);
  if (classified) return classified;
  const host = hostOf(context.url) || 'the service';
  const detail = chain(error)
    .map((item) => item.message)
    .filter(Boolean)
    .at(-1);
  return new NetworkError(
    `${host} cannot be reached (${(detail ?? 'no answer').slice(0, 200)}). ${CHECK_NETWORK}, firewall and proxy settings.`,
    'unreachable',
    host,
    '',
  );
}

/** What to do next about a device stopped by a network failure (never the secret). */
export const NETWORK_NEXT_STEP =
  'Check this computer\'s network connection (DNS, proxy, firewall, trusted certificates) with "Test connection", then retry: the tenant\'s settings were not the problem.';
