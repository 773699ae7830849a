// The Caisse-AP server's settings: where it listens, which tills may connect, its time limits
// (shorter in tests) and its connection caps. No I/O: shared by the server, the controller and the CLI.
import { isIP } from 'node:net';
import { DEFAULT_TILL_TIMEOUT_SECONDS } from '../common/contract';

export const DEFAULT_CAISSE_AP_PORT = 8888;

export interface CaisseApTiming {
  /** A till must send its whole request within this time after connecting (slow senders are cut off). */
  requestTimeoutMs: number;
  /** A connection that has sent nothing after this time is closed (it holds a slot for nothing). */
  firstByteMs: number;
  /** Quiet time after a run of whole fields that still lacks a required tag before it is judged:
   *  a request whose required tags are all there is acted on at once. */
  settleMs: number;
  /** After the answer, how long the socket waits for the till to close before it is dropped. */
  lingerMs: number;
  /** The till's own timeout (the `caisseAp.tillTimeoutSeconds` setting): it gives up after this. */
  tillTimeoutMs: number;
  /** How long before the till's timeout the companion starts cancelling what can still be paid. */
  settleLeadMs: number;
  /** How long before the till's timeout the companion answers with what it knows by then. */
  answerLeadMs: number;
  /** How long past a request's expiry to wait for its final status before asking the platform. */
  finalStatusGraceMs: number;
  /** Connections open at once; beyond it a stale connection (from the address holding the most)
   *  makes room, or the new one is closed. */
  maxConnections: number;
  /** Connections open at once from one address, with the same rule. */
  maxPerAddress: number;
  /** A connection still reading its request after this long is stale: a till writes its request
   *  as soon as it is connected, so it may be closed to make room. Younger ones never are. */
  staleReaderMs: number;
  /** Frames that never became a payment request are counted in memory and written this often. */
  tallyFlushMs: number;
}

export const DEFAULT_CAISSE_AP_TIMING: CaisseApTiming = {
  requestTimeoutMs: 5_000,
  firstByteMs: 2_000,
  settleMs: 50,
  lingerMs: 2_000,
  tillTimeoutMs: DEFAULT_TILL_TIMEOUT_SECONDS * 1000,
  settleLeadMs: 10_000,
  answerLeadMs: 1_500,
  finalStatusGraceMs: 20_000,
  maxConnections: 512,
  maxPerAddress: 256,
  staleReaderMs: 250,
  tallyFlushMs: 5_000,
};

/** When, after the request arrived, the companion starts settling and when it answers at the
 *  latest: leads shrink for short till timeouts so there is always time to cancel. */
export function tillSchedule(timing: Pick<CaisseApTiming, 'tillTimeoutMs' | 'settleLeadMs' | 'answerLeadMs'>): { settleAfterMs: number; answerAfterMs: number } {
  const answerAfterMs = Math.max(timing.tillTimeoutMs - timing.answerLeadMs, Math.round(timing.tillTimeoutMs * 0.9));
  const settleAfterMs = Math.min(answerAfterMs, Math.max(timing.tillTimeoutMs - timing.settleLeadMs, Math.round(timing.tillTimeoutMs / 2)));
  return { settleAfterMs, answerAfterMs };
}

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
