import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { err } from '../../shared/ipc/result';
import { dispatch, type HandlerTable } from '../core/ipc/dispatch';
import type { RunningApplication } from '../core/application/start';
import { ClientFrame } from './protocol';

/** A connect-style middleware (Vite's dev server in middleware mode is one). */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Options of the web transport. */
export interface WebTransportOptions {
  app: RunningApplication;
  /** Folder of the built web renderer (out/web), or a dev middleware. */
  staticDir?: string;
  middleware?: Middleware;
  /** Page the URL opens; defaults to index.html. */
  page?: string;
  port?: number;
  /** Fixed token for tests; a random one per run otherwise. */
  token?: string;
}

/** A running web transport. */
export interface WebTransport {
  /** Open this in a browser: it carries the per-run token in the fragment (never sent to a server log). */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function sameToken(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(normalize(root) + sep)) {
    res.writeHead(403).end();
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    res.writeHead(404).end('Not found');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  createReadStream(file).pipe(res);
}

/**
 * Serves the console to a browser: the renderer over HTTP and the IPC contract over a WebSocket,
 * bound to 127.0.0.1 and guarded by a per-run token and an Origin/Host check.
 */
export async function startWebTransport(options: WebTransportOptions): Promise<WebTransport> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const handlers: HandlerTable = options.app.handlers;
  let origin = '';
  const server = createServer((req, res) => {
    if (req.headers.host !== new URL(origin).host) {
      res.writeHead(421).end('Misdirected request');
      return;
    }
    if (options.middleware) {
      options.middleware(req, res, () => res.writeHead(404).end('Not found'));
      return;
    }
    if (options.staticDir) {
      void serveStatic(options.staticDir, req, res);
      return;
    }
    res.writeHead(404).end();
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/ipc' || req.headers.origin !== origin || !sameToken(url.searchParams.get('token'), token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  sockets.on('connection', (ws: WebSocket) => {
    const unsubscribe = options.app.events.subscribe((event, payload) => {
      ws.send(JSON.stringify({ type: 'event', event, payload }));
    });
    ws.on('close', unsubscribe);
    ws.on('message', (data: Buffer) => {
      let frame: ReturnType<typeof ClientFrame.safeParse>;
      try {
        frame = ClientFrame.safeParse(JSON.parse(data.toString('utf8')));
      } catch {
        ws.send(JSON.stringify({ type: 'error', message: 'Frames must be JSON.' }));
        return;
      }
      if (!frame.success) {
        ws.send(JSON.stringify({ type: 'error', message: 'Frames must be {type:"invoke", id, channel, request}.' }));
        return;
      }
      const { id, channel, request } = frame.data;
      void dispatch(handlers, channel, request, (name, error) => console.error(`[web] ${name} failed`, error))
        .catch((error: unknown) => err('internal', String(error)))
        .then((result) => ws.send(JSON.stringify({ type: 'result', id, result })));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/${options.page ?? ''}#token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
