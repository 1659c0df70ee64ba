import { createServer, type Server } from 'node:https';
import { Agent, fetch } from 'undici';
import { createCertificates, type SandboxCertificates } from '../../../electron/core/sandbox/tls';
import type { RunningSandbox } from '../../../electron/core/sandbox/index';

/** A TLS-terminating proxy in front of the sandbox (its own CA), recording every serial sent to the import action. */
export interface RecordingProxy {
  origin: string;
  /** Serial -> number of import records the sandbox accepted for it. */
  imported: Map<string, number>;
  certificates: SandboxCertificates;
  close(): Promise<void>;
}

function readBody(req: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the proxy on 127.0.0.1; the console reaches the sandbox only through it, as through a TLS-inspecting proxy. */
export async function startRecordingProxy(sandbox: RunningSandbox): Promise<RecordingProxy> {
  const certificates = await createCertificates();
  const upstream = new Agent({ connect: { ca: sandbox.caCertPem } });
  const imported = new Map<string, number>();
  let origin = '';
  const server: Server = createServer(
    { key: certificates.serverKeyPem, cert: certificates.serverCertPem },
    (req, res) => {
      void (async () => {
        const body = await readBody(req);
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(req.headers))
          if (typeof value === 'string' && key !== 'host' && key !== 'content-length') headers[key] = value;
        const response = await fetch(`${sandbox.graphEndpoint}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers,
          ...(body.length > 0 ? { body } : {}),
          dispatcher: upstream,
        });
        const text = (await response.text()).split(sandbox.authorityHost).join(origin);
        if (
          req.method === 'POST' &&
          /importedWindowsAutopilotDeviceIdentities\/import$/i.test(req.url ?? '') &&
          response.status === 200
        ) {
          const sent = JSON.parse(body.toString()) as {
            importedWindowsAutopilotDeviceIdentities: { serialNumber: string }[];
          };
          for (const record of sent.importedWindowsAutopilotDeviceIdentities)
            imported.set(record.serialNumber, (imported.get(record.serialNumber) ?? 0) + 1);
        }
        const out: Record<string, string> = {};
        response.headers.forEach((value, key) => {
          if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(key))
            out[key] = value;
        });
        res.writeHead(response.status, { ...out, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      })().catch(() => {
        res.destroy();
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    imported,
    certificates,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
      await certificates.dispose();
    },
  };
}
