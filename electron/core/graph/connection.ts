import type { Clock } from '../clock';
import { AppError } from '../errors';
import { AutopilotApi } from './autopilot-api';
import { createTokenProvider, type Credentials, type TokenProvider } from './auth';
import { GraphClient } from './client';
import { resolveCloud, type CloudEndpoints } from './clouds';
import type { Logger } from './logger';
import type { PaceLimits } from './pacer';
import { capabilitiesOf, type Capabilities } from './permissions';
import { createDispatcher, createFetch, type FetchLike } from './transport';

/** Everything needed to reach one tenant. */
export interface TenantSettings extends Credentials {
  cloud?: string;
  authorityHost?: string;
  graphEndpoint?: string;
  /** Token scope override (default: "{graph}/.default", or Graph's app id for custom endpoints). */
  scope?: string;
  /** Extra trusted CAs (PEM), e.g. the sandbox's own CA or a TLS-inspecting proxy's. */
  extraCaPem?: string[];
}

/** A live connection to a tenant: token provider, Graph client, Autopilot API. */
export interface GraphConnection {
  endpoints: CloudEndpoints;
  tenantId: string;
  tokens: TokenProvider;
  graph: GraphClient;
  api: AutopilotApi;
  /** Reads the token's roles (acquiring a token: throws AppError 'auth' when sign-in fails). */
  capabilities(): Promise<Capabilities>;
  close(): Promise<void>;
}

/** Options of a connection beyond the tenant settings. */
export interface ConnectionOptions {
  clock: Clock;
  logger?: Logger;
  pace?: PaceLimits;
  env?: Record<string, string | undefined>;
  /** Replaces the undici transport (unit tests). */
  fetch?: FetchLike;
  /** Wraps the transport (instrumentation: request counting, virtual clocks in benchmarks). */
  wrapFetch?: (fetch: FetchLike) => FetchLike;
}

/** Connects to a tenant: TLS trust, proxy, MSAL and the paced Graph client. */
export function connectTenant(settings: TenantSettings, options: ConnectionOptions): GraphConnection {
  if (!settings.tenantId || !settings.clientId) throw new AppError('auth', 'A tenant id and a client id are required.');
  const endpoints = resolveCloud(settings);
  const dispatcher = options.fetch
    ? undefined
    : createDispatcher({
        ...(settings.extraCaPem ? { extraCaPem: settings.extraCaPem } : {}),
        ...(options.env ? { env: options.env } : {}),
      });
  const base = options.fetch ?? createFetch(dispatcher as NonNullable<typeof dispatcher>);
  const fetch = options.wrapFetch ? options.wrapFetch(base) : base;
  const tokens = createTokenProvider(settings, endpoints, fetch);
  const graph = new GraphClient({
    graphEndpoint: endpoints.graphEndpoint,
    tokens,
    fetch,
    clock: options.clock,
    ...(options.pace ? { pace: options.pace } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    endpoints,
    tenantId: settings.tenantId,
    tokens,
    graph,
    api: new AutopilotApi(graph),
    capabilities: async () => capabilitiesOf(await tokens.getToken()),
    close: async () => {
      await dispatcher?.close();
    },
  };
}
