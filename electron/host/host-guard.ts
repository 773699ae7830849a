// DNS rebinding: a web page on some domain can make the browser resolve that domain to 127.0.0.1
// and then talk to our listeners as if it were the same site. The browser still sends the page's
// own domain as `Host`: every request whose Host is not one of the listener's own addresses (with
// its port) is refused before any route runs, the pages, health and pairing included.
import { networkInterfaces } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { contractError } from '../common/error-messages';

export class AllowedHosts {
  private readonly hosts = new Set<string>();

  /** The listener on `address` (as bound: 127.0.0.1, 0.0.0.0, ::, a LAN address) is on `port`. */
  allow(address: string, port: number): void {
    for (const host of addressesOf(address)) this.hosts.add(`${host.includes(':') ? `[${host}]` : host}:${port}`.toLowerCase());
  }

  has(host: string | undefined): boolean {
    return host !== undefined && this.hosts.has(host.toLowerCase());
  }
}

/** The names a client may use for a listener bound to `address`. */
function addressesOf(address: string): string[] {
  const loopback = address === 'localhost' || address === '::1' || address.startsWith('127.');
  if (address === '0.0.0.0' || address === '::') {
    const local = Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((entry) => address === '::' || entry.family === 'IPv4')
      .map((entry) => entry.address);
    return [...local, 'localhost'];
  }
  return loopback ? [address === 'localhost' ? '127.0.0.1' : address, 'localhost'] : [address];
}

export function guardHosts(app: FastifyInstance, allowed: AllowedHosts): void {
  app.addHook('onRequest', async (request, reply) => {
    if (allowed.has(request.headers.host)) return;
    return reply.code(421).send({
      ok: false,
      error: contractError('forbidden', { reason: 'unknown_host' }),
    });
  });
}
