// The sandbox's Server-Sent Events and expiry, black box over loopback HTTP: an event on
// create, payment, cancel and expiry; merchant scoping; resuming with Last-Event-ID; the
// "stream cut" switch that forces clients back to polling.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PAYMENT_REQUEST_UPDATED_EVENT, PaymentRequest } from '../../electron/common/platform-api';
import { errorOf, startTestSandbox, type TestSandbox } from '../support/sandbox';
import { openEventStream, type EventStreamReader, type SseEvent } from '../support/sse';
import { PATIENCE } from '../support/patience';

let sandbox: TestSandbox;
let token: string;
let counter = 0;
const basket = () => `E-${(counter += 1)}`;
const openStreams: EventStreamReader[] = [];

async function stream(options: { token?: string; lastEventId?: string | number } = {}): Promise<EventStreamReader> {
  const reader = await openEventStream(sandbox.url, { token, ...options });
  openStreams.push(reader);
  return reader;
}

const requestOf = (event: SseEvent): PaymentRequest => PaymentRequest.parse(JSON.parse(event.data));
const about = (id: string, status?: string) => (event: SseEvent) => {
  const request = requestOf(event);
  return request.id === id && (status === undefined || request.status === status);
};

beforeAll(async () => {
  sandbox = await startTestSandbox();
  token = await sandbox.api.token();
});

afterEach(() => {
  for (const reader of openStreams.splice(0)) reader.close();
});

afterAll(async () => {
  await sandbox.close();
});

describe('the event stream', () => {
  it('needs a merchant token', async () => {
    const refused = await stream({ token: undefined });
    expect(refused.status).toBe(401);
    expect(refused.errorBody).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('streams payment_request.updated on create, payment and cancel, with strictly increasing ids', async () => {
    const events = await stream();
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const paid = await sandbox.api.create(token, { amount: 2000, basketNumber: basket() });
    const created = await events.next(about(paid.id, 'pending'));
    expect(created.event).toBe(PAYMENT_REQUEST_UPDATED_EVENT);
    expect(requestOf(created)).toEqual(paid);

    await sandbox.api.pay(paid.qrPayload, 'demo-wallet-1', 1500);
    const validated = requestOf(await events.next(about(paid.id, 'validated')));
    expect(validated.amountReceived).toBe(1500);

    const toCancel = await sandbox.api.create(token, { amount: 900, basketNumber: basket() });
    await sandbox.api.cancel(token, toCancel.id);
    await events.next(about(toCancel.id, 'cancelled'));

    const ids = events.events.map((event) => Number(event.id));
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("only streams the merchant's own events", async () => {
    const conventionNumber = '111122223333';
    await sandbox.api.admin.createMerchant({ conventionNumber, name: 'Gîte des Chênes', password: 'gite' });
    const otherToken = (await sandbox.api.login('gite', conventionNumber)).accessToken;
    const theirs = await stream({ token: otherToken });

    const mine = await sandbox.api.create(token, { amount: 100, basketNumber: basket() });
    const own = await sandbox.api.create(otherToken, { amount: 200, basketNumber: basket() });
    const first = await theirs.next();
    expect(requestOf(first).id).toBe(own.id);
    expect(theirs.events.some((event) => event.data.includes(mine.id))).toBe(false);
  });

  it('resumes with Last-Event-ID: replays every missed event in order, then streams live', async () => {
    const first = await stream();
    const a = await sandbox.api.create(token, { amount: 100, basketNumber: basket() });
    const seen = await first.next(about(a.id));
    first.close();

    // While the companion is away: a payment and a new request.
    await sandbox.api.pay(a.qrPayload, 'demo-wallet-1', 100);
    const b = await sandbox.api.create(token, { amount: 300, basketNumber: basket() });

    const resumed = await stream({ lastEventId: seen.id! });
    const replayed1 = await resumed.next();
    const replayed2 = await resumed.next();
    expect(requestOf(replayed1)).toMatchObject({ id: a.id, status: 'validated' });
    expect(requestOf(replayed2)).toMatchObject({ id: b.id, status: 'pending' });
    expect(Number(replayed1.id)).toBeGreaterThan(Number(seen.id));
    expect(Number(replayed2.id)).toBeGreaterThan(Number(replayed1.id));

    await sandbox.api.cancel(token, b.id);
    const live = await resumed.next();
    expect(requestOf(live)).toMatchObject({ id: b.id, status: 'cancelled' });
    expect(Number(live.id)).toBeGreaterThan(Number(replayed2.id));
  });

  it('replays the whole history with Last-Event-ID: 0, and nothing old without the header', async () => {
    const history = await stream({ lastEventId: 0 });
    const firstEvent = await history.next();
    expect(Number(firstEvent.id)).toBeGreaterThan(0);

    const fresh = await stream();
    const c = await sandbox.api.create(token, { amount: 100, basketNumber: basket() });
    const next = await fresh.next();
    expect(requestOf(next).id).toBe(c.id);
  });

  it('refuses a Last-Event-ID that is not an event id (400 validation_error)', async () => {
    const refused = await stream({ lastEventId: 'yesterday' });
    expect(refused.status).toBe(400);
    expect(refused.errorBody).toMatchObject({ error: { code: 'validation_error', field: 'Last-Event-ID' } });
  });
});

describe('stream cut (sandbox switch)', () => {
  it('closes open streams, refuses new ones with 503 for a while, then accepts them again', async () => {
    const open = await stream();
    await sandbox.api.admin.cutStreams(400);
    await open.ended;
    expect(open.isEnded()).toBe(true);

    const refused = await stream();
    expect(refused.status).toBe(503);
    expect(refused.errorBody).toMatchObject({ error: { code: 'service_unavailable' } });
    // Meanwhile the API itself still answers: the companion can poll.
    expect((await sandbox.api.listAttempt(token)).status).toBe(200);

    const back = await vi.waitFor(async () => {
      const attempt = await stream();
      expect(attempt.status, 'the event stream to accept connections again').toBe(200);
      return attempt;
    }, PATIENCE);
    const d = await sandbox.api.create(token, { amount: 100, basketNumber: basket() });
    expect(requestOf(await back.next()).id).toBe(d.id);
  });
});

describe('expiry', () => {
  let quick: TestSandbox;
  let quickToken: string;

  beforeAll(async () => {
    quick = await startTestSandbox({ expirySeconds: 1 });
    quickToken = await quick.api.token();
  });

  afterAll(async () => {
    await quick.close();
  });

  it('expires an unpaid request after the configured time, with its event, and frees the basket', async () => {
    const events = await openEventStream(quick.url, { token: quickToken });
    openStreams.push(events);
    const request = await quick.api.create(quickToken, { amount: 2000, basketNumber: 'REF253' });
    expect(Date.parse(request.expiresAt) - Date.parse(request.createdAt)).toBe(1000);
    await events.next(about(request.id, 'pending'));

    const expiredEvent = await events.next(about(request.id), 4_000);
    const expired = requestOf(expiredEvent);
    expect(expired).toMatchObject({ status: 'expired', amountReceived: 0 });
    // The timer checks every 250 ms; the bound leaves room for a loaded CI machine.
    expect(Date.parse(expired.updatedAt) - Date.parse(request.expiresAt)).toBeLessThan(2_000);
    expect(await quick.api.get(quickToken, request.id)).toEqual(expired);

    const late = await quick.api.payAttempt(request.qrPayload, 'demo-wallet-1', 2000);
    expect(late.status).toBe(409);
    expect(errorOf(late).code).toBe('not_pending');
    const lateCancel = await quick.api.cancelAttempt(quickToken, request.id);
    expect(lateCancel.status).toBe(409);
    expect((await quick.api.create(quickToken, { amount: 2000, basketNumber: 'REF253' })).status).toBe('pending');
  });

  it('does not expire a request that was paid in time', async () => {
    const events = await openEventStream(quick.url, { token: quickToken });
    openStreams.push(events);
    const request = await quick.api.create(quickToken, { amount: 500, basketNumber: 'PAID-IN-TIME' });
    await quick.api.pay(request.qrPayload, 'demo-wallet-1', 500);
    await events.next(about(request.id, 'validated'));
    // Wait until well past its expiry, on an event of another request that expires later.
    const marker = await quick.api.create(quickToken, { amount: 100, basketNumber: 'MARKER' });
    await events.next(about(marker.id, 'expired'), 4_000);
    expect(events.events.filter(about(request.id, 'expired'))).toHaveLength(0);
    expect((await quick.api.get(quickToken, request.id)).status).toBe('validated');
  });
});
