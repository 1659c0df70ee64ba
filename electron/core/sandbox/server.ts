/** The HTTPS transport: request ids, faults, identity vs Graph dispatch, and serialisation. */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Faults } from './faults';
import { graphError } from './graph-errors';
import { splitUrl, type SandboxRequest, type SandboxResponse } from './http-types';
import { isIdentityPath } from './identity';
import { countGraph, countIdentity } from './stats';
import type { SandboxStats } from './types';

export interface TransportDeps {
  key: string;
  cert: string;
  faults: Faults;
  stats: SandboxStats;
  now: () => number;
  graph: (req: SandboxRequest) => SandboxResponse;
  identity: (req: SandboxRequest) => SandboxResponse;
  /** Notes a Retry-After handed out by an injected 503, for the violation counter. */
  onRetryAfter: (seconds: number) => void;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Graph and Entra answer browsers too (CORS); a preflight gets the methods and headers clients send. */
function corsPreflight(headers: Record<string, string>): Record<string, string> {
  return {
    'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
    'Access-Control-Allow-Headers':
      headers['access-control-request-headers'] ?? 'authorization, content-type, client-request-id',
    'Access-Control-Max-Age': '3600',
  };
}

function send(res: ServerResponse, req: SandboxRequest, response: SandboxResponse): void {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    'Access-Control-Expose-Headers': 'request-id, client-request-id, Retry-After, Location, WWW-Authenticate',
    'request-id': req.requestId,
    'client-request-id': req.clientRequestId,
    'x-ms-ags-diagnostic': JSON.stringify({
      ServerInfo: { DataCenter: 'Sandbox', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'SANDBOX' },
    }),
    'Strict-Transport-Security': 'max-age=31536000',
    ...response.headers,
  };
  let payload = '';
  if (response.body !== undefined) payload = JSON.stringify(response.body);
  else if (response.text !== undefined) payload = response.text;
  if (payload && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
    headers['Content-Type'] = 'application/json';
  res.writeHead(response.status, headers);
  res.end(response.status === 204 ? undefined : payload);
}

/** Starts the HTTPS server on host:port (0 = random) and resolves once it listens. */
export async function startTransport(
  deps: TransportDeps,
  host: string,
  port: number,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer({ key: deps.key, cert: deps.cert }, (req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      const { path, query } = splitUrl(req.url ?? '/');
      const headers = headersOf(req);
      const requestId = randomUUID();
      const request: SandboxRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path,
        query,
        headers,
        rawBody,
        requestId,
        clientRequestId: headers['client-request-id'] ?? requestId,
      };
      if (request.method === 'OPTIONS') {
        send(res, request, { status: 204, headers: corsPreflight(headers) });
        return;
      }
      const identity = isIdentityPath(path);
      const fault = deps.faults.decide(identity ? 'identity' : 'graph');
      if (fault.delayMs > 0) {
        deps.stats.faults.slowed++;
        await new Promise((r) => setTimeout(r, fault.delayMs));
      }
      if (fault.kind === 'drop') {
        deps.stats.faults.dropped++;
        deps.stats.requests++;
        req.socket.destroy();
        return;
      }
      let response: SandboxResponse;
      if (fault.kind === 'unavailable') {
        deps.stats.faults.unavailable++;
        deps.onRetryAfter(fault.retryAfterSeconds);
        response = graphError(
          { req: request, now: deps.now() },
          503,
          'ServiceUnavailable',
          'The service is temporarily unavailable. Retry after the interval in the Retry-After header.',
          {
            headers: { 'Retry-After': String(fault.retryAfterSeconds) },
          },
        );
        if (identity) countIdentity(deps.stats, `${request.method} ${path}`, 503);
        else countGraph(deps.stats, `${request.method} ${path}`, 503, request.method !== 'GET');
      } else if (identity) {
        response = deps.identity(request);
        countIdentity(deps.stats, `${request.method} ${path.replace(/^\/[^/]+/, '/{tenant}')}`, response.status);
      } else {
        response = deps.graph(request);
      }
      send(res, request, response);
    })().catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'InternalServerError', message: (error as Error).message } }));
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
