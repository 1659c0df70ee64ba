import { describe, expect, it } from 'vitest';
import { resolveCloud } from '../../../../electron/core/graph/clouds';
import { createDelegatedTokenProvider, delegatedScopes } from '../../../../electron/core/graph/delegated-auth';
import type { FetchLike } from '../../../../electron/core/graph/transport';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '66666666-7777-8888-9999-000000000000';

/** A transport that records the URLs asked for and answers like an unreachable sign-in host. */
function recording(): { urls: string[]; fetch: FetchLike } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (url) => {
      urls.push(url);
      return Promise.resolve({
        status: 400,
        headers: new Headers(),
        text: () => Promise.resolve(JSON.stringify({ error: 'invalid_request', error_description: 'recorded' })),
      });
    },
  };
}

describe('delegated sign-in in national clouds and custom endpoints', () => {
  it.each([
    ['global', 'https://graph.microsoft.com'],
    ['usgov', 'https://graph.microsoft.us'],
    ['usgovdod', 'https://dod-graph.microsoft.us'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn'],
  ])('%s: delegated scopes are named on the cloud Graph resource', (cloud, graph) => {
    expect(delegatedScopes(resolveCloud({ cloud }))).toEqual([
      `${graph}/DeviceManagementServiceConfig.ReadWrite.All`,
      `${graph}/Device.Read.All`,
      `${graph}/GroupMember.Read.All`,
    ]);
  });

  it('custom endpoints use Graph application id; Group.ReadWrite.All only when asked for', () => {
    const endpoints = resolveCloud({
      authorityHost: 'https://login.example.test',
      graphEndpoint: 'https://graph.example.test',
    });
    expect(delegatedScopes(endpoints, ['Group.ReadWrite.All'])).toEqual([
      '00000003-0000-0000-c000-000000000000/DeviceManagementServiceConfig.ReadWrite.All',
      '00000003-0000-0000-c000-000000000000/Device.Read.All',
      '00000003-0000-0000-c000-000000000000/GroupMember.Read.All',
      '00000003-0000-0000-c000-000000000000/Group.ReadWrite.All',
    ]);
  });

  it.each([
    ['usgov', {}, 'https://login.microsoftonline.us'],
    ['china', {}, 'https://login.chinacloudapi.cn'],
    [
      'custom',
      { authorityHost: 'https://login.example.test', graphEndpoint: 'https://graph.example.test' },
      'https://login.example.test',
    ],
  ])('%s: both flows ask only the cloud sign-in host', async (cloud, extra, host) => {
    for (const kind of ['device-code', 'interactive'] as const) {
      const { urls, fetch } = recording();
      // The browser "fails to open" after the authorize URL is noted: the loopback then stops waiting.
      const prompt =
        kind === 'device-code'
          ? { kind, show: () => undefined }
          : { kind, openBrowser: (url: string) => (urls.push(url), Promise.reject(new Error('no browser here'))) };
      const provider = createDelegatedTokenProvider({
        tenantId: TENANT,
        clientId: CLIENT,
        endpoints: resolveCloud({ cloud, ...extra }),
        fetch,
        prompt,
      });
      await expect(provider.getToken()).rejects.toThrow(/Sign-in as a person failed/);
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect(url.startsWith(`${host}/${TENANT}/`), url).toBe(true);
    }
  });
});
