import { AppError } from '../errors';

/** National clouds plus "custom" (authority host and Graph endpoint given explicitly). */
export const CLOUDS = ['global', 'usgov', 'usgovdod', 'china', 'custom'] as const;
/** A cloud name. */
export type CloudName = (typeof CLOUDS)[number];

/** Sign-in host and Graph root of the national clouds (reference §5.3). */
const KNOWN: Readonly<Record<Exclude<CloudName, 'custom'>, { authorityHost: string; graphEndpoint: string }>> = {
  global: { authorityHost: 'https://login.microsoftonline.com', graphEndpoint: 'https://graph.microsoft.com' },
  usgov: { authorityHost: 'https://login.microsoftonline.us', graphEndpoint: 'https://graph.microsoft.us' },
  usgovdod: { authorityHost: 'https://login.microsoftonline.us', graphEndpoint: 'https://dod-graph.microsoft.us' },
  china: { authorityHost: 'https://login.chinacloudapi.cn', graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn' },
};

/** Where to sign in and where Graph lives for one tenant. */
export interface CloudEndpoints {
  cloud: CloudName;
  /** e.g. https://login.microsoftonline.com (no trailing slash). */
  authorityHost: string;
  /** e.g. https://graph.microsoft.com (no trailing slash, no version). */
  graphEndpoint: string;
  /** The client-credentials scope: "{graph}/.default" for national clouds, Graph's app id for custom ones. */
  scope: string;
}

const KNOWN_GRAPH = new Set(Object.values(KNOWN).map((cloud) => cloud.graphEndpoint));

function normaliseUrl(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('bad-input', `${what} "${text}" is not a URL (example: https://login.microsoftonline.us)`);
  }
  if (url.protocol !== 'https:') throw new AppError('bad-input', `${what} must use https: "${text}"`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/(v1\.0|beta)$/, '')}`;
}

/** Microsoft Graph's application id: the same resource in every cloud, so it suits endpoints we cannot name. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Resolves a cloud name and optional explicit endpoints; explicit endpoints win over the cloud's. */
export function resolveCloud(options: {
  cloud?: string;
  authorityHost?: string;
  graphEndpoint?: string;
  scope?: string;
}): CloudEndpoints {
  const name = (options.cloud ?? (options.authorityHost || options.graphEndpoint ? 'custom' : 'global')).toLowerCase();
  if (!(CLOUDS as readonly string[]).includes(name)) {
    throw new AppError('bad-input', `Unknown cloud "${options.cloud}". Use one of: ${CLOUDS.join(', ')}.`);
  }
  const cloud = name as CloudName;
  const base = cloud === 'custom' ? undefined : KNOWN[cloud];
  const authorityHost = options.authorityHost ?? base?.authorityHost;
  const graphEndpoint = options.graphEndpoint ?? base?.graphEndpoint;
  if (!authorityHost || !graphEndpoint) {
    throw new AppError('bad-input', 'A custom cloud needs both --authority-host and --graph-endpoint.');
  }
  const graph = normaliseUrl(graphEndpoint, 'Graph endpoint');
  return {
    cloud,
    authorityHost: normaliseUrl(authorityHost, 'Authority host'),
    graphEndpoint: graph,
    // A custom Graph endpoint may be a proxy or emulator whose host is not the resource URI; the app id is.
    scope:
      options.scope ??
      (base && !options.graphEndpoint
        ? `${graph}/.default`
        : KNOWN_GRAPH.has(graph)
          ? `${graph}/.default`
          : `${GRAPH_APP_ID}/.default`),
  };
}
