import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { base64Length, MAX_CONSOLE_FILE_BYTES } from '../../shared/domain/csv/limits';
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
  /** A token to keep (the browser console's host keeps it across restarts); a random one otherwise. */
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

/**
 * Sent with every response. `frame-ancestors` works only as a header (browsers ignore it, with an error,
 * in a meta element); the rest of the policy is in index.html.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The decoded path of a request, or null when it is not a valid URL path (bad %-encoding and the like). */
function requestPath(url: string | undefined): string | null {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://x').pathname);
  } catch {
    return null;
  }
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = requestPath(req.url);
  if (path === null || path.includes('\0')) {
    res.writeHead(400).end('Bad request');
    return;
  }
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
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** The largest message a page may send: a file at the console's size limit, as base64 in a JSON frame. */
export const MAX_FRAME_BYTES = base64Length(MAX_CONSOLE_FILE_BYTES) + 64 * 1024;

/** Any failure while answering ends that response only, never the process. */
function answerFailure(res: ServerResponse): void {
  if (res.headersSent) res.destroy();
  else res.writeHead(500).end('Internal error');
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
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (req.headers.host !== new URL(origin).host) {
      res.writeHead(421).end('Misdirected request');
      return;
    }
    if (options.middleware) {
      options.middleware(req, res, () => res.writeHead(404).end('Not found'));
      return;
    }
    if (options.staticDir) {
      serveStatic(options.staticDir, req, res).catch(() => answerFailure(res));
      return;
    }
    res.writeHead(404).end();
  });
  // The largest message is a file for "import:read" (its base64 text, in JSON): larger ones end that
  // socket with 1009 ("message too big"), which the page says; the server itself carries on.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const report = (what: string, error: unknown): void =>
    console.error(`[web] ${what}: ${error instanceof Error ? error.message : String(error)}`);
  sockets.on('error', (error) => report('socket server', error));
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    if (url.pathname !== '/ipc' || req.headers.origin !== origin || !sameToken(url.searchParams.get('token'), token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  sockets.on('connection', (ws: WebSocket) => {
    const send = (frame: unknown): void => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify(frame), (error) => {
        if (error) report('send', error);
      });
    };
    const unsubscribe = options.app.events.subscribe((event, payload) => send({ type: 'event', event, payload }));
    ws.on('close', unsubscribe);
    // An oversized or malformed message ends this socket only (ws has already sent the close code).
    ws.on('error', (error) => {
      report('socket', error);
      ws.terminate();
    });
    ws.on('message', (data: Buffer) => {
      let frame: ReturnType<typeof ClientFrame.safeParse>;
      try {
        frame = ClientFrame.safeParse(JSON.parse(data.toString('utf8')));
      } catch {
        send({ type: 'error', message: 'Frames must be JSON.' });
        return;
      }
      if (!frame.success) {
        send({ type: 'error', message: 'Frames must be {type:"invoke", id, channel, request}.' });
        return;
      }
      const { id, channel, request } = frame.data;
      void dispatch(handlers, channel, request, (name, error) => console.error(`[web] ${name} failed`, error))
        .catch((error: unknown) => err('internal', String(error)))
        .then((result) => send({ type: 'result', id, result }))
        .catch((error: unknown) => report('cannot answer', error));
    });
  });
  // A port in use fails the start (the caller may choose another); later server errors are only logged.
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error): void => {
      sockets.close();
      reject(error);
    };
    server.once('error', failed);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', failed);
      server.on('error', (error) => report('http server', error));
      resolve();
    });
  });
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
