import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxApplication, type SandboxApplication } from '../helpers/sandbox-application';
import { startWebTransport, type WebTransport } from '../../electron/web/server';

/** Runs per property: the whole fuzz suite stays well under 30 s on two cores. */
const RUNS = 150;

let app: SandboxApplication;
let transport: WebTransport;
let hostHeader: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-fuzz-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  app = await startSandboxApplication({ sandboxOnly: true });
  transport = await startWebTransport({ app, staticDir: dir, page: 'index.html' });
  hostHeader = `127.0.0.1:${transport.port}`;
});

afterAll(async () => {
  await transport.close();
  await app.close();
});

/** Sends one raw request; resolves with the status, or null when the client itself refused to send it. */
function send(method: string, path: string, headers: Record<string, string>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    let req;
    try {
      req = request({ host: '127.0.0.1', port: transport.port, method, path, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
    } catch {
      resolve(null); // Node's client refuses some paths and header values before sending.
      return;
    }
    req.on('error', reject);
    req.end();
  });
}

const pathPart = fc.oneof(
  fc.constantFrom(
    '%',
    '%E0%A4%A',
    '%zz',
    '%00',
    '%2f',
    '%5c',
    '..',
    '.',
    '/',
    '//',
    '?',
    '#',
    '~',
    'index.html',
    'ipc',
    ' ',
  ),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const path = fc.array(pathPart, { maxLength: 8 }).map((parts) => `/${parts.join('')}`);
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const headerValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('websocket', 'Upgrade', 'http://127.0.0.1'));

describe('fuzz: the web transport', () => {
  it('answers any path, method and headers with a status and stays up', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'DELETE'),
        path,
        fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
        fc.boolean(),
        async (method, target, headers, rightHost) => {
          const status = await send(method, target, { ...headers, host: rightHost ? hostHeader : 'evil.example' });
          if (status !== null) expect(status).toBeGreaterThanOrEqual(200);
        },
      ),
      { numRuns: RUNS },
    );
    expect(await send('GET', '/index.html', { host: hostHeader })).toBe(200);
  });

  it('answers any WebSocket frame with an error or a result, on the same socket', async () => {
    const socket = new WebSocket(`ws://${hostHeader}/ipc?token=${transport.token}`, { origin: `http://${hostHeader}` });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const frame = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.json({ maxDepth: 3 }),
      fc
        .record({
          id: fc.oneof(fc.nat(), fc.anything()),
          channel: fc.string({ maxLength: 20 }),
          request: fc.anything(),
        })
        .map((f) => JSON.stringify({ type: 'invoke', ...f })),
    );
    try {
      await fc.assert(
        fc.asyncProperty(frame, async (text) => {
          const answer = new Promise<{ type: string }>((resolve) => {
            const listener = (data: Buffer): void => {
              const parsed = JSON.parse(data.toString('utf8')) as { type: string };
              if (parsed.type === 'event') return;
              socket.off('message', listener);
              resolve(parsed);
            };
            socket.on('message', listener);
          });
          socket.send(text);
          expect(['error', 'result']).toContain((await answer).type);
        }),
        { numRuns: RUNS },
      );
    } finally {
      socket.close();
    }
  });
});
