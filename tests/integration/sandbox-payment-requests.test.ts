// Payment requests on the sandbox platform, black box over loopback HTTP: create (idempotent),
// one pending request per basket, every validation rule, read, cancel and the list.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PaymentRequest } from '../../electron/common/platform-api';
import { errorOf, startTestSandbox, type TestSandbox } from '../support/sandbox';
import { PATIENCE } from '../support/patience';

let sandbox: TestSandbox;
let token: string;
let basketCounter = 0;
/** A basket number no other test uses. */
const basket = () => `B-${(basketCounter += 1)}`;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  token = await sandbox.api.token();
});

afterAll(async () => {
  await sandbox.close();
});

/** A second merchant of our own, so its list holds only what the test created. */
async function newMerchant(overrides: { minAmount?: number; maxAmount?: number } = {}) {
  const conventionNumber = String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));
  await sandbox.api.admin.createMerchant({ conventionNumber, name: 'Restaurant du Port', password: 'secret-port', ...overrides });
  return { conventionNumber, token: (await sandbox.api.login('secret-port', conventionNumber)).accessToken };
}

describe('create', () => {
  it('creates a pending request of integer cents, with a QR payload linking to the wallet page', async () => {
    const basketNumber = basket();
    const before = Date.now();
    const created = await sandbox.api.create(token, { amount: 2000, basketNumber });
    expect(created).toMatchObject({
      basketNumber,
      amountRequested: 2000,
      amountReceived: 0,
      currency: 'EUR',
      status: 'pending',
      label: null,
      customerReference: null,
      sellerId: null,
    });
    expect(created.createdAt).toBe(created.updatedAt);
    expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    // default expiry: 5 minutes
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(300_000);
    const qr = new URL(created.qrPayload);
    expect(`${qr.origin}${qr.pathname}`).toBe(sandbox.walletPageUrl);
    // ≥ 128 bits of randomness in base64url = at least 22 characters
    expect(qr.searchParams.get('qr')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  });

  it('keeps the optional label, customer reference and seller id', async () => {
    const created = await sandbox.api.create(token, {
      amount: 4550,
      basketNumber: basket(),
      label: 'Emplacement 12 — 2 nuits',
      customerReference: 'Famille Martin',
      sellerId: 'accueil-2',
    });
    expect(created).toMatchObject({ label: 'Emplacement 12 — 2 nuits', customerReference: 'Famille Martin', sellerId: 'accueil-2' });
    expect(await sandbox.api.get(token, created.id)).toEqual(created);
  });

  it('gives each request its own unguessable QR token', async () => {
    const a = await sandbox.api.create(token, { amount: 100, basketNumber: basket() });
    const b = await sandbox.api.create(token, { amount: 100, basketNumber: basket() });
    expect(a.qrPayload).not.toBe(b.qrPayload);
    expect(a.id).not.toBe(b.id);
  });

  it('accepts the boundaries: 1 cent, 1 000 000 cents, a 20-character basket, 50/50/20-character texts', async () => {
    await sandbox.api.create(token, { amount: 1, basketNumber: basket() });
    await sandbox.api.create(token, { amount: 1_000_000, basketNumber: basket() });
    const long = await sandbox.api.create(token, {
      amount: 500,
      basketNumber: `Ab-_9${'x'.repeat(15)}`,
      label: 'l'.repeat(50),
      customerReference: 'c'.repeat(50),
      sellerId: 's'.repeat(20),
    });
    expect(long.basketNumber).toHaveLength(20);
  });
});

describe('idempotency', () => {
  it('answers a retried create (same key, same body) with the same request, never a second one', async () => {
    const key = randomUUID();
    const basketNumber = basket();
    const body = { amount: 2000, basketNumber, label: 'Séjour' };
    const first = await sandbox.api.createAttempt(token, body, key);
    expect(first.status).toBe(201);
    // Same values in another key order: still the same body.
    const retry = await sandbox.api.createAttempt(token, { label: 'Séjour', basketNumber, amount: 2000 }, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const list = await sandbox.api.list(token, { basketNumber });
    expect(list.items).toHaveLength(1);
  });

  it('looks the key up before the basket rule, and still answers once the request is final', async () => {
    const key = randomUUID();
    const body = { amount: 1500, basketNumber: basket() };
    const created = await sandbox.api.create(token, body, key);
    const whilePending = await sandbox.api.createAttempt(token, body, key);
    expect(whilePending.status).toBe(200);
    expect((whilePending.body as PaymentRequest).id).toBe(created.id);
    await sandbox.api.cancel(token, created.id);
    const afterCancel = await sandbox.api.createAttempt(token, body, key);
    expect(afterCancel.status).toBe(200);
    expect(afterCancel.body).toMatchObject({ id: created.id, status: 'cancelled' });
  });

  it('refuses the same key with a different body (409 idempotency_conflict) and creates nothing', async () => {
    const key = randomUUID();
    const basketNumber = basket();
    await sandbox.api.create(token, { amount: 2000, basketNumber }, key);
    for (const changed of [
      { amount: 2001, basketNumber },
      { amount: 2000, basketNumber: basket() },
      { amount: 2000, basketNumber, sellerId: 'v1' },
    ]) {
      const response = await sandbox.api.createAttempt(token, changed, key);
      expect(response.status).toBe(409);
      expect(errorOf(response).code).toBe('idempotency_conflict');
    }
    expect((await sandbox.api.list(token, { basketNumber })).items).toHaveLength(1);
  });

  it('scopes keys to the merchant', async () => {
    const other = await newMerchant();
    const key = randomUUID();
    const body = { amount: 700, basketNumber: basket() };
    const mine = await sandbox.api.create(token, body, key);
    const theirs = await sandbox.api.create(other.token, body, key);
    expect(theirs.id).not.toBe(mine.id);
  });

  it.each([
    ['missing', null],
    ['empty', ''],
    ['longer than 200 characters', 'k'.repeat(201)],
    ['with a space inside', 'two words'],
  ])('refuses a %s Idempotency-Key header (400 validation_error, field Idempotency-Key)', async (_case, key) => {
    const basketNumber = basket();
    const response = await sandbox.api.createAttempt(token, { amount: 100, basketNumber }, key);
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'validation_error', field: 'Idempotency-Key' });
    expect((await sandbox.api.list(token, { basketNumber })).items).toHaveLength(0);
  });
});

describe('one pending request per basket', () => {
  it('refuses a second pending request for the same basket (409 basket_in_progress) until the first is final', async () => {
    const basketNumber = basket();
    const first = await sandbox.api.create(token, { amount: 2000, basketNumber });
    const second = await sandbox.api.createAttempt(token, { amount: 2000, basketNumber });
    expect(second.status).toBe(409);
    expect(errorOf(second).code).toBe('basket_in_progress');

    await sandbox.api.cancel(token, first.id);
    const afterCancel = await sandbox.api.create(token, { amount: 2000, basketNumber });
    await sandbox.api.pay(afterCancel.qrPayload, 'demo-wallet-1', 2000);
    const afterPayment = await sandbox.api.create(token, { amount: 300, basketNumber });
    expect(afterPayment.status).toBe('pending');
  });

  it('lets another merchant use the same basket number', async () => {
    const other = await newMerchant();
    const basketNumber = basket();
    await sandbox.api.create(token, { amount: 2000, basketNumber });
    const theirs = await sandbox.api.create(other.token, { amount: 2000, basketNumber });
    expect(theirs.status).toBe('pending');
  });
});

describe('validation (400 validation_error naming the field, nothing created)', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['amount missing', { basketNumber: 'V1' }, 'amount'],
    ['amount as a string', { amount: '2000', basketNumber: 'V1' }, 'amount'],
    ['amount in euros with decimals', { amount: 20.5, basketNumber: 'V1' }, 'amount'],
    ['amount zero', { amount: 0, basketNumber: 'V1' }, 'amount'],
    ['amount negative', { amount: -100, basketNumber: 'V1' }, 'amount'],
    ['amount above 1 000 000 cents', { amount: 1_000_001, basketNumber: 'V1' }, 'amount'],
    ['basketNumber missing', { amount: 100 }, 'basketNumber'],
    ['basketNumber empty', { amount: 100, basketNumber: '' }, 'basketNumber'],
    ['basketNumber of 21 characters', { amount: 100, basketNumber: 'x'.repeat(21) }, 'basketNumber'],
    ['basketNumber with a space', { amount: 100, basketNumber: 'REF 253' }, 'basketNumber'],
    ['basketNumber with a slash', { amount: 100, basketNumber: 'REF/253' }, 'basketNumber'],
    ['basketNumber with an accent', { amount: 100, basketNumber: 'RÉF253' }, 'basketNumber'],
    ['basketNumber as a number', { amount: 100, basketNumber: 253 }, 'basketNumber'],
    ['label of 51 characters', { amount: 100, basketNumber: 'V1', label: 'l'.repeat(51) }, 'label'],
    ['label as a number', { amount: 100, basketNumber: 'V1', label: 12 }, 'label'],
    ['customerReference of 51 characters', { amount: 100, basketNumber: 'V1', customerReference: 'c'.repeat(51) }, 'customerReference'],
    ['sellerId of 21 characters', { amount: 100, basketNumber: 'V1', sellerId: 's'.repeat(21) }, 'sellerId'],
    ['an unknown property (no deferred payment)', { amount: 100, basketNumber: 'V1', deferredUntil: '2026-08-01' }, 'deferredUntil'],
  ];

  it.each(cases)('%s', async (_case, body, field) => {
    const response = await sandbox.api.createAttempt(token, body);
    expect(response.status).toBe(400);
    const error = errorOf(response);
    expect(error).toMatchObject({ code: 'validation_error', field });
    expect(error.message).toContain(field);
  });

  it('refuses a body that is not an object', async () => {
    for (const body of [[], 'REF253', 42, null]) {
      const response = await sandbox.api.createAttempt(token, body);
      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe('validation_error');
    }
  });

  it('created none of the refused requests', async () => {
    expect((await sandbox.api.list(token, { basketNumber: 'V1' })).items).toHaveLength(0);
  });

  it("applies the merchant's own minimum and maximum", async () => {
    const limited = await startTestSandbox({ minAmount: 100, maxAmount: 5_000 });
    try {
      const limitedToken = await limited.api.token();
      for (const amount of [99, 5_001]) {
        const response = await limited.api.createAttempt(limitedToken, { amount, basketNumber: `L${amount}` });
        expect(response.status).toBe(400);
        // The limits travel with the refusal, so the till can say them to the cashier.
        expect(errorOf(response)).toMatchObject({ code: 'validation_error', field: 'amount', minAmount: 100, maxAmount: 5_000 });
      }
      await limited.api.create(limitedToken, { amount: 100, basketNumber: 'L100' });
      await limited.api.create(limitedToken, { amount: 5_000, basketNumber: 'L5000' });
    } finally {
      await limited.close();
    }
  });
});

describe('read and cancel', () => {
  it('reads a request by id, and answers 404 not_found for an unknown id or another merchant', async () => {
    const created = await sandbox.api.create(token, { amount: 900, basketNumber: basket() });
    expect(await sandbox.api.get(token, created.id)).toEqual(created);

    const unknown = await sandbox.api.getAttempt(token, randomUUID());
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('not_found');

    const other = await newMerchant();
    const foreign = await sandbox.api.getAttempt(other.token, created.id);
    expect(foreign.status).toBe(404);
    const foreignCancel = await sandbox.api.cancelAttempt(other.token, created.id);
    expect(foreignCancel.status).toBe(404);
    expect((await sandbox.api.get(token, created.id)).status).toBe('pending');
  });

  it('cancels a pending request, then refuses to cancel it again (409 not_pending)', async () => {
    const created = await sandbox.api.create(token, { amount: 1200, basketNumber: basket() });
    const cancelled = await sandbox.api.cancel(token, created.id);
    expect(cancelled).toMatchObject({ id: created.id, status: 'cancelled', amountReceived: 0 });
    expect(Date.parse(cancelled.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    expect(await sandbox.api.get(token, created.id)).toEqual(cancelled);

    const again = await sandbox.api.cancelAttempt(token, created.id);
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('not_pending');
  });

  it('refuses to cancel a validated request (409 not_pending) and keeps it validated', async () => {
    const created = await sandbox.api.create(token, { amount: 1200, basketNumber: basket() });
    await sandbox.api.pay(created.qrPayload, 'demo-wallet-1', 1200);
    const response = await sandbox.api.cancelAttempt(token, created.id);
    expect(response.status).toBe(409);
    expect(errorOf(response).code).toBe('not_pending');
    expect(await sandbox.api.get(token, created.id)).toMatchObject({ status: 'validated', amountReceived: 1200 });
  });

  it('cannot pay a cancelled request (409 not_pending)', async () => {
    const created = await sandbox.api.create(token, { amount: 1200, basketNumber: basket() });
    await sandbox.api.cancel(token, created.id);
    const response = await sandbox.api.payAttempt(created.qrPayload, 'demo-wallet-1', 1200);
    expect(response.status).toBe(409);
    expect(errorOf(response).code).toBe('not_pending');
  });
});

describe('list', () => {
  let merchant: { token: string };
  let created: PaymentRequest[];

  beforeAll(async () => {
    merchant = await newMerchant();
    created = [];
    for (let i = 1; i <= 7; i += 1) {
      const previous = created.at(-1);
      // Distinct creation instants, so the from/to bounds below are unambiguous.
      if (previous) await vi.waitFor(() => expect(Date.now(), 'the clock to move').toBeGreaterThan(Date.parse(previous.createdAt)), PATIENCE);
      // n3 and n6 are cancelled, which frees basket LIST-X for n6 and then n7.
      const basketNumber = i % 3 === 0 || i === 7 ? 'LIST-X' : `LIST-${i}`;
      created.push(await sandbox.api.create(merchant.token, { amount: 100 * i, basketNumber, label: `n${i}` }, `list-${i}`));
      if (i % 3 === 0) await sandbox.api.cancel(merchant.token, created.at(-1)!.id);
    }
  });

  it('lists the merchant’s requests newest first, 50 by default, with no cursor at the end', async () => {
    const list = await sandbox.api.list(merchant.token);
    expect(list.items.map((item) => item.label)).toEqual(['n7', 'n6', 'n5', 'n4', 'n3', 'n2', 'n1']);
    expect(list.nextCursor).toBeNull();
  });

  it('pages with limit and an opaque cursor, never repeating or skipping an item', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string | number> = { limit: 3 };
      if (cursor) query.cursor = cursor;
      const page = await sandbox.api.list(merchant.token, query);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((item) => item.label ?? ''));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['n7', 'n6', 'n5', 'n4', 'n3', 'n2', 'n1']);
  });

  it('filters by status and by exact basket number', async () => {
    const cancelled = await sandbox.api.list(merchant.token, { status: 'cancelled' });
    expect(cancelled.items.map((item) => item.label)).toEqual(['n6', 'n3']);
    const sameBasket = await sandbox.api.list(merchant.token, { basketNumber: 'LIST-X' });
    expect(sameBasket.items.map((item) => item.label)).toEqual(['n7', 'n6', 'n3']);
    const pending = await sandbox.api.list(merchant.token, { status: 'pending', basketNumber: 'LIST-X' });
    expect(pending.items.map((item) => item.label)).toEqual(['n7']);
    expect((await sandbox.api.list(merchant.token, { basketNumber: 'LIST' })).items).toEqual([]);
  });

  it('filters on createdAt with from (inclusive) and to (exclusive), any ISO offset', async () => {
    const third = created[2]!;
    const fifth = created[4]!;
    const window = await sandbox.api.list(merchant.token, { from: third.createdAt, to: fifth.createdAt });
    expect(window.items.map((item) => item.label)).toEqual(['n4', 'n3']);
    // The same instant written in Paris summer time.
    const shifted = new Date(Date.parse(third.createdAt) + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    const fromParis = await sandbox.api.list(merchant.token, { from: shifted });
    expect(fromParis.items.map((item) => item.label)).toEqual(['n7', 'n6', 'n5', 'n4', 'n3']);
  });

  it.each([
    ['status', { status: 'paid' }],
    ['limit', { limit: 0 }],
    ['limit', { limit: 101 }],
    ['limit', { limit: 'ten' }],
    ['from', { from: 'yesterday' }],
    ['to', { to: '2026-13-01T00:00:00Z' }],
    ['basketNumber', { basketNumber: 'REF 253' }],
    ['cursor', { cursor: 'not-a-cursor' }],
    ['sort', { sort: 'asc' }],
  ])('refuses a bad %s (400 validation_error)', async (field, query) => {
    const response = await sandbox.api.listAttempt(merchant.token, query as Record<string, string | number>);
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'validation_error', field });
  });

  it('accepts limit 100 and lists only the merchant’s own requests', async () => {
    const list = await sandbox.api.list(merchant.token, { limit: 100 });
    expect(list.items).toHaveLength(7);
    const demoList = await sandbox.api.list(token, { limit: 100 });
    expect(demoList.items.some((item) => item.label?.startsWith('n'))).toBe(false);
  });
});
