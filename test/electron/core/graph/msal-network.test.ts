import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMsalNetworkModule } from '../../../../electron/core/graph/msal-network';
import { createDispatcher, createFetch } from '../../../../electron/core/graph/transport';

describe('the sign-in network module', () => {
  let server: Server;
  let origin: string;
  const received: { path: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        if (req.url?.startsWith('/token/')) {
          const status = Number(req.url.slice('/token/'.length));
          res.writeHead(status, { location: `${origin}/elsewhere` }).end();
        } else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([301, 302, 303, 307, 308])('does not follow a %i from the token endpoint with the secret', async (status) => {
    received.length = 0;
    const network = createMsalNetworkModule(createFetch(createDispatcher({ env: {} })));
    const response = await network.sendPostRequestAsync<{ error?: string; error_description?: string }>(
      `${origin}/token/${status}`,
      { body: 'grant_type=client_credentials&client_secret=Xy9~secret', headers: {} },
    );
    expect(received.map((r) => r.path)).toEqual([`/token/${status}`]);
    expect(response.status).toBe(status);
    expect(response.body.error).toBe('invalid_response');
    expect(response.body.error_description).toMatch(/redirect .* not followed/);
    expect(JSON.stringify(response)).not.toContain('Xy9~secret');
  });
});
