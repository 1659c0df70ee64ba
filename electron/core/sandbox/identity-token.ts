/** The client-credentials grant: client secret (post or basic) or a certificate-signed client assertion. */
import type { KeyObject } from 'node:crypto';
import { aadsts, type AadstsContext } from './aadsts';
import type { SandboxRequest, SandboxResponse } from './http-types';
import { decodeJwt, signJwt, verifyJwtSignature } from './jwt';
import type { TenantIdentity } from './model';

/** The Graph resource: app id URI and app id. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface TokenIssuer {
  identity: () => TenantIdentity;
  authorityHost: string;
  clientSecret: string;
  clientCertPem: string;
  clientThumbprintSha1: string;
  clientThumbprintSha256: string;
  signingKey: KeyObject;
  signingKid: string;
  now: () => number;
  newId: () => string;
  grantedRoles: () => string[];
  tokenLifetimeSeconds: number;
  onTokenIssued: () => void;
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, at)), secret: decodeURIComponent(decoded.slice(at + 1)) };
}

function hexToB64url(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64url');
}

/** Checks a client assertion as Entra does: key by x5t/x5t#S256, signature, iss = sub = client id, aud, exp. */
function checkAssertion(
  issuer: TokenIssuer,
  assertion: string,
  ctx: AadstsContext,
  tenantSegment: string,
): SandboxResponse | 'cert' {
  const identity = issuer.identity();
  const jwt = decodeJwt(assertion);
  if (!jwt) return aadsts.malformedAssertion(ctx);
  const x5t = typeof jwt.header.x5t === 'string' ? jwt.header.x5t : undefined;
  const x5t256 = typeof jwt.header['x5t#S256'] === 'string' ? jwt.header['x5t#S256'] : undefined;
  const keyMatches =
    x5t === hexToB64url(issuer.clientThumbprintSha1) || x5t256 === hexToB64url(issuer.clientThumbprintSha256);
  if (!keyMatches) {
    const used = x5t256 ?? x5t ?? '';
    return aadsts.keyNotFound(
      ctx,
      used ? Buffer.from(used, 'base64url').toString('hex').toUpperCase() : '',
      identity.clientId,
    );
  }
  if (!verifyJwtSignature(jwt, issuer.clientCertPem)) return aadsts.badSignature(ctx);
  const { iss, sub, aud, exp, nbf } = jwt.claims;
  if (iss !== identity.clientId || sub !== identity.clientId) return aadsts.assertionIssuer(ctx);
  const hosts = [issuer.authorityHost, issuer.authorityHost.replace('127.0.0.1', 'localhost')];
  const tenants = [identity.tenantId, identity.tenantDomain, tenantSegment];
  const audiences = new Set(
    hosts.flatMap((h) =>
      tenants.flatMap((t) => [`${h}/${t}/oauth2/v2.0/token`, `${h}/${t}/oauth2/token`, `${h}/${t}/v2.0`, `${h}/${t}/`]),
    ),
  );
  const audList = Array.isArray(aud) ? aud : [aud];
  if (!audList.some((a) => typeof a === 'string' && audiences.has(a))) return aadsts.assertionAudience(ctx);
  const nowSeconds = Math.floor(ctx.now / 1000);
  if (typeof exp !== 'number' || exp <= nowSeconds)
    return aadsts.assertionExpired(ctx, typeof exp === 'number' ? exp : 0);
  if (typeof nbf === 'number' && nbf > nowSeconds + 300) return aadsts.assertionExpired(ctx, exp);
  return 'cert';
}

/** Handles POST /{tenant}/oauth2/v2.0/token. */
export function issueToken(
  issuer: TokenIssuer,
  req: SandboxRequest,
  ctx: AadstsContext,
  tenantSegment: string,
): SandboxResponse {
  const identity = issuer.identity();
  const form = new URLSearchParams(req.rawBody);
  const basic = basicCredentials(req.headers.authorization);
  const grant = form.get('grant_type');
  if (!grant) return aadsts.missingParameter(ctx, 'grant_type');
  if (grant !== 'client_credentials') return aadsts.unsupportedGrant(ctx, grant);
  const clientId = form.get('client_id') ?? basic?.id;
  if (!clientId) return aadsts.missingParameter(ctx, 'client_id');
  if (clientId.toLowerCase() !== identity.clientId.toLowerCase()) {
    return aadsts.unknownClient(ctx, clientId, identity.tenantDomain);
  }
  // The v1 endpoint names the resource; v2 asks for "{resource}/.default".
  const v1 = /\/oauth2\/token$/i.test(req.path);
  let resource: string;
  if (v1) {
    const named = form.get('resource');
    if (!named) return aadsts.missingParameter(ctx, 'resource');
    resource = named.replace(/\/$/, '');
  } else {
    const scope = form.get('scope');
    if (!scope) return aadsts.missingParameter(ctx, 'scope');
    const scopes = scope.split(/\s+/).filter(Boolean);
    const resourceScope = scopes.find((s) => s.endsWith('/.default'));
    if (!resourceScope || scopes.some((s) => !s.endsWith('/.default'))) return aadsts.invalidScope(ctx, scope);
    resource = resourceScope.slice(0, -'/.default'.length).replace(/\/$/, '');
  }
  if (resource !== GRAPH_RESOURCE && resource !== GRAPH_APP_ID)
    return aadsts.unknownResource(ctx, resource, identity.tenantId);

  let credential: 'secret' | 'cert';
  const assertion = form.get('client_assertion');
  const secret = form.get('client_secret') ?? basic?.secret;
  if (assertion) {
    if (form.get('client_assertion_type') !== JWT_BEARER) return aadsts.assertionType(ctx);
    const checked = checkAssertion(issuer, assertion, ctx, tenantSegment);
    if (checked !== 'cert') return checked;
    credential = 'cert';
  } else if (secret !== undefined) {
    if (secret !== issuer.clientSecret) return aadsts.wrongSecret(ctx, identity.clientId);
    credential = 'secret';
  } else {
    return aadsts.noCredential(ctx);
  }

  const iat = Math.floor(ctx.now / 1000);
  const exp = iat + issuer.tokenLifetimeSeconds;
  const claims = {
    aud: GRAPH_RESOURCE,
    iss: `https://sts.windows.net/${identity.tenantId}/`,
    iat,
    nbf: iat,
    exp,
    aio: issuer.newId(),
    app_displayname: identity.appDisplayName,
    appid: identity.clientId,
    appidacr: credential === 'cert' ? '2' : '1',
    idp: `https://sts.windows.net/${identity.tenantId}/`,
    idtyp: 'app',
    oid: identity.servicePrincipalId,
    rh: '0.sandbox.',
    roles: issuer.grantedRoles(),
    sub: identity.servicePrincipalId,
    tenant_region_scope: 'EU',
    tid: identity.tenantId,
    uti: issuer.newId().replace(/-/g, '').slice(0, 22),
    ver: '1.0',
    wids: ['0997a1d0-0d1d-4acb-b408-d5ca73121e90'],
    xms_tcdt: 1700000000,
  };
  const accessToken = signJwt(
    { typ: 'JWT', x5t: issuer.signingKid, kid: issuer.signingKid },
    claims,
    issuer.signingKey,
  );
  issuer.onTokenIssued();
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store, no-cache',
      Pragma: 'no-cache',
      'x-ms-request-id': ctx.traceId,
      'client-request-id': ctx.correlationId,
    },
    body: {
      token_type: 'Bearer',
      expires_in: issuer.tokenLifetimeSeconds,
      ext_expires_in: issuer.tokenLifetimeSeconds,
      access_token: accessToken,
    },
  };
}
