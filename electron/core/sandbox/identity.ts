/** The Entra identity endpoint of the sandbox: OpenID metadata, instance discovery, keys and the token endpoint. */
import { createPublicKey } from 'node:crypto';
import { aadsts, type AadstsContext } from './aadsts';
import type { SandboxRequest, SandboxResponse } from './http-types';
import { handleAuthorize, handleDeviceCode, handleDeviceLogin } from './authorize';
import { issueDelegatedToken, type DelegatedIssuer } from './delegated-token';
import { issueToken } from './identity-token';

/** What the identity endpoint needs: the app registration, its credentials, its people and the token signer. */
export type IdentityConfig = DelegatedIssuer;

const json = (body: unknown, status = 200): SandboxResponse => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body,
});

/** Whether a path belongs to the identity endpoint (everything not under /v1.0 or /beta). */
export function isIdentityPath(path: string): boolean {
  return !/^\/(v1\.0|beta)(\/|$)/i.test(path) && !/^\/\$batch/i.test(path);
}

function openIdConfiguration(host: string, tenant: string, v2: boolean): Record<string, unknown> {
  const base = `${host}/${tenant}`;
  const v = v2 ? '/v2.0' : '';
  return {
    token_endpoint: `${base}/oauth2${v}/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery${v}/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2 ? `${base}/v2.0` : `https://sts.windows.net/${tenant}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${host}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2${v}/authorize`,
    device_authorization_endpoint: `${base}/oauth2${v}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2${v}/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid', 'roles'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: new URL(host).host,
    rbac_url: 'https://pas.windows.net',
  };
}

/** Handles one identity-endpoint request. */
export function handleIdentity(config: IdentityConfig, req: SandboxRequest): SandboxResponse {
  const identity = config.identity();
  const segments = req.path.split('/').filter(Boolean);
  const [tenantSegment = '', ...rest] = segments;
  const tail = rest.join('/').toLowerCase();
  const ctx: AadstsContext = {
    now: config.now(),
    traceId: config.newId(),
    correlationId: req.headers['client-request-id'] ?? config.newId(),
    authorityHost: config.authorityHost,
  };
  const lowered = tenantSegment.toLowerCase();
  const known = lowered === identity.tenantId.toLowerCase() || lowered === identity.tenantDomain.toLowerCase();
  const generic = lowered === 'common' || lowered === 'organizations';
  const host = config.authorityHost;

  if (req.method === 'GET' && tail === 'discovery/instance') {
    const tenant = known ? identity.tenantId : '{tenantid}';
    const hostName = new URL(host).host;
    return json({
      tenant_discovery_endpoint: `${host}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: hostName, preferred_cache: hostName, aliases: [hostName] }],
    });
  }
  if (lowered === 'devicelogin' && rest.length === 0) return handleDeviceLogin(config, req, ctx);
  if (!known && !generic) return aadsts.unknownTenant(ctx, tenantSegment);
  if (known && (tail === 'oauth2/v2.0/authorize' || tail === 'oauth2/authorize'))
    return handleAuthorize(config, req, ctx);
  if (known && (tail === 'oauth2/v2.0/devicecode' || tail === 'oauth2/devicecode'))
    return handleDeviceCode(config, req, ctx);
  const tenantForMetadata = known ? identity.tenantId : '{tenantid}';
  if (
    req.method === 'GET' &&
    (tail === 'v2.0/.well-known/openid-configuration' || tail === '.well-known/openid-configuration')
  ) {
    return json(openIdConfiguration(host, tenantForMetadata, tail.startsWith('v2.0')));
  }
  if (req.method === 'GET' && (tail === 'discovery/v2.0/keys' || tail === 'discovery/keys')) {
    const jwk = createPublicKey(config.signingKey).export({ format: 'jwk' });
    return json({
      keys: [
        {
          kty: 'RSA',
          use: 'sig',
          kid: config.signingKid,
          x5t: config.signingKid,
          n: jwk.n,
          e: jwk.e,
          issuer: `${host}/${tenantForMetadata}/v2.0`,
        },
      ],
    });
  }
  if (tail === 'oauth2/v2.0/token' || tail === 'oauth2/token') {
    if (req.method !== 'POST')
      return json({ error: 'invalid_request', error_description: 'The token endpoint accepts only POST.' }, 405);
    if (!known) return aadsts.unknownTenant(ctx, tenantSegment);
    return issueDelegatedToken(config, req, ctx) ?? issueToken(config, req, ctx, tenantSegment);
  }
  return json({ error: 'not_found', error_description: `No identity endpoint at ${req.path}.` }, 404);
}
