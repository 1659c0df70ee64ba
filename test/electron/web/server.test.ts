import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApplication, type RunningApplication } from '../../../electron/core/application/start';
import { MAX_FRAME_BYTES, startWebTransport, type WebTransport } from '../../../electron/web/server';
import { MAX_CONSOLE_FILE_BYTES } from '../../../shared/domain/csv/limits';

function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function call(socket: WebSocket, frame: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8'))));
    socket.send(JSON.stringify(frame));
  });
}

describe('web transport', () => {
  let app: RunningApplication;
  let transport: WebTransport;
  let origin: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-'));
    writeFileSync(join(dir, 'web.html'), '<!doctype html><title>t</title>');
    app = await startApplication({ version: 'test' });
    transport = await startWebTransport({ app, staticDir: dir, page: 'web.html' });
    origin = `http://127.0.0.1:${transport.port}`;
  });

  afterAll(async () => {
    await transport.close();
    await app.close();
  });

  it('binds to 127.0.0.1 and puts a random token in the URL fragment', () => {
    expect(transport.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${transport.port}/web\\.html#token=[\\w-]{32}$`));
  });

  it('refuses sockets with a wrong token or a foreign Origin', async () => {
    const ws = `ws://127.0.0.1:${transport.port}/ipc?token=${transport.token}`;
    await expect(connect(`ws://127.0.0.1:${transport.port}/ipc?token=nope`, origin)).rejects.toThrow(/403/);
    await expect(connect(ws, 'https://evil.example')).rejects.toThrow(/403/);
  });

  it('refuses HTTP requests for another Host (DNS rebinding)', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port: transport.port, path: '/web.html', headers: { host: 'evil.example' } },
        (res) => resolve(res.statusCode),
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(421);
    const plain = await fetch(`${origin}/web.html`);
    expect(plain.status).toBe(200);
    const traversal = await fetch(`${origin}/..%2f..%2fetc%2fpasswd`);
    expect([403, 404]).toContain(traversal.status);
  });

  it('serves the contract: validates frames and answers in the result envelope, with pushed events', async () => {
    const socket = await connect(`ws://127.0.0.1:${transport.port}/ipc?token=${transport.token}`, origin);
    await expect(call(socket, { type: 'invoke', id: 1, channel: 'nope:never', request: {} })).resolves.toMatchObject({
      type: 'result',
      id: 1,
      result: { ok: false, error: { code: 'unknown-channel' } },
    });
    await expect(call(socket, { hello: 1 })).resolves.toMatchObject({ type: 'error' });
    const frames: { type: string; event?: string }[] = [];
    socket.on('message', (data: Buffer) =>
      frames.push(JSON.parse(data.toString('utf8')) as { type: string; event?: string }),
    );
    socket.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'capture:this-device', request: {} }));
    await expect
      .poll(() =>
        frames
          .filter((f) => f.type === 'result' || f.event === 'devices:changed')
          .map((f) => f.type)
          .sort(),
      )
      .toEqual(['event', 'result']);
    socket.close();
  });

  it('answers malformed paths with 400 and carries on (bad %-encoding must not end the process)', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/%zz/x', '/a%00b', '/%C0%AF']) {
      const response = await fetch(`${origin}${path}`);
      expect([400, 404], path).toContain(response.status);
    }
    expect((await fetch(`${origin}/web.html`)).status).toBe(200);
  });

  it('sends frame-ancestors as a header (a meta element cannot carry it) on every response', async () => {
    for (const path of ['/web.html', '/missing.png', '/%E0%A4%A']) {
      const response = await fetch(`${origin}${path}`);
      expect(response.headers.get('content-security-policy'), path).toBe("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('refuses a file over the console limit with its name, size and the limit', async () => {
    const socket = await connect(`ws://127.0.0.1:${transport.port}/ipc?token=${transport.token}`, origin);
    // Just over the limit, and still within the largest message the socket takes.
    const bytesBase64 = Buffer.alloc(MAX_CONSOLE_FILE_BYTES + 10 * 1024, 0x41).toString('base64');
    await expect(
      call(socket, { type: 'invoke', id: 1, channel: 'import:read', request: { fileName: 'big.csv', bytesBase64 } }),
    ).resolves.toMatchObject({
      result: {
        ok: false,
        error: {
          code: 'file-too-large',
          message: 'big.csv is 25,176,064 bytes: files over 24.0 MB are not read (split it into smaller files).',
        },
      },
    });
    socket.close();
  });

  it('ends only the socket of a message over the limit (1009), and serves the next one', async () => {
    const socket = await connect(`ws://127.0.0.1:${transport.port}/ipc?token=${transport.token}`, origin);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.on('error', () => undefined);
    socket.send(Buffer.alloc(MAX_FRAME_BYTES + 1, 0x20));
    expect(await closed).toBe(1009);
    const next = await connect(`ws://127.0.0.1:${transport.port}/ipc?token=${transport.token}`, origin);
    await expect(call(next, { type: 'invoke', id: 1, channel: 'nope:never', request: {} })).resolves.toMatchObject({
      type: 'result',
    });
    next.close();
  });

  it('fails to start on a port in use instead of hanging', async () => {
    await expect(startWebTransport({ app, staticDir: '/nonexistent', port: transport.port })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});
