// The Caisse-AP server's settings: where it listens, which tills may connect, and its time
// limits (shorter in tests). No I/O: shared by the server, the controller and the CLI.
import { isIP } from 'node:net';

export const DEFAULT_CAISSE_AP_PORT = 8888;

export interface CaisseApTiming {
  /** A till must send its whole request within this time after connecting (slow senders are cut off). */
  requestTimeoutMs: number;
  /** Quiet time after a well-formed run of fields before the request counts as complete. */
  settleMs: number;
  /** After the answer, how long the socket waits for the till to close before it is dropped. */
  lingerMs: number;
  /** How long past a request's expiry to wait for its final status before asking the platform. */
  finalStatusGraceMs: number;
  /** Connections open at once; more are closed on arrival. */
  maxConnections: number;
}

export const DEFAULT_CAISSE_AP_TIMING: CaisseApTiming = {
  requestTimeoutMs: 10_000,
  settleMs: 50,
  lingerMs: 2_000,
  finalStatusGraceMs: 20_000,
  maxConnections: 8,
};

export interface CaisseApListen {
  host: string;
  port: number;
  /** Till addresses allowed to connect; empty: any. */
  allowList: readonly string[];
}

/** `127.0.0.1:8888`, `[::1]:8888` or `0.0.0.0:8888` → host and port (0: a free one); null when malformed. */
export function parseListenAddress(text: string): { host: string; port: number } | null {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text.trim());
  if (!match) return null;
  const host = match[1] ?? match[2]!;
  const port = Number(match[3]);
  if (port > 65535) return null; // 0: a free port, as with --port 0
  if (match[1] !== undefined && isIP(host) !== 6) return null;
  return { host, port };
}

/** `192.168.1.20,192.168.1.21` → the addresses; null when one of them is not an IP address. */
export function parseAllowList(text: string): string[] | null {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.every((item) => isIP(normaliseAddress(item)) !== 0) ? items.map(normaliseAddress) : null;
}

/** An IPv4 address seen through an IPv6 socket (`::ffff:10.0.0.5`) is that IPv4 address. */
export function normaliseAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}

export function isAllowed(remoteAddress: string | undefined, allowList: readonly string[]): boolean {
  if (allowList.length === 0) return true;
  if (!remoteAddress) return false;
  const remote = normaliseAddress(remoteAddress);
  return allowList.some((allowed) => normaliseAddress(allowed) === remote);
}

/** How an address reads in a log line or a URL. */
export function formatAddress(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
