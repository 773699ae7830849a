// What the core does when things go wrong: the platform's event stream is cut, the token expires
// mid-payment, the platform is down or too slow at create. Real sandbox, real SQLite file.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion';
import { DEMO_CONVENTION_NUMBER, startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import {
  createPayment,
  loginDemo,
  nextEvent,
  operationHistory,
  payAsCustomer,
  platformRequests,
  sandboxAdmin,
  startTestCompanion,
  tempDir,
  unwrap,
} from '../support/companion';
import { startTcpProxy } from '../support/tcp-proxy';
import { PATIENCE, patience } from '../support/patience';

let sandbox: RunningSandbox;
let companion: CoreCompanion | null;
let dir: ReturnType<typeof tempDir>;

beforeEach(async () => {
  dir = tempDir();
  sandbox = await startSandbox({ port: 0, dbPath: join(dir.path, 'platform.sqlite3') });
  companion = null;
});

afterEach(async () => {
  await companion?.close();
  await sandbox.close();
  dir.remove();
});

const history = (c: CoreCompanion, operationId: string) => operationHistory(c.dbFile, operationId);

describe('event stream cut mid-payment', () => {
  it('still brings the status, by polling, while the stream is refused', async () => {
    companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: join(dir.path, 'app') });
    const c = companion;
    await loginDemo(c);
    await vi.waitFor(() => expect(c.tracker.isStreamUp).toBe(true), PATIENCE);
    const operation = await createPayment(c, { amount: 2000, basketNumber: 'CUT-1' });
    await sandboxAdmin(sandbox.url, '/sandbox/streams/cut', { refuseForMs: 10_000 });
    await vi.waitFor(() => expect(c.tracker.isStreamUp).toBe(false), PATIENCE);
    const validated = nextEvent(c, 'payment.updated', (op) => op.id === operation.id && op.status === 'validated');
    await payAsCustomer(sandbox.url, operation.qrPayload!, 2000);
    expect(await validated).toMatchObject({ amountReceived: 2000 });
    expect(history(c, operation.id).at(-1)).toEqual({ source: 'poll', status: 'validated' });
  });

  it('misses nothing after reconnecting: what happened meanwhile is replayed from Last-Event-ID', async () => {
    // Polling so slow it cannot be what brings the news: only the stream's replay can.
    companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: join(dir.path, 'app'), timing: { pollIntervalMs: 60_000 } });
    const c = companion;
    await loginDemo(c);
    await vi.waitFor(() => expect(c.tracker.isStreamUp).toBe(true), PATIENCE);
    const first = await createPayment(c, { amount: 1000, basketNumber: 'REPLAY-1' });
    const second = await createPayment(c, { amount: 1500, basketNumber: 'REPLAY-2' });
    await sandboxAdmin(sandbox.url, '/sandbox/streams/cut', { refuseForMs: 1_000 });
    await vi.waitFor(() => expect(c.tracker.isStreamUp).toBe(false), PATIENCE);
    await payAsCustomer(sandbox.url, first.qrPayload!, 1000);
    await payAsCustomer(sandbox.url, second.qrPayload!, 700);
    await vi.waitFor(async () => {
      const a = unwrap(await c.invoke('payments.get', { id: first.id })) as { status: string };
      const b = unwrap(await c.invoke('payments.get', { id: second.id })) as { status: string; amountReceived: number };
      expect([a.status, b.status, b.amountReceived]).toEqual(['validated', 'validated', 700]);
    }, patience(8_000));
    expect(history(c, first.id).at(-1)).toEqual({ source: 'stream', status: 'validated' });
    expect(history(c, second.id).at(-1)).toEqual({ source: 'stream', status: 'validated' });
  });
});

describe('token expiry mid-payment', () => {
  it('asks the cashier to log in again, keeps the request, and catches up after login', async () => {
    companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: join(dir.path, 'app'), timing: { pollIntervalMs: 60_000 } });
    const c = companion;
    await loginDemo(c);
    await vi.waitFor(() => expect(c.tracker.isStreamUp).toBe(true), PATIENCE);
    const operation = await createPayment(c, { amount: 2000, basketNumber: 'TOKEN-1' });
    const expired = nextEvent(c, 'session.changed', (s) => s.status === 'expired');
    await sandboxAdmin(sandbox.url, `/sandbox/merchants/${DEMO_CONVENTION_NUMBER}/expire-tokens`);
    await sandboxAdmin(sandbox.url, '/sandbox/streams/cut');
    expect(await expired).toMatchObject({ status: 'expired', merchant: { conventionNumber: DEMO_CONVENTION_NUMBER } });

    // The request is still on screen; the platform can't be asked until the cashier logs in.
    expect(unwrap(await c.invoke('payments.get', { id: operation.id }))).toMatchObject({ status: 'pending' });
    expect(await c.invoke('payments.refresh', { id: operation.id })).toMatchObject({ ok: false, error: { code: 'token_expired' } });
    await payAsCustomer(sandbox.url, operation.qrPayload!, 2000);

    const validated = nextEvent(c, 'payment.updated', (op) => op.id === operation.id && op.status === 'validated');
    await loginDemo(c);
    expect(await validated).toMatchObject({ amountReceived: 2000 });
  });
});

describe('a platform that does not know a pending request', () => {
  it('marks it failed at the next reconciliation instead of asking forever', async () => {
    companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: join(dir.path, 'app') });
    const c = companion;
    await loginDemo(c);
    const operation = await createPayment(c, { amount: 2000, basketNumber: 'GONE-1' });
    // Another platform answers at the same address now (a fresh sandbox: the request is not there).
    const port = sandbox.port;
    await sandbox.close();
    sandbox = await startSandbox({ port });
    const failed = nextEvent(c, 'payment.updated', (op) => op.id === operation.id && op.status === 'failed');
    await loginDemo(c);
    expect(await failed).toMatchObject({ failure: { code: 'unknown_to_platform' }, qrPayload: null });
    expect(history(c, operation.id).at(-1)).toEqual({ source: 'reconciliation', status: 'failed' });
  });
});

describe('platform down or slow at create', () => {
  it('says the platform is unreachable, marks the request failed, and duplicates nothing once it is back', async () => {
    companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: join(dir.path, 'app') });
    const c = companion;
    await loginDemo(c);
    const port = sandbox.port;
    await sandbox.close();
    const down = await c.invoke('payments.create', { amount: 2000, basketNumber: 'DOWN-1' });
    expect(down).toMatchObject({ ok: false, error: { code: 'network_unreachable', message: expect.stringMatching(/injoignable/) } });
    const failed = unwrap(await c.invoke('operations.list', { status: 'failed' })).items;
    expect(failed).toHaveLength(1);

    sandbox = await startSandbox({ port, dbPath: join(dir.path, 'platform.sqlite3') });
    const retry = await createPayment(c, { amount: 2000, basketNumber: 'DOWN-1' });
    expect(retry.status).toBe('pending');
    expect(await platformRequests(sandbox.url, 'DOWN-1')).toHaveLength(1);
  });

  it('retries a create that timed out with the same idempotency key, so the retry gets the same request', async () => {
    companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: join(dir.path, 'app'), timing: { requestTimeoutMs: 400 } });
    const c = companion;
    await loginDemo(c);
    // The platform commits the request, then answers too late: the first attempt times out.
    await sandboxAdmin(sandbox.url, '/sandbox/faults', { createResponseDelayMs: 2_000 });
    const operation = await createPayment(c, { amount: 2000, basketNumber: 'SLOW-1' });
    expect(operation.status).toBe('pending');
    expect(await platformRequests(sandbox.url, 'SLOW-1')).toHaveLength(1);
    const db = new Database(c.dbFile, { readonly: true });
    const created = db
      .prepare(`SELECT detail FROM operation_events WHERE operation_id = ? AND status = 'pending'`)
      .get(operation.id) as { detail: string };
    db.close();
    expect(JSON.parse(created.detail)).toMatchObject({ step: 'created', attempts: 2 });
  });

  it('leaves a create with no answer at all for reconciliation, which finds it never arrived', async () => {
    const proxy = await startTcpProxy(sandbox.port);
    try {
      companion = await startTestCompanion({ platformUrl: proxy.url, dataDir: join(dir.path, 'app'), timing: { requestTimeoutMs: 300 } });
      const c = companion;
      await loginDemo(c);
      proxy.setMode('blackhole');
      proxy.dropConnections();
      const lost = await c.invoke('payments.create', { amount: 2000, basketNumber: 'LOST-1' });
      expect(lost).toMatchObject({ ok: false, error: { code: 'timeout' } });
      const [operation] = unwrap(await c.invoke('operations.list', {})).items;
      expect(operation).toMatchObject({ status: 'creating' });

      // The network comes back: connections stuck in the black hole are reset, new ones go through.
      proxy.setMode('forward');
      proxy.dropConnections();
      // "Annuler la demande" on a create without an answer settles it the reconciliation way.
      const settled = unwrap(await c.invoke('payments.cancel', { id: operation!.id }));
      expect(settled).toMatchObject({ status: 'failed', failure: { code: 'never_reached' } });
      expect(await platformRequests(sandbox.url, 'LOST-1')).toHaveLength(0);
      expect(history(c, operation!.id).map((e) => e.source)).toEqual(['local', 'reconciliation']);
    } finally {
      await proxy.close();
    }
  });
});
