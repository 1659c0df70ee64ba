import type { Clock } from '../clock';
import { AppError } from '../errors';
import { AutopilotApi } from './autopilot-api';
import { createTokenProvider, type Credentials, type TokenProvider } from './auth';
import { GraphClient } from './client';
import {
  createDelegatedTokenProvider,
  type DelegatedSignInOptions,
  type DelegatedTokenProvider,
} from './delegated-auth';
import { resolveCloud, type CloudEndpoints } from './clouds';
import type { Logger } from './logger';
import type { PaceLimits } from './pacer';
import { capabilitiesOf, type Capabilities } from './permissions';
import {
  createNodeNetwork,
  type FetchLike,
  type NetworkDescription,
  type NetworkProvider,
  type TrustSource,
} from './transport';

/** Everything needed to reach one tenant. */
export interface TenantSettings extends Credentials {
  cloud?: string;
  authorityHost?: string;
  graphEndpoint?: string;
  /** Token scope override (default: "{graph}/.default", or Graph's app id for custom endpoints). */
  scope?: string;
  /** Extra trusted CAs (PEM), e.g. the sandbox's own CA or a TLS-inspecting proxy's. */
  extraCaPem?: string[];
  /** Sign in as a person (public client: no secret or certificate) instead of as the application. */
  delegated?: Pick<DelegatedSignInOptions, 'prompt' | 'store' | 'extraPermissions' | 'timeoutSeconds'>;
}

/** A live connection to a tenant: token provider, Graph client, Autopilot API. */
export interface GraphConnection {
  endpoints: CloudEndpoints;
  tenantId: string;
  tokens: TokenProvider;
  /** The same provider when signed in as a person (sign-in, sign-out, account). */
  delegated?: DelegatedTokenProvider;
  graph: GraphClient;
  api: AutopilotApi;
  /** Reads the token's roles (acquiring a token: throws AppError 'auth' when sign-in fails). */
  capabilities(): Promise<Capabilities>;
  /** Which proxy and trust source the traffic to Graph uses (doctor names them). */
  describeNetwork(): Promise<NetworkDescription>;
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
  /**
   * The network to use instead of the Node transport: Electron's stack (OS trust store and proxy settings,
   * PAC/WPAD) in the desktop app and the packaged CLI. Not used with extra CAs (the sandbox's own CA).
   */
  network?: NetworkProvider;
  /** Roots the Node transport trusts ('system' adds the OS store where Node can read it). */
  trust?: TrustSource;
  /** Wraps the transport (instrumentation: request counting, virtual clocks in benchmarks). */
  wrapFetch?: (fetch: FetchLike) => FetchLike;
}

/** Connects to a tenant: TLS trust, proxy, MSAL and the paced Graph client. */
export function connectTenant(settings: TenantSettings, options: ConnectionOptions): GraphConnection {
  if (!settings.tenantId || !settings.clientId) throw new AppError('auth', 'A tenant id and a client id are required.');
  const endpoints = resolveCloud(settings);
  // A connection with its own CA (the sandbox) keeps the Node transport, where that CA can be trusted.
  const external = settings.extraCaPem?.length ? undefined : options.network;
  const owned =
    options.fetch || external
      ? undefined
      : createNodeNetwork({
          ...(settings.extraCaPem ? { extraCaPem: settings.extraCaPem } : {}),
          ...(options.env ? { env: options.env } : {}),
          ...(options.trust ? { trust: options.trust } : {}),
        });
  const network = external ?? owned;
  const base = options.fetch ?? (network as NetworkProvider).fetch;
  const fetch = options.wrapFetch ? options.wrapFetch(base) : base;
  const delegated = settings.delegated
    ? createDelegatedTokenProvider({
        ...settings.delegated,
        tenantId: settings.tenantId,
        clientId: settings.clientId,
        endpoints,
        fetch,
      })
    : undefined;
  const tokens = delegated ?? createTokenProvider(settings, endpoints, fetch);
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
    ...(delegated ? { delegated } : {}),
    graph,
    api: new AutopilotApi(graph),
    capabilities: async () => capabilitiesOf(await tokens.getToken()),
    describeNetwork: () =>
      network
        ? network.describe(endpoints.graphEndpoint)
        : Promise.resolve({ proxy: 'injected transport', trust: 'injected transport' }),
    close: async () => {
      // Only the transport this connection made is closed; a shared one belongs to its owner.
      await owned?.close();
    },
  };
}
