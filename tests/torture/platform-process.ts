// The platform for the torture: the sandbox as its own process (`electron/sandbox/cli.ts --db`),
// so it outlives the host's kills, and can itself be SIGKILLed and started again on the same
// port and database. The typed client of tests/support talks to it as the customer, the
// merchant and the admin would.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DEMO_CONVENTION_NUMBER } from '../../electron/sandbox/index';
import { SandboxApi } from '../support/sandbox';
import type { PaymentRequest } from '../../electron/common/platform-api';
import { trackChild } from './children';
import { platformDir, type TortureContext } from './context';

const ROOT = resolve(import.meta.dirname, '../..');

/** The customers' wallet: topped up so that no run ever runs dry. */
export const TORTURE_WALLET = 'torture-wallet';

export interface TorturePlatform {
  readonly url: string;
  readonly port: number;
  readonly api: SandboxApi;
  readonly password: string;
  /** SIGKILL: the platform dies mid-request, its database as the crash left it. */
  kill(): Promise<void>;
  /** Starts it again on the same port and database. */
  restart(): Promise<void>;
  /** Every payment request of the demo merchant whose basket starts with `prefix`. */
  requests(prefix?: string): Promise<PaymentRequest[]>;
  /** The requests of one basket (the platform's own filter: one call). */
  basket(basketNumber: string): Promise<PaymentRequest[]>;
  /** A fresh merchant token (the harness's own login, never the companion's). */
  token(): Promise<string>;
  stop(): Promise<void>;
}

function spawnSandbox(args: string[]): Promise<{ child: ChildProcess; url: string; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/sandbox/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  let output = '';
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`the sandbox did not start:\n${output}`)), 60_000);
    const look = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (match) {
        clearTimeout(timer);
        ready({ child, url: match[1]!, port: Number(match[2]) });
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the sandbox exited with ${code}:\n${output}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/**
 * A platform for a part. With `sharePlatform`, parts that do not need one of their own (one they
 * kill, or whose tokens they expire: `own`) get the run's shared one, whose `stop` does nothing.
 */
export async function startPlatform(
  ctx: TortureContext,
  name: string,
  options: { expirySeconds?: number; own?: boolean } = {},
): Promise<TorturePlatform> {
  if (!ctx.sizes.sharePlatform || options.own) return startOwnPlatform(ctx, name, options);
  if (!ctx.shared.platform) {
    const started = startOwnPlatform(ctx, 'shared', {});
    ctx.shared.platform = started;
    ctx.cleanups.push(async () => (await started).stop());
  }
  const shared = (await ctx.shared.platform) as TorturePlatform;
  return { ...shared, stop: async () => undefined };
}

async function startOwnPlatform(ctx: TortureContext, name: string, options: { expirySeconds?: number }): Promise<TorturePlatform> {
  const db = join(platformDir(ctx, name), 'platform.sqlite3');
  const args = (port: number) => [
    '--port',
    String(port),
    '--db',
    db,
    '--demo-password',
    ctx.password,
    '--expiry-seconds',
    String(options.expirySeconds ?? 3_600),
  ];
  let running = await spawnSandbox(args(0));
  const { url, port } = running;
  const api = new SandboxApi(url);
  await api.admin.setWallet(TORTURE_WALLET, 1_000_000_000_000);

  const token = async () => {
    const response = await api.loginAttempt(DEMO_CONVENTION_NUMBER, ctx.password);
    const accessToken = (response.body as { accessToken?: string } | null)?.accessToken;
    if (response.status !== 200 || !accessToken) throw new Error(`platform login: ${response.status} ${response.text}`);
    return accessToken;
  };
  let cachedToken: string | null = null;
  const list = async (query: Record<string, string | number>) => {
    cachedToken ??= await token();
    let response = await api.listAttempt(cachedToken, query);
    if (response.status === 401) {
      // Tokens expired by a scenario: log in again.
      cachedToken = await token();
      response = await api.listAttempt(cachedToken, query);
    }
    if (response.status !== 200) throw new Error(`platform list: ${response.status} ${response.text}`);
    return response.body as { items: PaymentRequest[]; nextCursor: string | null };
  };

  return {
    url,
    port,
    api,
    password: ctx.password,
    async kill() {
      running.child.kill('SIGKILL');
      await exited(running.child);
    },
    async restart() {
      running = await spawnSandbox(args(port));
    },
    async requests(prefix = '') {
      const all: PaymentRequest[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await list({ limit: 100, ...(cursor ? { cursor } : {}) });
        all.push(...page.items.filter((item) => item.basketNumber.startsWith(prefix)));
        if (!page.nextCursor) return all;
        cursor = page.nextCursor;
      }
    },
    async basket(basketNumber) {
      return (await list({ basketNumber, limit: 100 })).items;
    },
    token,
    async stop() {
      if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGTERM');
      await exited(running.child);
    },
  };
}

/** The customer pays (all or part) with the torture wallet: the HTTP status and the body. */
export async function payAsCustomer(platform: TorturePlatform, qrPayload: string, amount: number) {
  return platform.api.payAttempt(qrPayload, TORTURE_WALLET, amount);
}
