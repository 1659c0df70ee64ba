import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../../electron/core/sandbox/index';
import { decodeJwt } from '../../../../electron/core/sandbox/jwt';
import { closeTestSandboxes, sandboxFetch, sandboxGraph, startTestSandbox } from '../../../helpers/sandbox';
import { approveDeviceCode, formOf } from '../../../helpers/signin';

const SCOPES = 'https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All offline_access openid profile';
const REDIRECT = 'http://localhost:51234';

type TokenAnswer = {
  error?: string;
  error_description?: string;
  error_codes?: number[];
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
  scope?: string;
  interval?: number;
};

describe('sandbox delegated sign-in protocol', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 5, deviceCodeIntervalSeconds: 1, deviceCodeLifetimeSeconds: 30 });
  });
  afterAll(closeTestSandboxes);

  const token = async (form: Record<string, string>): Promise<{ status: number; body: TokenAnswer }> => {
    const response = await sandboxFetch(sandbox)(`${sandbox.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: sandbox.clientId, ...form }),
    });
    return { status: response.status, body: (await response.json()) as TokenAnswer };
  };

  /** Signs `upn` in on the authorize page (query response mode) and returns the code. */
  async function authorize(upn: string, challenge: string): Promise<string> {
    const query = new URLSearchParams({
      client_id: sandbox.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: SCOPES,
      state: 'st-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const url = `${sandbox.authority}/oauth2/v2.0/authorize?${query.toString()}`;
    const page = await sandboxFetch(sandbox)(url);
    const html = await page.text();
    expect(html).toContain(upn);
    const answer = await sandboxFetch(sandbox)(url.split('?')[0] ?? '', {
      method: 'POST',
      body: new URLSearchParams({ ...formOf(html).fields, account: upn }),
      redirect: 'manual',
    });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(location.origin).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-1');
    return location.searchParams.get('code') ?? '';
  }

  it('authorization code: PKCE S256 is verified, a code is redeemed once, refresh tokens rotate', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const admin = sandbox.accounts[0]?.upn ?? '';
    const code = await authorize(admin, challenge);
    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: 'x'.repeat(43),
      scope: SCOPES,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect(wrong.body.error_codes).toEqual([501481]);

    const code2 = await authorize(admin, challenge);
    const good = await token({
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      scope: SCOPES,
    });
    expect(good.status).toBe(200);
    const claims = decodeJwt(good.body.access_token ?? '')?.claims ?? {};
    expect(claims).toMatchObject({
      scp: 'DeviceManagementServiceConfig.ReadWrite.All',
      upn: admin,
      name: 'Alex Admin',
      idtyp: 'user',
    });
    expect(decodeJwt(good.body.id_token ?? '')?.claims.preferred_username).toBe(admin);
    expect(JSON.parse(Buffer.from(good.body.client_info ?? '', 'base64url').toString())).toMatchObject({
      utid: sandbox.tenantId,
    });

    const again = await token({
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      scope: SCOPES,
    });
    expect(again.body.error_codes).toEqual([54005]);

    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: good.body.refresh_token ?? '',
      scope: SCOPES,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(good.body.refresh_token);
    expect(decodeJwt(refreshed.body.access_token ?? '')?.claims.upn).toBe(admin);
    const bogus = await token({ grant_type: 'refresh_token', refresh_token: 'nope', scope: SCOPES });
    expect(bogus.body.error).toBe('invalid_grant');
  });

  it('refuses a non-loopback redirect and a request without PKCE', async () => {
    const base = { client_id: sandbox.clientId, response_type: 'code', scope: SCOPES, code_challenge_method: 'S256' };
    const page = (q: Record<string, string>) =>
      sandboxFetch(sandbox)(`${sandbox.authority}/oauth2/v2.0/authorize?${new URLSearchParams(q).toString()}`);
    const elsewhere = await page({ ...base, redirect_uri: 'https://attacker.example/', code_challenge: 'abc' });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('AADSTS50011');
    const noPkce = await page({ ...base, redirect_uri: REDIRECT });
    expect(await noPkce.text()).toContain('Proof Key for Code Exchange is required');
  });

  it('device code: authorization_pending, slow_down, authorization_declined, expired_token, one redemption', async () => {
    const start = async () => {
      const response = await sandboxFetch(sandbox)(`${sandbox.authority}/oauth2/v2.0/devicecode`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: sandbox.clientId, scope: SCOPES }),
      });
      return (await response.json()) as {
        device_code: string;
        user_code: string;
        interval: number;
        verification_uri: string;
        expires_in: number;
      };
    };
    const grant = 'urn:ietf:params:oauth:grant-type:device_code';
    const first = await start();
    expect(first).toMatchObject({
      interval: 1,
      expires_in: 30,
      verification_uri: `${sandbox.authorityHost}/devicelogin`,
    });
    expect(first.user_code).toMatch(/^[A-Z2-9]{9}$/);
    expect((await token({ grant_type: grant, device_code: first.device_code })).body.error).toBe(
      'authorization_pending',
    );
    expect((await token({ grant_type: grant, device_code: first.device_code })).body.error).toBe('slow_down');
    expect(await approveDeviceCode(sandbox, first.user_code, sandbox.accounts[1]?.upn ?? '')).toBe(200);
    await new Promise((r) => setTimeout(r, 6_100)); // slow_down added five seconds to the interval
    const done = await token({ grant_type: grant, device_code: first.device_code });
    expect(decodeJwt(done.body.access_token ?? '')?.claims.upn).toBe(sandbox.accounts[1]?.upn);
    expect((await token({ grant_type: grant, device_code: first.device_code })).body.error).toBe('invalid_grant');

    const declined = await start();
    expect(await approveDeviceCode(sandbox, declined.user_code, 'decline')).toBe(200);
    expect((await token({ grant_type: 'device_code', device_code: declined.device_code })).body.error).toBe(
      'authorization_declined',
    );
  }, 20_000);

  it('device code: expired_token once the code has lived its lifetime, and the page refuses the code', async () => {
    const short = await startTestSandbox({ seed: 6, deviceCodeIntervalSeconds: 1, deviceCodeLifetimeSeconds: 1 });
    const fetch = sandboxFetch(short);
    const response = await fetch(`${short.authority}/oauth2/v2.0/devicecode`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: short.clientId, scope: SCOPES }),
    });
    const started = (await response.json()) as { device_code: string; user_code: string };
    await new Promise((r) => setTimeout(r, 1_100));
    const poll = await fetch(`${short.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: short.clientId,
        grant_type: 'device_code',
        device_code: started.device_code,
      }),
    });
    expect(((await poll.json()) as TokenAnswer).error).toBe('expired_token');
    expect(await approveDeviceCode(short, started.user_code, short.accounts[0]?.upn ?? '')).toBe(400);
  });

  it('Graph: a person with the scope but no Intune role gets a plain 403; with the role, 200', async () => {
    const grant = 'device_code';
    const signIn = async (upn: string): Promise<string> => {
      const response = await sandboxFetch(sandbox)(`${sandbox.authority}/oauth2/v2.0/devicecode`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: sandbox.clientId,
          scope: `${SCOPES} https://graph.microsoft.com/Device.Read.All`,
        }),
      });
      const started = (await response.json()) as { device_code: string; user_code: string };
      await approveDeviceCode(sandbox, started.user_code, upn);
      return (await token({ grant_type: grant, device_code: started.device_code })).body.access_token ?? '';
    };
    const path = '/beta/deviceManagement/windowsAutopilotDeploymentProfiles';
    const technician = sandboxGraph(sandbox, await signIn(sandbox.accounts[1]?.upn ?? ''));
    const refused = await technician('GET', path);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.json)).not.toMatch(/Intune Administrator|Policy and Profile Manager/);
    expect((await technician('GET', '/v1.0/devices?$top=1')).status).toBe(200);
    const admin = sandboxGraph(sandbox, await signIn(sandbox.accounts[0]?.upn ?? ''));
    expect((await admin('GET', path)).status).toBe(200);
  });
});
