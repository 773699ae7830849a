// The payment lifecycle of the core, against the real sandbox platform over loopback HTTP and a
// real SQLite operation log on disk.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Operation } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { DEMO_CONVENTION_NUMBER, startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import {
  createPayment,
  loginDemo,
  nextEvent,
  payAsCustomer,
  platformRequests,
  startTestCompanion,
  tempDir,
  unwrap,
  operationCount,
} from '../support/companion';
import { PATIENCE } from '../support/patience';

let sandbox: RunningSandbox;
let companion: CoreCompanion;
let dir: ReturnType<typeof tempDir>;

beforeEach(async () => {
  dir = tempDir();
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
});

afterEach(async () => {
  await companion.close();
  await sandbox.close();
  dir.remove();
});

const rowCount = () => operationCount(companion.dbFile);

describe('session', () => {
  it('passes wrong-password attempts and the lock through verbatim, one platform attempt per login', async () => {
    const wrong = { conventionNumber: DEMO_CONVENTION_NUMBER, password: 'pas-le-bon' };
    const first = await companion.invoke('session.login', wrong);
    expect(first).toMatchObject({ ok: false, error: { code: 'invalid_credentials', details: { attemptsLeft: 2 } } });
    expect(!first.ok && first.error.message).toMatch(/Il vous reste 2 essais/);
    const second = await companion.invoke('session.login', wrong);
    expect(second).toMatchObject({ ok: false, error: { details: { attemptsLeft: 1 } } });
    const third = await companion.invoke('session.login', wrong);
    expect(third).toMatchObject({ ok: false, error: { code: 'account_locked', details: { unlockUrl: expect.stringContaining('espace-ptl.ancv.fr') } } });
    const session = unwrap(await companion.invoke('session.get', {}));
    expect(session).toMatchObject({ status: 'logged_out' });
    // The demo credentials are app.about's, for the login screen: the session carries no password.
    expect(session).not.toHaveProperty('demo');
    expect(unwrap(await companion.invoke('app.about', {})).demo).toMatchObject({ conventionNumber: DEMO_CONVENTION_NUMBER });
  });

  it('logs in, announces it, and keeps the password nowhere', async () => {
    const changed = nextEvent(companion, 'session.changed', (s) => s.status === 'logged_in');
    await loginDemo(companion);
    expect((await changed).merchant).toEqual({ conventionNumber: DEMO_CONVENTION_NUMBER, name: 'Camping des Pins' });
    const db = new Database(companion.dbFile, { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM meta').all()) + JSON.stringify(db.prepare('SELECT * FROM operations').all());
    db.close();
    expect(dump).not.toContain('vacances2026');
  });

  it('refuses to create a request when nobody is logged in, and writes nothing', async () => {
    const result = await companion.invoke('payments.create', { amount: 2000, basketNumber: 'REF253' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    expect(rowCount()).toBe(0);
  });
});

describe('payment requests', () => {
  beforeEach(() => loginDemo(companion));

  it('walks the seed flow: 20,00 € for REF253, the customer pays, status arrives by itself', async () => {
    const operation = await createPayment(companion, { amount: 2000, basketNumber: 'REF253', label: 'Emplacement 12' });
    expect(operation).toMatchObject({ status: 'pending', amountRequested: 2000, amountReceived: 0, basketNumber: 'REF253' });
    expect(operation.qrPayload).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wallet\?qr=/);
    expect(Date.parse(operation.expiresAt!)).toBeGreaterThan(Date.now());
    const validated = nextEvent(companion, 'payment.updated', (op) => op.id === operation.id && op.status === 'validated');
    await payAsCustomer(sandbox.url, operation.qrPayload!, 2000);
    const final = await validated;
    expect(final).toMatchObject({ amountReceived: 2000, remainder: 0, qrPayload: null });
    expect(unwrap(await companion.invoke('payments.get', { id: operation.id }))).toMatchObject({ status: 'validated' });
  });

  it('records the intent before the platform answers, and the history with its sources', async () => {
    const statuses: string[] = [];
    companion.on('payment.updated', (op) => statuses.push(op.status));
    const operation = await createPayment(companion, { amount: 1234, basketNumber: 'HIST-1' });
    expect(statuses).toEqual(['creating', 'pending']);
    await payAsCustomer(sandbox.url, operation.qrPayload!, 1234);
    await vi.waitFor(() => expect(statuses).toContain('validated'), PATIENCE);
    const db = new Database(companion.dbFile, { readonly: true });
    const events = db
      .prepare('SELECT source, status FROM operation_events WHERE operation_id = ? ORDER BY seq')
      .all(operation.id) as Array<{ source: string; status: string }>;
    const row = db.prepare('SELECT idempotency_key, platform_id FROM operations WHERE id = ?').get(operation.id) as {
      idempotency_key: string;
      platform_id: string;
    };
    expect(() => db.prepare('DELETE FROM operation_events').run()).toThrow(/readonly|append-only/);
    db.close();
    expect(events).toEqual([
      { source: 'local', status: 'creating' },
      { source: 'local', status: 'pending' },
      { source: 'stream', status: 'validated' },
    ]);
    expect(row.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.platform_id).toBe(operation.platformId);
  });

  it('keeps a partial payment validated with its remainder and asks for the rest on the same basket', async () => {
    const operation = await createPayment(companion, { amount: 2000, basketNumber: 'REF253' });
    await payAsCustomer(sandbox.url, operation.qrPayload!, 1500);
    const partial = await vi.waitFor(async () => {
      const op = unwrap(await companion.invoke('payments.get', { id: operation.id })) as Operation;
      expect(op.status).toBe('validated');
      return op;
    }, PATIENCE);
    expect(partial).toMatchObject({ amountReceived: 1500, remainder: 500 });

    const tooMuch = await companion.invoke('payments.create', { amount: 600, basketNumber: 'REF253', followUpOf: operation.id });
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'amount' } } });
    const rest = await createPayment(companion, { amount: 500, basketNumber: 'REF253', followUpOf: operation.id });
    expect(rest).toMatchObject({ status: 'pending', amountRequested: 500, followUpOf: operation.id });
  });

  it('cancels a pending request, and refuses to cancel it twice', async () => {
    const operation = await createPayment(companion, { amount: 990, basketNumber: 'ANNUL-1' });
    const cancelled = unwrap(await companion.invoke('payments.cancel', { id: operation.id }));
    expect(cancelled).toMatchObject({ status: 'cancelled', remainder: 0, qrPayload: null });
    expect(await companion.invoke('payments.cancel', { id: operation.id })).toMatchObject({ ok: false, error: { code: 'not_pending' } });
    expect((await platformRequests(sandbox.url, 'ANNUL-1')).map((r) => r.status)).toEqual(['cancelled']);
  });

  it('refreshes on demand ("Rafraîchir") even with no event stream', async () => {
    await companion.tracker.stop();
    const operation = await createPayment(companion, { amount: 700, basketNumber: 'REFRESH-1' });
    await payAsCustomer(sandbox.url, operation.qrPayload!, 700);
    expect(unwrap(await companion.invoke('payments.refresh', { id: operation.id }))).toMatchObject({ status: 'validated', amountReceived: 700 });
  });

  it('marks a refused create failed with the reason: one pending request per basket', async () => {
    await createPayment(companion, { amount: 1000, basketNumber: 'BUSY-1' });
    const second = await companion.invoke('payments.create', { amount: 1000, basketNumber: 'BUSY-1' });
    expect(second).toMatchObject({ ok: false, error: { code: 'basket_in_progress' } });
    const list = unwrap(await companion.invoke('operations.list', { status: 'failed' }));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ basketNumber: 'BUSY-1', failure: { code: 'basket_in_progress' } });
    expect(await platformRequests(sandbox.url, 'BUSY-1')).toHaveLength(1);
  });

  it.each([
    ['a negative amount', { amount: -100, basketNumber: 'REF1' }, 'amount'],
    ['a fraction of a cent', { amount: 20.5, basketNumber: 'REF1' }, 'amount'],
    ['a huge amount', { amount: 1e12, basketNumber: 'REF1' }, 'amount'],
    ['zero', { amount: 0, basketNumber: 'REF1' }, 'amount'],
    ['an amount as text', { amount: '20', basketNumber: 'REF1' }, 'amount'],
    ['an empty basket number', { amount: 100, basketNumber: '' }, 'basketNumber'],
    ['an over-long basket number', { amount: 100, basketNumber: 'B'.repeat(21) }, 'basketNumber'],
    ['a basket number with spaces', { amount: 100, basketNumber: 'REF 1' }, 'basketNumber'],
    ['an over-long label', { amount: 100, basketNumber: 'REF1', label: 'x'.repeat(51) }, 'label'],
    ['an unknown field', { amount: 100, basketNumber: 'REF1', deferred: true }, undefined],
  ])('refuses %s with bad_request and writes no row', async (_name, input, field) => {
    const result = await companion.invoke('payments.create', input);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (field) expect(!result.ok && result.error.details?.field).toBe(field);
    expect(rowCount()).toBe(0);
  });

  it('expires a request that is not paid in time, and says so by itself', async () => {
    await companion.close();
    await sandbox.close();
    sandbox = await startSandbox({ port: 0, expirySeconds: 1 });
    companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
    await loginDemo(companion);
    const operation = await createPayment(companion, { amount: 500, basketNumber: 'EXP-1' });
    const expired = await nextEvent(companion, 'payment.updated', (op) => op.id === operation.id && op.status === 'expired', 4_000);
    expect(expired).toMatchObject({ amountReceived: 0, remainder: 0, qrPayload: null });
  });
});

describe('operations list and day totals', () => {
  beforeEach(() => loginDemo(companion));

  it('filters by status and basket, pages newest first, and totals the day', async () => {
    const paid = await createPayment(companion, { amount: 2000, basketNumber: 'REF253' });
    await payAsCustomer(sandbox.url, paid.qrPayload!, 1500);
    const cancelled = await createPayment(companion, { amount: 1000, basketNumber: 'REF254', label: 'Location vélo' });
    unwrap(await companion.invoke('payments.cancel', { id: cancelled.id }));
    const pending = await createPayment(companion, { amount: 300, basketNumber: 'CAFE-7' });
    await vi.waitFor(async () => expect(unwrap(await companion.invoke('payments.get', { id: paid.id })).status).toBe('validated'), PATIENCE);

    const all = unwrap(await companion.invoke('operations.list', {}));
    expect(all.items.map((op) => op.id)).toEqual([pending.id, cancelled.id, paid.id]);
    const validated = unwrap(await companion.invoke('operations.list', { status: 'validated' }));
    expect(validated.items.map((op) => op.basketNumber)).toEqual(['REF253']);
    const byBasket = unwrap(await companion.invoke('operations.list', { query: 'ref25' }));
    expect(byBasket.items.map((op) => op.basketNumber)).toEqual(['REF254', 'REF253']);
    const byLabel = unwrap(await companion.invoke('operations.list', { query: 'vélo' }));
    expect(byLabel.items.map((op) => op.id)).toEqual([cancelled.id]);

    const page1 = unwrap(await companion.invoke('operations.list', { limit: 2 }));
    expect(page1.items).toHaveLength(2);
    const page2 = unwrap(await companion.invoke('operations.list', { limit: 2, cursor: page1.nextCursor! }));
    expect(page2.items.map((op) => op.id)).toEqual([paid.id]);
    expect(page2.nextCursor).toBeNull();
    expect(await companion.invoke('operations.list', { cursor: 'not-a-cursor' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', details: { field: 'cursor' } },
    });

    const summary = unwrap(await companion.invoke('operations.summary', {}));
    expect(summary.total).toEqual({ count: 3, amountRequested: 3300, amountReceived: 1500 });
    expect(summary.byStatus.validated).toEqual({ count: 1, amountRequested: 2000, amountReceived: 1500 });
    expect(summary.byStatus.cancelled.count).toBe(1);
    expect(summary.byStatus.pending.count).toBe(1);
  });
});
