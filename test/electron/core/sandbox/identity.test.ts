import { createPrivateKey, constants, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../../electron/core/sandbox/index';
import { decodeJwt } from '../../../../electron/core/sandbox/jwt';
import {
  closeTestSandboxes,
  createManualClock,
  sandboxFetch,
  startTestSandbox,
  type SandboxFetch,
} from '../../../helpers/sandbox';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('sandbox identity endpoint', () => {
  const clock = createManualClock();
  let sandbox: RunningSandbox;
  let fetch: SandboxFetch;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ clock, seed: 5, grantedRoles: ['DeviceManagementServiceConfig.Read.All'] });
    fetch = sandboxFetch(sandbox);
  });
  afterAll(closeTestSandboxes);

  const token = async (
    form: Record<string, string>,
    tenant = sandbox.tenantId,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${sandbox.authorityHost}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams(form),
      headers,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const base = () => ({ grant_type: 'client_credentials', client_id: sandbox.clientId, scope: sandbox.scope });

  /** A client assertion as MSAL builds it, with overridable header and claims. */
  const assertion = (
    header: Record<string, unknown> = {},
    claims: Record<string, unknown> = {},
    alg: 'RS256' | 'PS256' = 'PS256',
  ) => {
    const now = Math.floor(clock.now() / 1000);
    const h =
      alg === 'PS256'
        ? {
            alg,
            typ: 'JWT',
            'x5t#S256': Buffer.from(sandbox.clientCertificateThumbprintSha256, 'hex').toString('base64url'),
            ...header,
          }
        : {
            alg,
            typ: 'JWT',
            x5t: Buffer.from(sandbox.clientCertificateThumbprint, 'hex').toString('base64url'),
            ...header,
          };
    const c = {
      aud: `${sandbox.authority}/oauth2/v2.0/token`,
      iss: sandbox.clientId,
      sub: sandbox.clientId,
      exp: now + 600,
      nbf: now,
      jti: 'x',
      ...claims,
    };
    const input = `${b64(h)}.${b64(c)}`;
    const key = createPrivateKey(sandbox.clientCertificatePem);
    const signature =
      alg === 'PS256'
        ? sign('sha256', Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
        : sign('sha256', Buffer.from(input), key);
    return `${input}.${signature.toString('base64url')}`;
  };

  it('serves OpenID metadata whose issuer and endpoints are on the sandbox host', async () => {
    const response = await fetch(`${sandbox.authority}/v2.0/.well-known/openid-configuration`);
    const body = (await response.json()) as Record<string, string>;
    expect(response.status).toBe(200);
    expect(body.issuer).toBe(`${sandbox.authority}/v2.0`);
    expect(body.token_endpoint).toBe(`${sandbox.authority}/oauth2/v2.0/token`);
    const keys = (await (await fetch(body.jwks_uri as string)).json()) as { keys: { kty: string }[] };
    expect(keys.keys[0]?.kty).toBe('RSA');
    const discovery = await fetch(
      `${sandbox.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=x`,
    );
    expect(
      ((await discovery.json()) as { metadata: { preferred_network: string }[] }).metadata[0]?.preferred_network,
    ).toBe(new URL(sandbox.authorityHost).host);
  });

  it('issues a Graph token with roles, tid, appid and an exp from the sandbox clock; accepts the tenant domain', async () => {
    const { status, body } = await token({ ...base(), client_secret: sandbox.clientSecret }, sandbox.tenantDomain);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const claims = decodeJwt(body.access_token as string)?.claims;
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: sandbox.tenantId,
      appid: sandbox.clientId,
      roles: ['DeviceManagementServiceConfig.Read.All'],
      idtyp: 'app',
    });
    expect(claims?.exp).toBe(Math.floor(clock.now() / 1000) + 3599);
  });

  it('serves the v1 token endpoint with a resource instead of a scope', async () => {
    const response = await fetch(`${sandbox.authority}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sandbox.clientId,
        client_secret: sandbox.clientSecret,
        resource: 'https://graph.microsoft.com',
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string };
    expect(decodeJwt(body.access_token)?.claims.aud).toBe('https://graph.microsoft.com');
  });

  it('accepts the secret in HTTP Basic authentication', async () => {
    const basic = Buffer.from(`${sandbox.clientId}:${encodeURIComponent(sandbox.clientSecret)}`).toString('base64');
    const { status } = await token({ grant_type: 'client_credentials', scope: sandbox.scope }, sandbox.tenantId, {
      authorization: `Basic ${basic}`,
    });
    expect(status).toBe(200);
  });

  it.each([
    ['wrong secret', () => ({ ...base(), client_secret: 'nope' }), undefined, 401, 'invalid_client', 7000215],
    [
      'unknown client',
      () => ({ ...base(), client_id: '11111111-2222-3333-4444-555555555555', client_secret: 'x' }),
      undefined,
      400,
      'unauthorized_client',
      700016,
    ],
    [
      'unknown tenant',
      () => ({ ...base(), client_secret: 'x' }),
      'contoso-does-not-exist.onmicrosoft.com',
      400,
      'invalid_tenant',
      90002,
    ],
    ['missing grant_type', () => ({ client_id: sandbox.clientId }), undefined, 400, 'invalid_request', 900144],
    [
      'non-.default scope',
      () => ({ ...base(), scope: 'https://graph.microsoft.com/User.Read', client_secret: sandbox.clientSecret }),
      undefined,
      400,
      'invalid_scope',
      1002012,
    ],
    ['no credential', () => base(), undefined, 401, 'invalid_client', 7000218],
  ])('answers %s with the Entra error shape', async (_name, form, tenant, status, error, code) => {
    const result = await token(form(), tenant, { 'client-request-id': 'corr-123' });
    expect(result.status).toBe(status);
    expect(result.body).toMatchObject({ error, error_codes: [code], correlation_id: 'corr-123' });
    expect(result.body.error_description).toMatch(
      new RegExp(
        `^AADSTS${code}: .*\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: corr-123\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
        's',
      ),
    );
    expect(result.body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(result.body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers the OpenID metadata of an unknown tenant with AADSTS90002', async () => {
    const response = await fetch(`${sandbox.authorityHost}/not-a-tenant/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });

  it.each([
    ['PS256 with x5t#S256', () => assertion(), 200, null],
    ['RS256 with x5t', () => assertion({}, {}, 'RS256'), 200, null],
    ['an unknown thumbprint', () => assertion({ 'x5t#S256': Buffer.alloc(32, 1).toString('base64url') }), 401, 700027],
    ['a tampered signature', () => `${assertion().slice(0, -6)}AAAAAA`, 401, 700027],
    ['an expired assertion', () => assertion({}, { exp: Math.floor(clock.now() / 1000) - 5 }), 401, 700024],
    ['another issuer', () => assertion({}, { iss: 'someone-else', sub: 'someone-else' }), 401, 700021],
    [
      'another audience',
      () => assertion({}, { aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' }),
      401,
      50012,
    ],
    ['not a JWT', () => 'garbage', 401, 50027],
  ])('checks a client assertion: %s', async (_name, make, status, code) => {
    const result = await token({ ...base(), client_assertion_type: JWT_BEARER, client_assertion: make() });
    expect(result.status).toBe(status);
    if (code === null) expect(decodeJwt(result.body.access_token as string)?.claims.appidacr).toBe('2');
    else expect(result.body.error_codes).toEqual([code]);
  });
});
