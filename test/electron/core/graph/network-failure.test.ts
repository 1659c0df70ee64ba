import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenProvider } from '../../../../electron/core/graph/auth';
import { resolveCloud } from '../../../../electron/core/graph/clouds';
import { connectTenant } from '../../../../electron/core/graph/connection';
import { classifyNetworkFailure, NetworkError } from '../../../../electron/core/graph/network-failure';
import { createNodeNetwork } from '../../../../electron/core/graph/transport';
import { startSandbox, type RunningSandbox } from '../../../../electron/core/sandbox/index';
import { sandboxTenantSettings } from '../../../../electron/core/sandbox/tenant-settings';
import { VirtualClock } from '../../../../electron/core/pipeline/virtual-clock';
import { createManualClock } from '../../../helpers/sandbox';
import { closedPort } from '../../../helpers/closed-port';

/** The error undici's fetch throws: TypeError "fetch failed" with the socket's error as its cause. */
function fetchFailed(cause: Record<string, unknown>): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error(String(cause.message ?? cause.code)), cause),
  });
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('network failures in plain words', () => {
  let sandbox: RunningSandbox;
  let deny: ReturnType<typeof createServer>;
  let denyUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 'test', throttle: false, seed: 4 });
    // A proxy that wants credentials: every CONNECT gets 407.
    deny = createServer((_req, res) => res.writeHead(405).end());
    deny.on('connect', (_req, socket) => {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n');
    });
    await new Promise<void>((resolve) => deny.listen(0, '127.0.0.1', resolve));
    denyUrl = `http://127.0.0.1:${(deny.address() as AddressInfo).port}`;
  }, 30_000);

  afterAll(async () => {
    deny.closeAllConnections();
    await new Promise<void>((resolve) => deny.close(() => resolve()));
    await sandbox.close();
  });

  it('names a refused connection with the host (real socket)', async () => {
    const port = await closedPort();
    const network = createNodeNetwork({ env: {} });
    const error = await failureOf(network.fetch(`https://127.0.0.1:${port}/x`, { method: 'GET', headers: {} }));
    await network.close();
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'network', kind: 'unreachable', host: `127.0.0.1:${port}` });
    expect((error as Error).message).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${port} cannot be reached: the connection was refused \\(ECONNREFUSED\\)`),
    );
  });

  it('names an untrusted certificate and suggests --use-system-ca (real TLS handshake)', async () => {
    const network = createNodeNetwork({ env: {} });
    const url = `${sandbox.graphEndpoint}/v1.0/organization`;
    const error = await failureOf(network.fetch(url, { method: 'GET', headers: {} }));
    await network.close();
    expect(error).toMatchObject({ code: 'network', kind: 'tls', host: new URL(url).host });
    expect((error as Error).message).toMatch(/certificate presented for .* is not trusted/);
    expect((error as Error).message).toContain('--use-system-ca');
  });

  it('names a proxy that wants credentials (407) and one that is down', async () => {
    const asking = createNodeNetwork({ env: { HTTPS_PROXY: denyUrl } });
    const refused = await failureOf(asking.fetch(`${sandbox.graphEndpoint}/v1.0/x`, { method: 'GET', headers: {} }));
    await asking.close();
    expect(refused).toMatchObject({ kind: 'proxy' });
    expect((refused as Error).message).toMatch(
      /proxy 127\.0\.0\.1:\d+ refused to connect to .* \(HTTP 407 Proxy Authentication Required\)/,
    );

    const port = await closedPort();
    const down = createNodeNetwork({ env: { HTTPS_PROXY: `http://127.0.0.1:${port}` } });
    const unreachable = await failureOf(down.fetch(`${sandbox.graphEndpoint}/v1.0/x`, { method: 'GET', headers: {} }));
    await down.close();
    expect(unreachable).toMatchObject({ kind: 'proxy' });
    expect((unreachable as Error).message).toMatch(new RegExp(`the proxy 127\\.0\\.0\\.1:${port} cannot be reached`));
  });

  it.each([
    [
      {
        code: 'ENOTFOUND',
        hostname: 'login.microsoftonline.com',
        message: 'getaddrinfo ENOTFOUND login.microsoftonline.com',
      },
      'dns',
      /DNS could not find login\.microsoftonline\.com \(ENOTFOUND\)/,
    ],
    [
      { code: 'EAI_AGAIN', message: 'getaddrinfo EAI_AGAIN login.microsoftonline.com' },
      'dns',
      /DNS did not answer in time for login\.microsoftonline\.com/,
    ],
    [{ code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }, 'tls', /has expired .*date and time/],
    [
      { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" },
      'tls',
      /names another host/,
    ],
    [
      { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT 20.190.1.1:443' },
      'unreachable',
      /cannot be reached: the connection timed out/,
    ],
    [{ code: 'ECONNRESET', message: 'read ECONNRESET' }, 'unreachable', /the connection was reset/],
  ])('classifies %o as %s', (cause, kind, message) => {
    const failure = classifyNetworkFailure(fetchFailed(cause), { url: 'https://login.microsoftonline.com/t/token' });
    expect(failure?.kind).toBe(kind);
    expect(failure?.message).toMatch(message);
    expect(failure?.message).not.toMatch(/secret/i);
  });

  it("classifies Chromium's named errors (the desktop app's network stack)", () => {
    const failure = classifyNetworkFailure(new Error('net::ERR_NAME_NOT_RESOLVED'), {
      url: 'https://graph.microsoft.com/v1.0/x',
    });
    expect(failure).toMatchObject({ kind: 'dns', host: 'graph.microsoft.com' });
    expect(classifyNetworkFailure(new Error('net::ERR_PROXY_CONNECTION_FAILED'), { url: 'https://a.b/' })?.kind).toBe(
      'proxy',
    );
    expect(classifyNetworkFailure(new Error('Unexpected token < in JSON'), { url: 'https://a.b/' })).toBeNull();
  });

  it('sign-in that never reached the service says so, not "check the secret" (MSAL keeps only network_error)', async () => {
    const port = await closedPort();
    const endpoints = resolveCloud({
      authorityHost: `https://127.0.0.1:${port}`,
      graphEndpoint: sandbox.graphEndpoint,
    });
    const tokens = createTokenProvider(
      { tenantId: sandbox.tenantId, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
      endpoints,
      createNodeNetwork({ env: {} }).fetch,
    );
    const error = await failureOf(tokens.getToken());
    expect(error).toMatchObject({ code: 'network', kind: 'unreachable' });
    expect((error as Error).message).toMatch(
      new RegExp(
        `Sign-in could not reach the sign-in service, so the tenant id and credentials were not checked: 127\\.0\\.0\\.1:${port} cannot be reached`,
      ),
    );
    expect((error as Error).message).not.toMatch(/network_error|aka\.ms/);
  });

  it('a refused sign-in (wrong secret) stays an authentication failure', async () => {
    const settings = { ...sandboxTenantSettings(sandbox), clientSecret: 'wrong-secret-value' };
    const connection = connectTenant(settings, { clock: createManualClock() });
    const error = await failureOf(connection.tokens.getToken());
    await connection.close();
    expect(error).toMatchObject({ code: 'auth' });
    expect((error as Error).message).toMatch(/client secret is wrong/);
  });

  it('a Graph request that gets no answer is a network failure with the host, code "network"', async () => {
    const port = await closedPort();
    // Retries of a request that got no answer wait on the clock: virtual time runs them at once.
    const clock = new VirtualClock();
    const connection = connectTenant(
      { ...sandboxTenantSettings(sandbox), graphEndpoint: `https://127.0.0.1:${port}` },
      { clock, wrapFetch: clock.wrapFetch },
    );
    const error = await failureOf(connection.graph.request({ method: 'GET', path: '/v1.0/organization' }));
    await connection.close();
    expect(error).toMatchObject({ code: 'network', status: 0 });
    expect((error as Error).message).toMatch(
      new RegExp(`Cannot reach Microsoft Graph: 127\\.0\\.0\\.1:${port} cannot be reached`),
    );
  });
});
