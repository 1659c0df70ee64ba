/**
 * The delegated grants of the token endpoint (public client, no secret): authorization_code with PKCE,
 * refresh_token and the device code grant with its polling protocol. Tokens carry `scp` and the user.
 */
import { createHash } from 'node:crypto';
import { aadstsError, type AadstsContext } from './aadsts';
import type { SandboxRequest, SandboxResponse } from './http-types';
import { GRAPH_APP_ID, GRAPH_RESOURCE, type TokenIssuer } from './identity-token';
import { signJwt } from './jwt';
import { CONSENTED_SCOPES, OIDC_SCOPES, PeopleDirectory, type Grant } from './people';

/** RFC 8628's grant type; Entra also accepts the short "device_code" that MSAL sends. */
export const DEVICE_CODE_GRANTS = ['urn:ietf:params:oauth:grant-type:device_code', 'device_code'];

/** The token endpoint's delegated side needs the people directory besides the signer. */
export interface DelegatedIssuer extends TokenIssuer {
  people: PeopleDirectory;
}

const GRAPH_PREFIXES = [`${GRAPH_RESOURCE}/`, `${GRAPH_APP_ID}/`];

/** Splits requested scopes into Graph permission names; an error text when one is not Graph's or not consented. */
export function graphScopes(scopes: string[]): { names: string[]; error?: string } {
  const names: string[] = [];
  for (const scope of scopes) {
    if (OIDC_SCOPES.includes(scope.toLowerCase())) continue;
    const prefix = GRAPH_PREFIXES.find((p) => scope.toLowerCase().startsWith(p.toLowerCase()));
    const name = prefix ? scope.slice(prefix.length) : scope;
    if (!CONSENTED_SCOPES.some((c) => c.toLowerCase() === name.toLowerCase())) {
      return { names, error: scope };
    }
    names.push(CONSENTED_SCOPES.find((c) => c.toLowerCase() === name.toLowerCase()) as string);
  }
  return { names };
}

function tokenHeaders(ctx: AadstsContext): Record<string, string> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store, no-cache',
    Pragma: 'no-cache',
    'x-ms-request-id': ctx.traceId,
    'client-request-id': ctx.correlationId,
  };
}

/** Access token, ID token, client_info and a new refresh token for a grant. */
function issueUserTokens(issuer: DelegatedIssuer, ctx: AadstsContext, grant: Grant): SandboxResponse {
  const identity = issuer.identity();
  const { names } = graphScopes(grant.scopes);
  const iat = Math.floor(ctx.now / 1000);
  const exp = iat + issuer.tokenLifetimeSeconds;
  const { account } = grant;
  const header = { typ: 'JWT', x5t: issuer.signingKid, kid: issuer.signingKid };
  const accessToken = signJwt(
    header,
    {
      aud: GRAPH_RESOURCE,
      iss: `https://sts.windows.net/${identity.tenantId}/`,
      iat,
      nbf: iat,
      exp,
      acct: 0,
      acr: '1',
      aio: issuer.newId(),
      amr: ['pwd'],
      app_displayname: identity.appDisplayName,
      appid: grant.clientId,
      appidacr: '0',
      idtyp: 'user',
      name: account.name,
      oid: account.oid,
      scp: names.join(' '),
      sub: account.oid,
      tid: identity.tenantId,
      unique_name: account.upn,
      upn: account.upn,
      uti: issuer.newId().replace(/-/g, '').slice(0, 22),
      ver: '1.0',
    },
    issuer.signingKey,
  );
  const idToken = signJwt(
    header,
    {
      aud: grant.clientId,
      iss: `${issuer.authorityHost}/${identity.tenantId}/v2.0`,
      iat,
      nbf: iat,
      exp: iat + 3600,
      name: account.name,
      oid: account.oid,
      preferred_username: account.upn,
      sub: account.oid,
      tid: identity.tenantId,
      ver: '2.0',
    },
    issuer.signingKey,
  );
  const refreshToken = PeopleDirectory.secret('0.SBX.');
  issuer.people.refreshTokens.set(refreshToken, { ...grant, revoked: false });
  issuer.onTokenIssued();
  const resourceScopes = grant.scopes.filter((s) => !OIDC_SCOPES.includes(s.toLowerCase()));
  return {
    status: 200,
    headers: tokenHeaders(ctx),
    body: {
      token_type: 'Bearer',
      scope: resourceScopes.join(' '),
      expires_in: issuer.tokenLifetimeSeconds,
      ext_expires_in: issuer.tokenLifetimeSeconds,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: Buffer.from(JSON.stringify({ uid: account.oid, utid: identity.tenantId })).toString('base64url'),
    },
  };
}

const invalidGrant = (ctx: AadstsContext, code: number, text: string): SandboxResponse =>
  aadstsError(ctx, 400, 'invalid_grant', code, text);

/** AADSTS700016: the client id is not an application of this directory. */
export function unknownClient(ctx: AadstsContext, clientId: string, tenantDomain: string): SandboxResponse {
  return aadstsError(
    ctx,
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenantDomain}'.`,
  );
}

/** S256: BASE64URL(SHA256(ASCII(code_verifier))) (RFC 7636 §4.6). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function redeemCode(issuer: DelegatedIssuer, ctx: AadstsContext, form: URLSearchParams, clientId: string) {
  const code = form.get('code');
  if (!code)
    return aadstsError(ctx, 400, 'invalid_request', 900144, "The request body must contain the parameter: 'code'.");
  const pending = issuer.people.codes.get(code);
  if (!pending) return invalidGrant(ctx, 70000, 'The provided authorization code or refresh token is invalid.');
  if (pending.redeemed)
    return invalidGrant(
      ctx,
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    );
  if (pending.expiresAt <= ctx.now)
    return invalidGrant(
      ctx,
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    );
  if (pending.clientId !== clientId)
    return invalidGrant(ctx, 70000, 'The authorization code was issued to another application.');
  if (form.get('redirect_uri') !== pending.redirectUri)
    return invalidGrant(
      ctx,
      500112,
      'The reply address does not match the reply address used in the authorization request.',
    );
  const verifier = form.get('code_verifier');
  if (!verifier)
    return invalidGrant(
      ctx,
      50148,
      'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
    );
  if (s256(verifier) !== pending.codeChallenge)
    return invalidGrant(
      ctx,
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    );
  pending.redeemed = true;
  return issueUserTokens(issuer, ctx, pending);
}

function redeemRefresh(issuer: DelegatedIssuer, ctx: AadstsContext, form: URLSearchParams, clientId: string) {
  const token = form.get('refresh_token');
  if (!token)
    return aadstsError(
      ctx,
      400,
      'invalid_request',
      900144,
      "The request body must contain the parameter: 'refresh_token'.",
    );
  const grant = issuer.people.refreshTokens.get(token);
  if (!grant || grant.revoked)
    return invalidGrant(ctx, 70000, 'The provided authorization code or refresh token is invalid.');
  if (grant.clientId !== clientId)
    return invalidGrant(ctx, 70000, 'The refresh token was issued to another application.');
  const asked = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  const { error } = graphScopes(asked);
  if (error)
    return aadstsError(ctx, 400, 'invalid_scope', 70011, `The provided value for scope ${error} is not valid.`);
  const scopes = asked.some((s) => !OIDC_SCOPES.includes(s.toLowerCase())) ? asked : grant.scopes;
  return issueUserTokens(issuer, ctx, { clientId, account: grant.account, scopes });
}

/** One poll of the device code grant (RFC 8628 §3.5, Entra's error names). */
function pollDeviceCode(issuer: DelegatedIssuer, ctx: AadstsContext, form: URLSearchParams, clientId: string) {
  const deviceCode = form.get('device_code') ?? form.get('code');
  if (!deviceCode)
    return aadstsError(
      ctx,
      400,
      'invalid_request',
      900144,
      "The request body must contain the parameter: 'device_code'.",
    );
  const state = issuer.people.deviceCodes.get(deviceCode);
  if (!state || state.clientId !== clientId)
    return aadstsError(ctx, 400, 'bad_verification_code', 70000, 'The device code was not recognised.');
  if (state.state === 'redeemed') return invalidGrant(ctx, 70000, 'The device code was already redeemed.');
  if (state.expiresAt <= ctx.now) return aadstsError(ctx, 400, 'expired_token', 70019, 'Verification code expired.');
  if (state.state === 'declined')
    return aadstsError(ctx, 400, 'authorization_declined', 70000, 'The end user denied the authorization request.');
  const last = state.lastPollAt;
  state.lastPollAt = ctx.now;
  // A client polling well inside the interval is asked to slow down; timer jitter of a quarter second is tolerated.
  if (last !== null && ctx.now - last < state.interval * 1000 - 250) {
    state.interval += 5;
    return aadstsError(
      ctx,
      400,
      'slow_down',
      70016,
      'The client is polling too quickly; wait for the interval before polling again.',
    );
  }
  if (state.state === 'pending' || !state.account)
    return aadstsError(
      ctx,
      400,
      'authorization_pending',
      70016,
      'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
    );
  state.state = 'redeemed';
  return issueUserTokens(issuer, ctx, { clientId, account: state.account, scopes: state.scopes });
}

/** Handles the delegated grants; null when the grant type is not one of them. */
export function issueDelegatedToken(
  issuer: DelegatedIssuer,
  req: SandboxRequest,
  ctx: AadstsContext,
): SandboxResponse | null {
  const form = new URLSearchParams(req.rawBody);
  const grant = form.get('grant_type');
  if (grant !== 'authorization_code' && grant !== 'refresh_token' && !DEVICE_CODE_GRANTS.includes(grant ?? ''))
    return null;
  const identity = issuer.identity();
  const clientId = form.get('client_id');
  if (!clientId)
    return aadstsError(
      ctx,
      400,
      'invalid_request',
      900144,
      "The request body must contain the parameter: 'client_id'.",
    );
  if (clientId.toLowerCase() !== identity.clientId.toLowerCase())
    return unknownClient(ctx, clientId, identity.tenantDomain);
  if (grant === 'authorization_code') return redeemCode(issuer, ctx, form, identity.clientId);
  if (grant === 'refresh_token') return redeemRefresh(issuer, ctx, form, identity.clientId);
  return pollDeviceCode(issuer, ctx, form, identity.clientId);
}
