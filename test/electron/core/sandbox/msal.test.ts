import { request } from 'node:https';
import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../../electron/core/sandbox/index';
import { decodeJwt } from '../../../../electron/core/sandbox/jwt';
import { closeTestSandboxes, startTestSandbox } from '../../../helpers/sandbox';

/** An MSAL network client over node:https that trusts only the sandbox CA. */
function caOnlyNetwork(ca: string | undefined, seen: string[]): INetworkModule {
  const send = <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      seen.push(`${method} ${new URL(url).pathname}`);
      const req = request(url, { method, ...(ca ? { ca } : {}), headers: options?.headers ?? {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T,
          });
        });
      });
      req.on('error', reject);
      if (options?.body) req.write(options.body);
      req.end();
    });
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

describe('MSAL Node against the sandbox', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 11 });
  });
  afterAll(closeTestSandboxes);

  const host = (): string => new URL(sandbox.authorityHost).host;

  it('acquires a client-credentials token with the client secret', async () => {
    const seen: string[] = [];
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: sandbox.clientId,
        authority: sandbox.authority,
        clientSecret: sandbox.clientSecret,
        knownAuthorities: [host()],
      },
      system: { networkClient: caOnlyNetwork(sandbox.caCertPem, seen) },
    });
    const result = await app.acquireTokenByClientCredential({ scopes: [sandbox.scope] });
    expect(result?.accessToken).toBeTruthy();
    const claims = decodeJwt(result?.accessToken ?? '')?.claims;
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: sandbox.tenantId,
      appid: sandbox.clientId,
      appidacr: '1',
    });
    expect(claims?.roles).toContain('DeviceManagementServiceConfig.ReadWrite.All');
    expect(seen).toContain(`GET /${sandbox.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(seen).toContain(`POST /${sandbox.tenantId}/oauth2/v2.0/token`);
  });

  it('acquires a token with the registered certificate (client assertion, SHA-256 and SHA-1 thumbprints)', async () => {
    for (const thumbprint of [
      { thumbprintSha256: sandbox.clientCertificateThumbprintSha256 },
      { thumbprint: sandbox.clientCertificateThumbprint },
    ]) {
      const app = new ConfidentialClientApplication({
        auth: {
          clientId: sandbox.clientId,
          authority: sandbox.authority,
          knownAuthorities: [host()],
          clientCertificate: {
            ...thumbprint,
            privateKey: sandbox.clientCertificatePem,
            x5c: sandbox.clientCertificatePem,
          },
        },
        system: { networkClient: caOnlyNetwork(sandbox.caCertPem, []) },
      });
      const result = await app.acquireTokenByClientCredential({ scopes: [sandbox.scope] });
      expect(decodeJwt(result?.accessToken ?? '')?.claims).toMatchObject({ appidacr: '2', tid: sandbox.tenantId });
    }
  });

  it('reports the AADSTS error of a wrong secret through MSAL', async () => {
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: sandbox.clientId,
        authority: sandbox.authority,
        clientSecret: 'not-the-secret',
        knownAuthorities: [host()],
      },
      system: { networkClient: caOnlyNetwork(sandbox.caCertPem, []) },
    });
    await expect(app.acquireTokenByClientCredential({ scopes: [sandbox.scope] })).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringContaining('AADSTS7000215') as unknown,
    });
  });

  it('is rejected by a client that trusts only the public roots', async () => {
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: sandbox.clientId,
        authority: sandbox.authority,
        clientSecret: sandbox.clientSecret,
        knownAuthorities: [host()],
      },
      system: { networkClient: caOnlyNetwork(undefined, []) },
    });
    await expect(app.acquireTokenByClientCredential({ scopes: [sandbox.scope] })).rejects.toThrow();
  });
});
