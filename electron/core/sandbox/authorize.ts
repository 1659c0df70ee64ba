/**
 * The sign-in pages of the sandbox: /{tenant}/oauth2/v2.0/authorize (authorization code with PKCE, answered to a
 * loopback redirect by query or form_post), /{tenant}/oauth2/v2.0/devicecode and the /devicelogin page where a
 * person enters the user code. Practice accounts are picked with a button; there are no passwords.
 */
import { aadstsError, type AadstsContext } from './aadsts';
import { graphScopes, unknownClient, type DelegatedIssuer } from './delegated-token';
import type { SandboxRequest, SandboxResponse } from './http-types';
import { escapeHtml, PeopleDirectory } from './people';

const AUTHORIZE_KEYS = [
  'client_id',
  'response_type',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'response_mode',
  'nonce',
  'prompt',
  'login_hint',
  'client_info',
];

function page(title: string, body: string, status = 200): SandboxResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY' },
    text: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem}button{display:block;width:100%;margin:.5rem 0;padding:.6rem;font-size:1rem}.note{color:#555;font-size:.9rem}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  };
}

/** Whether a redirect URI is a loopback address over http (any port, as Entra allows for native apps). */
export function isLoopbackRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function accountButtons(issuer: DelegatedIssuer): string {
  return issuer.people.accounts
    .map(
      (a) =>
        `<button type="submit" name="account" value="${escapeHtml(a.upn)}">${escapeHtml(a.name)} &lt;${escapeHtml(a.upn)}&gt; · ${escapeHtml(a.intuneRole ?? 'no Intune role')}</button>`,
    )
    .join('');
}

/** Checks an authorization request; an error page when it cannot be answered to its redirect URI. */
function checkAuthorize(issuer: DelegatedIssuer, params: URLSearchParams): string | null {
  const identity = issuer.identity();
  const clientId = params.get('client_id') ?? '';
  if (clientId.toLowerCase() !== identity.clientId.toLowerCase())
    return `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${identity.tenantDomain}'.`;
  const redirect = params.get('redirect_uri') ?? '';
  if (!isLoopbackRedirect(redirect))
    return `AADSTS50011: The redirect URI '${redirect}' specified in the request does not match the redirect URIs configured for the application (http://localhost).`;
  if (params.get('response_type') !== 'code') return 'AADSTS900144: response_type must be "code".';
  if (!params.get('code_challenge')) return 'AADSTS9002325: Proof Key for Code Exchange is required.';
  if (params.get('code_challenge_method') !== 'S256')
    return 'AADSTS5000811: code_challenge_method must be S256 (the sandbox does not accept "plain").';
  const { error } = graphScopes((params.get('scope') ?? '').split(/\s+/).filter(Boolean));
  if (error) return `AADSTS65001: The application has not been consented for the scope '${error}'.`;
  return null;
}

/** Answers the redirect URI: a self-submitting form for form_post, a 302 with a query otherwise. */
function answer(params: URLSearchParams, fields: Record<string, string>): SandboxResponse {
  const redirect = params.get('redirect_uri') ?? '';
  const state = params.get('state');
  const all = { ...fields, ...(state ? { state } : {}) };
  if (params.get('response_mode') === 'form_post') {
    const inputs = Object.entries(all)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('');
    return page(
      'Signing in',
      `<form id="answer" method="post" action="${escapeHtml(redirect)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form><script>document.getElementById('answer').submit()</script>`,
    );
  }
  const url = new URL(redirect);
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  return { status: 302, headers: { Location: url.toString(), 'Cache-Control': 'no-store' } };
}

/** GET shows the sign-in page; POST (the page's form) signs the chosen account in and answers the client. */
export function handleAuthorize(issuer: DelegatedIssuer, req: SandboxRequest, ctx: AadstsContext): SandboxResponse {
  const params = req.method === 'POST' ? new URLSearchParams(req.rawBody) : req.query;
  const problem = checkAuthorize(issuer, params);
  if (problem) return page('Sign-in error', `<p>${escapeHtml(problem)}</p>`, 400);
  if (req.method === 'GET') {
    const hidden = AUTHORIZE_KEYS.filter((k) => params.has(k))
      .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(params.get(k) ?? '')}">`)
      .join('');
    return page(
      'Sign in to the sandbox tenant',
      `<p>${escapeHtml(issuer.identity().appDisplayName)} asks to act as you in ${escapeHtml(issuer.identity().tenantDomain)}.</p><form method="post">${hidden}${accountButtons(issuer)}<button type="submit" name="cancel" value="1">Cancel</button></form><p class="note">Practice accounts: no password is asked.</p>`,
    );
  }
  if (req.method !== 'POST') return page('Sign-in error', '<p>Method not allowed.</p>', 405);
  const form = new URLSearchParams(req.rawBody);
  if (form.get('cancel'))
    return answer(params, { error: 'access_denied', error_description: 'AADSTS65004: User declined to consent.' });
  const account = issuer.people.find(form.get('account'));
  if (!account)
    return page('Sign-in error', '<p>AADSTS50034: The user account does not exist in this tenant.</p>', 400);
  const code = PeopleDirectory.secret('1.SBX.');
  issuer.people.codes.set(code, {
    clientId: issuer.identity().clientId,
    account,
    scopes: (params.get('scope') ?? '').split(/\s+/).filter(Boolean),
    redirectUri: params.get('redirect_uri') ?? '',
    codeChallenge: params.get('code_challenge') ?? '',
    expiresAt: ctx.now + 10 * 60 * 1000,
    redeemed: false,
  });
  const clientInfo = Buffer.from(JSON.stringify({ uid: account.oid, utid: issuer.identity().tenantId })).toString(
    'base64url',
  );
  return answer(params, { code, client_info: clientInfo });
}

/** POST /{tenant}/oauth2/v2.0/devicecode: a device code, a user code and where to enter it. */
export function handleDeviceCode(issuer: DelegatedIssuer, req: SandboxRequest, ctx: AadstsContext): SandboxResponse {
  if (req.method !== 'POST')
    return aadstsError(ctx, 405, 'invalid_request', 900144, 'The device code endpoint accepts only POST.');
  const form = new URLSearchParams(req.rawBody);
  const identity = issuer.identity();
  const clientId = form.get('client_id') ?? '';
  if (clientId.toLowerCase() !== identity.clientId.toLowerCase())
    return unknownClient(ctx, clientId, identity.tenantDomain);
  const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  const { error } = graphScopes(scopes);
  if (error)
    return aadstsError(ctx, 400, 'invalid_scope', 70011, `The provided value for scope ${error} is not valid.`);
  const { deviceCodeIntervalSeconds: interval, deviceCodeLifetimeSeconds: lifetime } = issuer.people.settings;
  const deviceCode = PeopleDirectory.secret('DAQABAAEAAA');
  const userCode = PeopleDirectory.userCode();
  issuer.people.deviceCodes.set(deviceCode, {
    clientId: identity.clientId,
    scopes,
    userCode,
    expiresAt: ctx.now + lifetime * 1000,
    interval,
    lastPollAt: null,
    state: 'pending',
  });
  const verificationUri = `${issuer.authorityHost}/devicelogin`;
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache' },
    body: {
      user_code: userCode,
      device_code: deviceCode,
      verification_uri: verificationUri,
      expires_in: lifetime,
      interval,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
    },
  };
}

/** GET /devicelogin: enter the code and pick an account; POST approves or declines. */
export function handleDeviceLogin(issuer: DelegatedIssuer, req: SandboxRequest, ctx: AadstsContext): SandboxResponse {
  const form = `<form method="post"><label>Code <input name="otc" autocomplete="off" required></label>${accountButtons(issuer)}<button type="submit" name="decline" value="1">Decline</button></form>`;
  if (req.method === 'GET') return page('Enter code', `<p>Enter the code displayed on your device.</p>${form}`);
  if (req.method !== 'POST') return page('Enter code', '<p>Method not allowed.</p>', 405);
  const body = new URLSearchParams(req.rawBody);
  const found = issuer.people.byUserCode(body.get('otc') ?? '');
  if (!found || found[1].expiresAt <= ctx.now || found[1].state !== 'pending')
    return page(
      'Enter code',
      `<p>That code is not valid or has expired. Check the code and try again.</p>${form}`,
      400,
    );
  const state = found[1];
  if (body.get('decline')) {
    state.state = 'declined';
    return page('Declined', '<p>You declined the sign-in. You can close this window.</p>');
  }
  const account = issuer.people.find(body.get('account'));
  if (!account) return page('Enter code', `<p>Pick an account.</p>${form}`, 400);
  state.account = account;
  state.state = 'approved';
  return page('Signed in', `<p>You have signed in as ${escapeHtml(account.upn)}. You can close this window.</p>`);
}
