// A reconciliation working from a stale `creating` row while a new create of the same sale is in
// flight: same basket, same amount, made a moment later, its answer not arrived yet. Matching by
// look-alike would take the new request for the old one and cancel it while the customer is about
// to pay. The platform echoes idempotency keys: the match is exact. A platform that does not echo
// them gets no conclusion while a create of that basket is in flight. Real sandbox, a real HTTP
// fault proxy in front of it, a real SQLite file.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import {
  loginDemo,
  payAsCustomer,
  platformRequests,
  sandboxAdmin,
  startTestCompanion,
  tempDir,
  unwrap,
} from '../support/companion';
import { startHttpFaultProxy, when, type HttpFaultProxy } from '../support/http-fault-proxy';
import { PATIENCE, patience } from '../support/patience';

let sandbox: RunningSandbox;
let proxy: HttpFaultProxy;
let companion: CoreCompanion | null;
let dir: ReturnType<typeof tempDir>;

beforeEach(async () => {
  dir = tempDir();
  sandbox = await startSandbox({ port: 0 });
  proxy = await startHttpFaultProxy(sandbox.url);
  companion = null;
});

afterEach(async () => {
  await companion?.close();
  await proxy.close();
  await sandbox.close();
  dir.remove();
});

const CREATE = /^\/v1\/payment-requests$/;
const unavailable = { kind: 'answer', status: 503, body: '{"error":{"code":"service_unavailable","message":"busy"}}' } as const;

/** A stale `creating` operation: its create was answered 503 three times (maybe made, maybe not). */
async function staleCreate(c: CoreCompanion, basketNumber: string, amount: number) {
  proxy.setRules([when('POST', CREATE, unavailable)]);
  const lost = await c.invoke('payments.create', { amount, basketNumber });
  expect(lost).toMatchObject({ ok: false, error: { code: 'outcome_unknown' } });
  const [stale] = unwrap(await c.invoke('operations.list', { status: 'all' })).items;
  expect(stale).toMatchObject({ status: 'creating', basketNumber });
  return stale!;
}

/** Starts a create of the same sale whose answer is held back, once the platform has made it. */
async function createInFlight(c: CoreCompanion, basketNumber: string, amount: number) {
  // The stale create cannot be settled first (the list answers 503), so the new one goes ahead.
  proxy.setRules([when('GET', CREATE, unavailable)]);
  await sandboxAdmin(sandbox.url, '/sandbox/faults', { createResponseDelayMs: 2_500 });
  const pending = c.invoke('payments.create', { amount, basketNumber });
  await vi.waitFor(async () => expect(await platformRequests(sandbox.url, basketNumber)).toHaveLength(1), patience(5_000));
  // Wrapped: an async function returning the promise itself would wait for it.
  return { answer: pending };
}

describe('a stale creating row and a new create of the same sale in flight', () => {
  it('never cancels the new request: the stale one is matched by its own key, and found never to have arrived', async () => {
    companion = await startTestCompanion({ platformUrl: proxy.url, dataDir: join(dir.path, 'app'), timing: { requestTimeoutMs: 4_000 } });
    const c = companion;
    await loginDemo(c);
    const stale = await staleCreate(c, 'SALE-7', 1500);
    const inFlight = await createInFlight(c, 'SALE-7', 1500);

    // "Rafraîchir" on the stale one while the new one still waits for its answer.
    proxy.setRules([]);
    const settled = unwrap(await c.invoke('payments.refresh', { id: stale.id }));
    expect(settled).toMatchObject({ status: 'failed', failure: { code: 'never_reached' } });

    const created = unwrap(await inFlight.answer);
    expect(created).toMatchObject({ status: 'pending', basketNumber: 'SALE-7' });
    expect(await platformRequests(sandbox.url, 'SALE-7')).toMatchObject([{ id: created.platformId, status: 'pending' }]);
    // The customer pays the sale: the companion hears it.
    await sandboxAdmin(sandbox.url, '/sandbox/faults', {});
    await payAsCustomer(sandbox.url, created.qrPayload!, 1500);
    await vi.waitFor(async () => expect((unwrap(await c.invoke('payments.get', { id: created.id })) as { status: string }).status).toBe('validated'), PATIENCE);
  });

  it('with a platform that does not echo keys: concludes nothing while the new create is in flight, then settles the stale one', async () => {
    companion = await startTestCompanion({ platformUrl: proxy.url, dataDir: join(dir.path, 'app'), timing: { requestTimeoutMs: 4_000 } });
    const c = companion;
    await loginDemo(c);
    const stale = await staleCreate(c, 'SALE-8', 1500);
    const inFlight = await createInFlight(c, 'SALE-8', 1500);

    // The list now comes back without keys, as from a platform that does not echo them.
    const withoutKeys = (text: string) => text.replace(/,"idempotencyKey":"[^"]*"/g, '');
    proxy.setRules([when('GET', CREATE, { kind: 'rewrite', body: withoutKeys })]);
    const untouched = unwrap(await c.invoke('payments.refresh', { id: stale.id }));
    expect(untouched).toMatchObject({ status: 'creating' });

    const created = unwrap(await inFlight.answer);
    expect(created).toMatchObject({ status: 'pending' });
    expect(await platformRequests(sandbox.url, 'SALE-8')).toMatchObject([{ status: 'pending' }]);
    // Once the new create has its answer, its request is its own: the stale one never arrived.
    const settled = unwrap(await c.invoke('payments.refresh', { id: stale.id }));
    expect(settled).toMatchObject({ status: 'failed', failure: { code: 'never_reached' } });
    expect(await platformRequests(sandbox.url, 'SALE-8')).toMatchObject([{ status: 'pending' }]);
  });
});
