// The sandbox Chèque-Vacances Connect platform: a real HTTP server that behaves like ANCV's
// platform (API v1, see API.md). The companion runs against it by default, every test talks to
// it over loopback, and a production platform adapter must meet the same contract.
import type { AddressInfo } from 'node:net';
import { createContext } from './context';
import { openSandboxDatabase } from './database';
import { EventHub } from './events';
import { startExpiryTimer } from './expiry';
import { DEFAULT_DEMO_PASSWORD, DEFAULT_MAX_AMOUNT, DEFAULT_MIN_AMOUNT } from './fixtures';
import { seedFixtures } from './seed';
import { buildServer } from './server';
import { prepareStore } from './store';

export {
  DEFAULT_DEMO_PASSWORD,
  DEMO_CONVENTION_NUMBER,
  DEMO_MERCHANT_NAME,
  DEMO_WALLETS,
} from './fixtures';

export interface SandboxOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 = a free port. */
  port?: number;
  /** Base of wallet links in qrPayload (e.g. the shop's LAN address for a phone); default the listening address. */
  publicUrl?: string;
  /** SQLite file (state survives a restart); null/undefined = in memory. */
  dbPath?: string | null;
  /** Seconds before a pending request expires; default 300. */
  expirySeconds?: number;
  /** Lifetime of an access token in seconds; default 12 h. */
  tokenTtlSeconds?: number;
  /** The demo merchant's password; default DEFAULT_DEMO_PASSWORD. */
  demoPassword?: string;
  /** Demo merchant limits in cents, default 1 and 1_000_000. */
  minAmount?: number;
  maxAmount?: number;
  /** fastify request logging, default false. */
  logger?: boolean;
  /** better-sqlite3 addon built for Electron's ABI, when the sandbox runs inside Electron. */
  nativeBinding?: string;
}

export interface RunningSandbox {
  /** 'http://127.0.0.1:PORT' (no trailing slash). */
  url: string;
  port: number;
  /** url + '/wallet' */
  walletPageUrl: string;
  /** Stops timers, closes SSE streams and the server, closes the DB. */
  close(): Promise<void>;
}

const DEFAULT_EXPIRY_SECONDS = 300;
const DEFAULT_TOKEN_TTL_SECONDS = 12 * 3600;

function positiveNumber(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isFinite(chosen) || chosen <= 0) throw new RangeError(`sandbox option ${name} must be a positive number, got ${value}`);
  return chosen;
}

function cents(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen < 1) throw new RangeError(`sandbox option ${name} must be integer cents ≥ 1, got ${value}`);
  return chosen;
}

function normalisedPublicUrl(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`publicUrl must be http(s): ${value}`);
  return url.href.replace(/\/+$/, '');
}

/** The address a local client dials: a wildcard bind is reached on loopback. */
function dialHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Lets the event loop poll once more after the server's sockets were closed. A client in this
 * same process (the companion's fetch, a test) then reads their end before its next request;
 * otherwise it may reuse a dead keep-alive socket against a sandbox restarted on the same port
 * and get "other side closed" for a request the new sandbox never saw.
 */
async function clientsSawTheClose(): Promise<void> {
  for (let turn = 0; turn < 2; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const expirySeconds = positiveNumber('expirySeconds', options.expirySeconds, DEFAULT_EXPIRY_SECONDS);
  const tokenTtlSeconds = positiveNumber('tokenTtlSeconds', options.tokenTtlSeconds, DEFAULT_TOKEN_TTL_SECONDS);
  const minAmount = cents('minAmount', options.minAmount, DEFAULT_MIN_AMOUNT);
  const maxAmount = cents('maxAmount', options.maxAmount, DEFAULT_MAX_AMOUNT);
  if (maxAmount < minAmount) throw new RangeError('sandbox option maxAmount must be at least minAmount');
  const demoPassword = options.demoPassword ?? DEFAULT_DEMO_PASSWORD;
  if (demoPassword === '') throw new RangeError('sandbox option demoPassword must not be empty');
  const fixedPublicUrl = options.publicUrl === undefined ? null : normalisedPublicUrl(options.publicUrl);

  const db = openSandboxDatabase(options.dbPath ?? null, { nativeBinding: options.nativeBinding });
  const store = prepareStore(db);
  const hub = new EventHub();
  // Read from the socket, not from a variable set after `listen`: correct from the first request.
  const listeningUrl = () => `http://${dialHost(host)}:${(app.server.address() as AddressInfo).port}`;
  const ctx = createContext(db, store, { publicUrl: () => fixedPublicUrl ?? listeningUrl(), expirySeconds, tokenTtlSeconds }, hub);
  const app = buildServer(ctx, { logger: options.logger ?? false });
  let stopExpiry = () => {};
  try {
    seedFixtures(db, store, { demoPassword, minAmount, maxAmount });
    await app.listen({ host, port: options.port ?? 0 });
    const port = (app.server.address() as AddressInfo).port;
    const url = listeningUrl();
    stopExpiry = startExpiryTimer(ctx, (error) => app.log.error({ err: error }, 'expiry sweep failed'));
    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      walletPageUrl: `${url}/wallet`,
      close() {
        closing ??= (async () => {
          stopExpiry();
          ctx.abortDelays();
          hub.close();
          try {
            await app.close();
            await clientsSawTheClose();
          } finally {
            db.close();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    stopExpiry();
    hub.close();
    await app.close().catch(() => {});
    db.close();
    throw error;
  }
}
