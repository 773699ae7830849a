// The conformance suite every platform adapter passes against its own test server: what the core
// relies on, asserted through the port only (PlatformGateway), with real servers, real sockets
// and a TCP proxy that cuts connections for real. A platform's differences are its declared
// capabilities; the suite checks each behaviour the way that capability says it must be.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  PlatformError,
  type PaymentRequestInput,
  type PlatformGateway,
  type PlatformSession,
  type StatusFollower,
} from '../../../electron/core/platform/gateway';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { RecordingSink, type ConformanceTarget, type PlatformUnderTest } from './harness';

let basketCount = 0;
function input(amount: number, overrides: Partial<PaymentRequestInput> = {}): PaymentRequestInput {
  return {
    amount,
    basketNumber: `CONF-${process.pid % 1000}-${++basketCount}`,
    label: null,
    customerReference: null,
    sellerId: null,
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

async function failure(pending: Promise<unknown>): Promise<PlatformError> {
  const error = await pending.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof PlatformError)) throw new Error(`expected a PlatformError, got ${String(error)}`);
  return error;
}

export function platformConformance(target: ConformanceTarget): void {
  describe(`platform conformance: ${target.name}`, () => {
    let platform: PlatformUnderTest;
    let gateway: PlatformGateway;
    let session: PlatformSession;
    const followers: StatusFollower[] = [];
    const proxies: TcpProxy[] = [];

    const follow = (sink: RecordingSink, g = gateway, s = session) => {
      const follower = g.follow(s, sink);
      followers.push(follower);
      return follower;
    };

    beforeAll(async () => {
      platform = await target.start({ expirySeconds: 300 });
      gateway = platform.gateway({});
      session = (await gateway.authenticate(platform.credentials)).session;
    });

    afterEach(async () => {
      for (const follower of followers.splice(0)) follower.stop();
      for (const proxy of proxies.splice(0)) await proxy.close();
      await platform.delayCreates(0);
    });

    afterAll(async () => {
      await gateway.endSession(session).catch(() => undefined);
      await platform.close();
    });

    describe('credentials', () => {
      it('refuses wrong credentials as invalid_credentials, and opens a session with the right ones', async () => {
        const refused = await failure(gateway.authenticate(platform.wrongCredentials));
        expect(refused.kind).toBe('invalid_credentials');
        if (gateway.capabilities.loginLockout) expect(refused.attemptsLeft).toBe(gateway.capabilities.loginLockout.attempts - 1);

        const opened = await gateway.authenticate(platform.credentials);
        const id = platform.credentials.kind === 'convention' ? platform.credentials.conventionNumber : platform.credentials.merchantId;
        expect(opened.session.merchant.id).toBe(id);
        // The stored form resumes a working session after a restart; anything else resumes nothing.
        const resumed = gateway.restore(opened.stored);
        expect(resumed?.merchant.id).toBe(id);
        const created = await gateway.create(resumed!, input(700));
        expect((await gateway.get(resumed!, created.request.ref)).status).toBe('pending');
        expect(gateway.restore('{"not":"a session"}')).toBeNull();
        expect(gateway.restore('garbage')).toBeNull();
      });

      it('keeps its secrets out of the session object the core holds', async () => {
        const opened = await gateway.authenticate(platform.credentials);
        const shown = JSON.stringify(opened.session);
        const secret = platform.credentials.kind === 'convention' ? platform.credentials.password : platform.credentials.secretApiKey;
        expect(shown).not.toContain(secret);
        expect(shown).not.toMatch(/token/i);
        expect(Object.keys(opened.session).sort()).toEqual(['expiresAt', 'merchant']);
      });
    });

    describe('create', () => {
      it('makes one pending request with a QR payload, and the same key again gives that same request', async () => {
        const asked = input(2000, { label: 'Emplacement 12' });
        const first = await gateway.create(session, asked);
        expect(first.request).toMatchObject({ status: 'pending', amountRequested: 2000, amountReceived: 0, basketNumber: asked.basketNumber });
        expect(first.request.qrPayload.length).toBeGreaterThan(0);
        expect(first.replayed).not.toBe(true);

        const again = await gateway.create(session, asked);
        expect(again.request.ref).toBe(first.request.ref);
        expect(again.replayed).not.toBe(false);
        expect(await platform.requestsFor(asked.basketNumber)).toBe(1);
      });

      it('answers not_found for a reference it does not know', async () => {
        expect((await failure(gateway.get(session, 'no-such-request-0000'))).kind).toBe('not_found');
      });
    });

    describe('payment', () => {
      it('sees a full payment as validated with the whole amount', async () => {
        const sink = new RecordingSink();
        follow(sink);
        const { request } = await gateway.create(session, input(2000));
        sink.watch(request);
        await platform.pay(request.qrPayload, 2000);
        const seen = await sink.reported(request.ref, 'validated');
        expect(seen.request).toMatchObject({ amountRequested: 2000, amountReceived: 2000 });
        expect(await gateway.get(session, request.ref)).toMatchObject({ status: 'validated', amountReceived: 2000 });
      });

      it('sees a partial payment as validated with the amount actually paid', async () => {
        expect(gateway.capabilities.partialPayment).toBe(true);
        const sink = new RecordingSink();
        follow(sink);
        const { request } = await gateway.create(session, input(2000));
        sink.watch(request);
        await platform.pay(request.qrPayload, 1500);
        const seen = await sink.reported(request.ref, 'validated');
        expect(seen.request).toMatchObject({ amountRequested: 2000, amountReceived: 1500 });
        // Paid once: a second payment of the same QR is refused by the platform.
        expect(await platform.payAttempt(request.qrPayload, 500)).toBe(409);
      });

      it('still brings the status while no push channel is up', async () => {
        const sink = new RecordingSink();
        const follower = follow(sink);
        if (gateway.capabilities.statusFeed === 'push') {
          await vi.waitFor(() => expect(sink.pushUp).toBe(true), { timeout: 10_000 });
          await platform.cutPush!(20_000);
          await vi.waitFor(() => expect(sink.pushUp).toBe(false), { timeout: 10_000 });
        }
        expect(follower.pushUp).toBe(false);
        const { request } = await gateway.create(session, input(1200));
        sink.watch(request);
        await platform.pay(request.qrPayload, 1200);
        const seen = await sink.reported(request.ref, 'validated');
        expect(seen.via).toBe('poll');
      });
    });

    describe('cancel', () => {
      it('cancels a pending request, and refuses to cancel a paid one, which stays paid', async () => {
        // Both platforms here can cancel; one that cannot must add its documented refusal here.
        expect(gateway.capabilities.cancel).toBe(true);
        const { request } = await gateway.create(session, input(900));
        expect(await gateway.cancel(session, request.ref)).toMatchObject({ ref: request.ref, status: 'cancelled' });
        expect(await platform.payAttempt(request.qrPayload, 900)).toBe(409);

        const paid = (await gateway.create(session, input(900))).request;
        await platform.pay(paid.qrPayload, 400);
        expect((await failure(gateway.cancel(session, paid.ref))).kind).toBe('not_pending');
        expect(await gateway.get(session, paid.ref)).toMatchObject({ status: 'validated', amountReceived: 400 });
      });
    });

    describe('expiry', () => {
      let shortLived: PlatformUnderTest;
      beforeAll(async () => {
        shortLived = await target.start({ expirySeconds: 2 });
      });
      afterAll(async () => {
        await shortLived.close();
      });

      it('reports an unpaid request as expired once its time has run out, and it can no longer be paid', async () => {
        const g = shortLived.gateway({});
        const s = (await g.authenticate(shortLived.credentials)).session;
        const sink = new RecordingSink();
        follow(sink, g, s);
        const { request } = await g.create(s, input(1000));
        expect(request.expiresAt).not.toBeNull();
        sink.watch(request);
        await sink.reported(request.ref, 'expired');
        expect(await shortLived.payAttempt(request.qrPayload, 1000)).toBe(409);
        expect((await g.get(s, request.ref)).status).toBe('expired');
      });
    });

    describe('a create whose answer is lost', () => {
      async function throughProxy(mode: 'forward' | 'blackhole' | 'refuse' = 'forward') {
        const proxy = await startTcpProxy(platform.port, mode);
        proxies.push(proxy);
        const g = platform.gateway({ baseUrl: proxy.url, timeoutMs: 2_000 });
        return { proxy, g, s: (await g.authenticate(platform.credentials)).session };
      }

      it('is an unknown outcome when the connection is cut mid-call, and is found again for reconciliation', async () => {
        const { proxy, g, s } = await throughProxy();
        const asked = input(2500);
        await platform.delayCreates(3_000);
        const pending = failure(g.create(s, asked));
        // The platform has committed the request; the answer is still to come when the socket dies.
        await vi.waitFor(async () => expect(await platform.requestsFor(asked.basketNumber)).toBe(1), { timeout: 10_000 });
        proxy.dropConnections();
        const cut = await pending;
        expect(cut.reachedPlatform).toBe('unknown');
        expect(cut.retryable).toBe(true);

        if (g.capabilities.lostCreateLookup === 'list') {
          const now = Date.now();
          const page = await g.list!(s, {
            from: new Date(now - 10 * 60_000).toISOString(),
            to: new Date(now + 10 * 60_000).toISOString(),
            basketNumber: asked.basketNumber,
          });
          expect(page.items).toHaveLength(1);
          expect(page.items[0]).toMatchObject({ basketNumber: asked.basketNumber, amountRequested: 2500, status: 'pending' });
        } else {
          // While the first create is still running on the platform, the replay is told so (an
          // outcome still unknown, worth asking again); once it has finished, the replay is it.
          const replay = await vi.waitFor(
            async () => {
              try {
                return await g.create(s, asked);
              } catch (error) {
                if (error instanceof PlatformError && error.retryable && error.reachedPlatform === true) throw error;
                throw new Error(`unexpected ${String(error)}`, { cause: error });
              }
            },
            { timeout: 15_000, interval: 250 },
          );
          expect(replay.replayed).toBe(true);
          expect(replay.request).toMatchObject({ basketNumber: asked.basketNumber, amountRequested: 2500, status: 'pending' });
        }
        expect(await platform.requestsFor(asked.basketNumber)).toBe(1);
      });

      it('is known never to have left when the connection is refused, and the lookup finds nothing', async () => {
        const { proxy, g, s } = await throughProxy();
        proxy.setMode('refuse');
        const asked = input(1800);
        const refused = await failure(g.create(s, asked));
        expect(refused.kind).toBe('network_unreachable');
        expect(await platform.requestsFor(asked.basketNumber)).toBe(0);
        if (g.capabilities.lostCreateLookup === 'list') {
          const now = Date.now();
          const page = await gateway.list!(session, {
            from: new Date(now - 10 * 60_000).toISOString(),
            to: new Date(now + 10 * 60_000).toISOString(),
            basketNumber: asked.basketNumber,
          });
          expect(page.items).toHaveLength(0);
        } else {
          // The replay is the platform's first sight of the key: it says so, and the request it
          // has just made is cancelled at once, as reconciliation does (nobody waits for it).
          expect(g.capabilities.cancel).toBe(true);
          const replay = await gateway.create(session, asked);
          expect(replay.replayed).toBe(false);
          expect((await gateway.cancel(session, replay.request.ref)).status).toBe('cancelled');
        }
      });

      it('fails as a timeout, not a hang, when the platform never answers', async () => {
        const { proxy, g, s } = await throughProxy();
        const { request } = await g.create(s, input(600));
        proxy.setMode('blackhole');
        proxy.dropConnections();
        const started = Date.now();
        const silent = await failure(g.get(s, request.ref));
        expect(silent.kind).toBe('timeout');
        expect(silent.reachedPlatform).toBe('unknown');
        expect(Date.now() - started).toBeLessThan(15_000);
      });
    });
  });
}
