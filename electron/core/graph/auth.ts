import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { AppError } from '../errors';
import type { CloudEndpoints } from './clouds';
import { createMsalNetworkModule, networkFailureMemory, signInNetworkError } from './msal-network';
import type { NetworkError } from './network-failure';
import type { FetchLike } from './transport';

/** App-only credentials of one tenant. Never logged. */
export interface Credentials {
  tenantId: string;
  clientId: string;
  /** Client secret (from AUTOPILOT_CLIENT_SECRET or the app's encrypted store). */
  clientSecret?: string;
  /** PEM text holding the certificate (chain) and its private key. */
  certificatePem?: string;
}

/** Hands out access tokens; `forceRefresh` after a 401. */
export interface TokenProvider {
  getToken(forceRefresh?: boolean): Promise<string>;
}

/** The client certificate MSAL needs, derived from a PEM with certificate(s) and a private key. */
export function certificateFromPem(pem: string): {
  thumbprintSha256: string;
  thumbprint: string;
  privateKey: string;
  x5c: string;
} {
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const first = certs[0];
  if (!first) throw new AppError('bad-input', 'The certificate file holds no "BEGIN CERTIFICATE" block.');
  const keyBlock =
    /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(
      pem,
    )?.[0];
  if (!keyBlock)
    throw new AppError('bad-input', 'The certificate file holds no private key (PEM "BEGIN PRIVATE KEY").');
  let privateKey: string;
  try {
    privateKey = createPrivateKey(keyBlock).export({ format: 'pem', type: 'pkcs8' }).toString();
  } catch {
    throw new AppError(
      'bad-input',
      'The private key in the certificate file cannot be read (encrypted keys are not supported).',
    );
  }
  const der = new X509Certificate(first).raw;
  return {
    thumbprintSha256: createHash('sha256').update(der).digest('hex'),
    thumbprint: createHash('sha1').update(der).digest('hex'),
    privateKey,
    x5c: certs.join('\n'),
  };
}

/** Explains an MSAL failure in plain words, without echoing secrets; a network failure is said as one. */
function explainAuthError(error: unknown, network: NetworkError | null): AppError {
  const text = error instanceof Error ? error.message : String(error);
  const code = /AADSTS\d+/.exec(text)?.[0];
  if (!code && network) return signInNetworkError(network);
  const hint =
    code === 'AADSTS7000215'
      ? 'the client secret is wrong'
      : code === 'AADSTS7000222'
        ? 'the client secret has expired'
        : code === 'AADSTS700016'
          ? 'the application (client) id is not known in this tenant'
          : code === 'AADSTS90002'
            ? 'the tenant id is not known'
            : code === 'AADSTS700027'
              ? 'the certificate is not registered on the application'
              : undefined;
  const first = text.split('\n')[0]?.slice(0, 300) ?? '';
  return new AppError('auth', `Sign-in failed${hint ? `: ${hint}` : ''} (${code ?? first}).`);
}

/** A token provider on MSAL client credentials; MSAL's cache refreshes tokens before they expire. */
export function createTokenProvider(
  credentials: Credentials,
  endpoints: CloudEndpoints,
  fetch: FetchLike,
): TokenProvider {
  if (!credentials.clientSecret && !credentials.certificatePem) {
    throw new AppError('auth', 'No credential: set AUTOPILOT_CLIENT_SECRET or pass --certificate with a PEM file.');
  }
  const authorityUrl = new URL(endpoints.authorityHost);
  const failures = networkFailureMemory();
  const config: Configuration = {
    auth: {
      clientId: credentials.clientId,
      authority: `${endpoints.authorityHost}/${credentials.tenantId}`,
      knownAuthorities: [authorityUrl.host],
      ...(credentials.certificatePem
        ? { clientCertificate: certificateFromPem(credentials.certificatePem) }
        : { clientSecret: credentials.clientSecret }),
    },
    system: { networkClient: createMsalNetworkModule(fetch, (failure) => failures.remember(failure)) },
  };
  const app = new ConfidentialClientApplication(config);
  return {
    async getToken(forceRefresh = false) {
      failures.take();
      try {
        const result = await app.acquireTokenByClientCredential({ scopes: [endpoints.scope], skipCache: forceRefresh });
        if (!result?.accessToken) throw new Error('no access token returned');
        return result.accessToken;
      } catch (error) {
        throw explainAuthError(error, failures.take());
      }
    },
  };
}
