/** Loopback addresses where nothing listens: a tenant or proxy that is never reached, nothing leaves the machine. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback port nobody listens on (bound, read, released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An https origin on a closed loopback port. */
export async function unreachableOrigin(): Promise<string> {
  return `https://127.0.0.1:${await closedPort()}`;
}
