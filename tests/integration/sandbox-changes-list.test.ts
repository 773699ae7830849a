// The sandbox's list of what changed (`GET /v1/payment-requests?updatedSince=…`) and the
// idempotency key it echoes, black box over loopback HTTP: what a client reads, in one call,
// instead of fetching every pending request while the event stream is down.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestSandbox, type TestSandbox } from '../support/sandbox';
import { openEventStream } from '../support/sse';

let sandbox: TestSandbox;
let conventionNumber: string;
let token: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  // A merchant of our own: its list holds only what this file creates.
  conventionNumber = String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));
  await sandbox.api.admin.createMerchant({ conventionNumber, name: 'Librairie du Quai', password: 'secret-quai' });
  token = (await sandbox.api.login('secret-quai', conventionNumber)).accessToken;
});

afterAll(async () => {
  await sandbox.close();
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('updatedSince', () => {
  it('lists the requests changed at or after an instant, oldest change first, with their latest state', async () => {
    const since = new Date().toISOString();
    await tick();
    const a = await sandbox.api.create(token, { amount: 1000, basketNumber: 'CH-A' });
    await tick();
    const b = await sandbox.api.create(token, { amount: 2000, basketNumber: 'CH-B' });
    await tick();
    const c = await sandbox.api.create(token, { amount: 3000, basketNumber: 'CH-C' });
    await tick();
    await sandbox.api.pay(a.qrPayload, 'demo-wallet-1', 1000); // a changes last but one
    await tick();
    await sandbox.api.cancel(token, b.id); // b changes last

    const changed = await sandbox.api.list(token, { updatedSince: since });
    expect(changed.items.map((r) => [r.basketNumber, r.status])).toEqual([
      ['CH-C', 'pending'],
      ['CH-A', 'validated'],
      ['CH-B', 'cancelled'],
    ]);
    expect(changed.nextCursor).toBeNull();

    // Only what changed after the payment of a: b's cancel.
    const paid = changed.items.find((r) => r.id === a.id)!;
    const later = await sandbox.api.list(token, { updatedSince: new Date(Date.parse(paid.updatedAt) + 1).toISOString() });
    expect(later.items.map((r) => r.id)).toEqual([b.id]);
    // Offsets are instants like any other.
    const offset = new Date(Date.parse(since) + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    expect((await sandbox.api.list(token, { updatedSince: offset })).items).toHaveLength(3);
    expect(c.id).toBeTruthy();
  });

  it('pages in change order, never repeating or skipping one, and keeps the other filters', async () => {
    const since = new Date().toISOString();
    await tick();
    const created = [];
    for (let i = 0; i < 5; i += 1) created.push(await sandbox.api.create(token, { amount: 100 + i, basketNumber: `PG-${i}` }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await sandbox.api.list(token, { updatedSince: since, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(created.map((r) => r.id));
    const one = await sandbox.api.list(token, { updatedSince: since, basketNumber: 'PG-3' });
    expect(one.items.map((r) => r.id)).toEqual([created[3]!.id]);
  });

  it('refuses a cursor of the newest-first list, and a bad instant', async () => {
    const newest = await sandbox.api.list(token, { limit: 1 });
    const mixed = await sandbox.api.listAttempt(token, { updatedSince: new Date(0).toISOString(), cursor: newest.nextCursor! });
    expect(mixed.status).toBe(400);
    expect(errorOf(mixed)).toMatchObject({ code: 'validation_error', field: 'cursor' });
    const bad = await sandbox.api.listAttempt(token, { updatedSince: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'validation_error', field: 'updatedSince' });
  });
});

describe('the idempotency key, echoed to the merchant', () => {
  it('comes back on the create, the read, the list and the event stream', async () => {
    const key = `till-7-${randomUUID()}`;
    const stream = await openEventStream(sandbox.url, { token });
    try {
      const created = await sandbox.api.create(token, { amount: 4200, basketNumber: 'KEY-1' }, key);
      expect(created.idempotencyKey).toBe(key);
      expect((await sandbox.api.get(token, created.id)).idempotencyKey).toBe(key);
      const listed = await sandbox.api.list(token, { basketNumber: 'KEY-1' });
      expect(listed.items.map((r) => r.idempotencyKey)).toEqual([key]);
      const event = await stream.next((e) => JSON.parse(e.data).id === created.id);
      expect(JSON.parse(event.data).idempotencyKey).toBe(key);
    } finally {
      stream.close();
    }
  });
});
