// The sandbox's state in a SQLite file, black box: a restart on the same file and port keeps
// requests, balances, tokens, lock state and event ids; seeding is idempotent; requests that
// expired while it was down are expired at start-up.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PaymentRequest } from '../../electron/common/platform-api';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, startSandbox } from '../../electron/sandbox';
import { errorOf, makeTempDir, startTestSandbox, type TestSandbox } from '../support/sandbox';
import { openEventStream, type SseEvent } from '../support/sse';
import { PATIENCE } from '../support/patience';

let temp: ReturnType<typeof makeTempDir>;
let dbPath: string;
const running: TestSandbox[] = [];

async function start(options: Parameters<typeof startTestSandbox>[0] = {}): Promise<TestSandbox> {
  const sandbox = await startTestSandbox({ dbPath, ...options });
  running.push(sandbox);
  return sandbox;
}

async function stop(sandbox: TestSandbox): Promise<void> {
  running.splice(running.indexOf(sandbox), 1);
  await sandbox.close();
}

/** Every event of the demo merchant so far, read by replaying from id 0. */
async function history(sandbox: TestSandbox, token: string, count: number): Promise<SseEvent[]> {
  const reader = await openEventStream(sandbox.url, { token, lastEventId: 0 });
  try {
    for (let i = 0; i < count; i += 1) await reader.next();
    return reader.events.slice(0, count);
  } finally {
    reader.close();
  }
}

beforeEach(() => {
  temp = makeTempDir();
  dbPath = path.join(temp.dir, 'sandbox.sqlite3');
});

afterEach(async () => {
  for (const sandbox of running.splice(0)) await sandbox.close();
  temp.remove();
});

describe('restart on the same database file and port', () => {
  it('keeps requests, balances, tokens and event ids; new ids continue above the old ones', async () => {
    const first = await start();
    const token = await first.api.token();
    const pending = await first.api.create(token, { amount: 2000, basketNumber: 'REF253' });
    const paid = await first.api.create(token, { amount: 1000, basketNumber: 'REF254' });
    await first.api.pay(paid.qrPayload, 'demo-wallet-1', 600);
    const before = await history(first, token, 3);
    const port = first.port;
    await stop(first);

    const second = await start({ port });
    expect(second.url).toBe(first.url);
    expect(await second.api.get(token, pending.id)).toEqual(pending);
    expect(await second.api.get(token, paid.id)).toMatchObject({ status: 'validated', amountReceived: 600 });
    expect((await second.api.wallet('demo-wallet-1')).balance).toBe(50_000 - 600);
    // The basket rule holds across the restart too.
    const again = await second.api.createAttempt(token, { amount: 2000, basketNumber: 'REF253' });
    expect(errorOf(again).code).toBe('basket_in_progress');

    const after = await history(second, token, 3);
    expect(after).toEqual(before);
    const lastId = Number(before.at(-1)!.id);
    const live = await openEventStream(second.url, { token, lastEventId: lastId });
    try {
      await second.api.cancel(token, pending.id);
      const next = await live.next();
      expect(Number(next.id)).toBeGreaterThan(lastId);
      expect(PaymentRequest.parse(JSON.parse(next.data))).toMatchObject({ id: pending.id, status: 'cancelled' });
    } finally {
      live.close();
    }
  });

  it('seeds once: no duplicate fixtures, balances and lock state kept, the demo password option applied', async () => {
    const first = await start();
    const token = await first.api.token();
    const request = await first.api.create(token, { amount: 500, basketNumber: 'LOW' });
    await first.api.pay(request.qrPayload, 'demo-wallet-low', 500);
    for (const attempt of ['a', 'b', 'c']) await first.api.loginAttempt(DEMO_CONVENTION_NUMBER, attempt);
    await stop(first);

    const second = await start({ port: first.port });
    expect((await second.api.wallet('demo-wallet-low')).balance).toBe(0);
    const stillLocked = await second.api.loginAttempt(DEMO_CONVENTION_NUMBER, DEFAULT_DEMO_PASSWORD);
    expect(stillLocked.status).toBe(423);
    await second.api.admin.unlock();
    await stop(second);

    const third = await start({ port: first.port, demoPassword: 'autre-mot-de-passe' });
    const oldPassword = await third.api.loginAttempt(DEMO_CONVENTION_NUMBER, DEFAULT_DEMO_PASSWORD);
    expect(oldPassword.status).toBe(401);
    await third.api.login('autre-mot-de-passe');
    await stop(third);

    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM merchants').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM wallets').get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });

  it('expires at start-up the requests whose time ran out while it was down, with their event', async () => {
    const first = await start({ expirySeconds: 1 });
    const token = await first.api.token();
    const request = await first.api.create(token, { amount: 2000, basketNumber: 'REF253' });
    await stop(first);
    await vi.waitFor(() => expect(Date.now(), 'the request to be due').toBeGreaterThan(Date.parse(request.expiresAt) + 50), PATIENCE);

    const second = await start({ port: first.port, expirySeconds: 1 });
    const [created, expired] = await history(second, token, 2);
    expect(PaymentRequest.parse(JSON.parse(created!.data)).status).toBe('pending');
    expect(PaymentRequest.parse(JSON.parse(expired!.data))).toMatchObject({ id: request.id, status: 'expired' });
    expect((await second.api.get(token, request.id)).status).toBe('expired');
  });

  it('refuses a database written by a newer sandbox', async () => {
    const db = new Database(dbPath);
    db.pragma('user_version = 999');
    db.close();
    await expect(startSandbox({ dbPath })).rejects.toThrow(/newer than this sandbox/);
  });
});
