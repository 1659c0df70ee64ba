import { X509Certificate, createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** The per-run certificates of one sandbox. */
export interface SandboxCertificates {
  /** The CA that signed the server certificate; clients trust only this. */
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** The certificate registered on the sandbox app, for client-assertion authentication. */
  clientCertPem: string;
  clientKeyPem: string;
  clientThumbprintSha1: string;
  clientThumbprintSha256: string;
  dir: string;
  caCertPath: string;
  /** Certificate and private key in one PEM file, as MSAL samples and curl expect. */
  clientCertificatePath: string;
  dispose(): Promise<void>;
}

function days(from: Date, n: number): Date {
  return new Date(from.getTime() + n * 86_400_000);
}

/** DER fingerprint of a PEM certificate, as lower-case hex. */
export function certificateThumbprint(pem: string, algorithm: 'sha1' | 'sha256'): string {
  return createHash(algorithm).update(new X509Certificate(pem).raw).digest('hex');
}

/**
 * Generates a CA, a server certificate for 127.0.0.1/localhost/::1 signed by it, and a self-signed RSA
 * client certificate (MSAL signs assertions with RS256 or PS256, so the key must be RSA). Validity uses the
 * real time: TLS peers check it against their own clocks, not the sandbox clock.
 */
export async function createCertificates(): Promise<SandboxCertificates> {
  const now = new Date(Date.now() - 86_400_000);
  const ca = await generate([{ name: 'commonName', value: 'Autopilot Console Sandbox CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: days(now, 30),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: days(now, 30),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const client = await generate([{ name: 'commonName', value: 'Autopilot Console Sandbox App' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: days(now, 365),
  });
  const dir = await mkdtemp(join(tmpdir(), 'autopilot-sandbox-'));
  const caCertPath = join(dir, 'sandbox-ca.pem');
  const clientCertificatePath = join(dir, 'sandbox-app-certificate.pem');
  await writeFile(caCertPath, ca.cert, { mode: 0o644 });
  await writeFile(clientCertificatePath, `${client.cert.trim()}\n${client.private.trim()}\n`, { mode: 0o600 });
  return {
    caCertPem: ca.cert,
    serverCertPem: server.cert,
    serverKeyPem: server.private,
    clientCertPem: client.cert,
    clientKeyPem: client.private,
    clientThumbprintSha1: certificateThumbprint(client.cert, 'sha1'),
    clientThumbprintSha256: certificateThumbprint(client.cert, 'sha256'),
    dir,
    caCertPath,
    clientCertificatePath,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
