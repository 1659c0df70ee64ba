import { session } from 'electron';
import {
  naming,
  redactProxy,
  type FetchLike,
  type NetworkDescription,
  type NetworkProvider,
} from '../core/graph/transport';

/** A proxy URL as Chromium's proxy rules take it: scheme://host:port, credentials dropped (asked by `login`). */
export function proxyRuleOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** NO_PROXY ("a.com,.b.com") as Chromium bypass rules ("a.com;.b.com"); <local> for loopback. */
export function bypassRulesOf(noProxy: string | undefined): string {
  const entries = (noProxy ?? '')
    .split(/[,;\s]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  return ['<local>', ...entries].join(';');
}

const OS_TRUST =
  "the operating system's certificate store (Electron's network stack: on Windows the machine and user Trusted Root stores, enterprise roots included)";

/**
 * Electron's network stack for the Graph and sign-in traffic: the operating system's trust store and proxy
 * settings (WinINET/WinHTTP, PAC and WPAD, integrated proxy authentication). HTTPS_PROXY in the environment
 * (a task sequence's) overrides the system settings, as it does for the Node transport. Call after app ready.
 */
export async function createElectronNetwork(
  env: Record<string, string | undefined> = process.env,
): Promise<NetworkProvider> {
  const target = session.defaultSession;
  const envProxy = env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
  const rule = envProxy ? proxyRuleOf(envProxy) : null;
  if (rule) {
    await target.setProxy({
      mode: 'fixed_servers',
      proxyRules: rule,
      proxyBypassRules: bypassRulesOf(env.NO_PROXY ?? env.no_proxy),
    });
  }
  // Chromium names a failure in its message (net::ERR_NAME_NOT_RESOLVED ...): said in plain words with the host.
  const fetch: FetchLike = naming(
    async (url, init) =>
      target.fetch(url, {
        method: init.method,
        headers: init.headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
        credentials: 'omit',
        bypassCustomProtocolHandlers: true,
      }),
    envProxy,
  );
  return {
    fetch,
    async describe(url): Promise<NetworkDescription> {
      const resolved = await target.resolveProxy(url);
      return {
        proxy:
          rule && envProxy
            ? `HTTPS_PROXY ${redactProxy(envProxy)} (Electron resolves ${url} to "${resolved}")`
            : `the system proxy settings (Electron resolves ${url} to "${resolved}")`,
        trust: OS_TRUST,
      };
    },
    close: () => Promise.resolve(),
  };
}
