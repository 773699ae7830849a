// The platform port over the documented Chèque-Vacances Connect API v1 (electron/sandbox/API.md),
// as the embedded sandbox serves it and a server of the same API would: today's PlatformClient
// and event stream, unchanged, behind the companion's own types.
import { z } from 'zod';
import { MERCHANT_SPACE_URL, WRONG_PASSWORDS_BEFORE_LOCK, type PaymentRequest } from '../../common/platform-api';
import type { Logger } from '../ports';
import type {
  ChangesQuery,
  CreateOutcome,
  ListPage,
  ListQuery,
  OpenedSession,
  PaymentRequestInput,
  PlatformCapabilities,
  PlatformCredentials,
  PlatformGateway,
  PlatformKind,
  PlatformPaymentRequest,
  PlatformSession,
  StatusFollower,
  StatusSink,
} from './gateway';
import { PlatformClient } from './platform-client';
import { PlatformError } from './platform-error';
import { followPlatformEvents } from './platform-events';
import { StatusPoller, fallbackSchedule } from './status-poller';

const HEALTH_ANSWER = z.object({ status: z.literal('ok') });

export interface SandboxGatewayOptions {
  baseUrl: string;
  /** `sandbox` for the embedded demo platform, `api-v1` for another server of the same API. */
  kind?: Extract<PlatformKind, 'sandbox' | 'api-v1'>;
  timeoutMs: number;
  /** While the event stream is down, one "what changed" call per this interval (at most one
   *  platform call per interval, however many requests are pending). */
  pollIntervalMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  log?: Logger;
}

/** How long after its expiry a pending request is fetched even while the stream is up. */
const EXPIRY_SAFETY_MS = 3_000;

/** The documented defaults of the API v1 (a merchant's own limits are not readable through it). */
const CAPABILITIES: PlatformCapabilities = {
  credentials: 'convention',
  loginLockout: { attempts: WRONG_PASSWORDS_BEFORE_LOCK, unlockUrl: MERCHANT_SPACE_URL },
  cancel: true,
  statusFeed: 'push',
  amount: { minCents: 1, maxCents: 1_000_000 },
  partialPayment: true,
  lostCreateLookup: 'list',
  idempotencyWindowMs: null,
  changesFeed: true,
  // One call per 500 ms tick (the companion's default pollIntervalMs).
  pollCallsPerSecond: 2,
};

// The same shape SessionService has always saved, so a session saved before the port existed
// is still resumed.
const StoredSession = z.object({
  accessToken: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  merchant: z.object({ conventionNumber: z.string(), name: z.string() }),
});

/** Tokens stay out of the session objects the core holds (and might log). */
const tokens = new WeakMap<PlatformSession, string>();

function openSession(stored: z.infer<typeof StoredSession>): PlatformSession {
  const session: PlatformSession = Object.freeze({
    merchant: { id: stored.merchant.conventionNumber, name: stored.merchant.name },
    expiresAt: stored.expiresAt,
  });
  tokens.set(session, stored.accessToken);
  return session;
}

function tokenOf(session: PlatformSession): string {
  const token = tokens.get(session);
  if (!token) throw new PlatformError('unauthorized', 'session not opened by this platform', { reachedPlatform: false });
  return token;
}

export function fromApiV1(request: PaymentRequest): PlatformPaymentRequest {
  return {
    ref: request.id,
    status: request.status,
    amountRequested: request.amountRequested,
    amountReceived: request.amountReceived,
    basketNumber: request.basketNumber,
    label: request.label,
    customerReference: request.customerReference,
    sellerId: request.sellerId,
    qrPayload: request.qrPayload,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    expiresAt: request.expiresAt,
    idempotencyKey: request.idempotencyKey ?? null,
    platformState: { status: request.status, detail: { id: request.id, updatedAt: request.updatedAt } },
  };
}

export class SandboxGateway implements PlatformGateway {
  readonly kind: Extract<PlatformKind, 'sandbox' | 'api-v1'>;
  readonly capabilities: PlatformCapabilities;
  private readonly client: PlatformClient;
  /** The latest `updatedAt` this platform has shown us: a time by its own clock, where "what
   *  changed" starts from after the stream dropped. */
  private latest: string | null = null;

  constructor(private readonly options: SandboxGatewayOptions) {
    this.kind = options.kind ?? 'sandbox';
    this.client = new PlatformClient({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
    this.capabilities = { ...CAPABILITIES, pollCallsPerSecond: 1000 / options.pollIntervalMs };
  }

  get endpoint(): string {
    return this.options.baseUrl;
  }

  async probe(): Promise<void> {
    await this.client.health(HEALTH_ANSWER);
  }

  async authenticate(credentials: PlatformCredentials): Promise<OpenedSession> {
    if (credentials.kind !== 'convention') {
      throw new PlatformError('invalid_credentials', 'this platform takes a convention number and a password', {
        reachedPlatform: false,
      });
    }
    // One attempt only: the 3rd wrong password locks the account.
    const answer = await this.client.login(credentials.conventionNumber, credentials.password);
    return { session: openSession(answer), stored: JSON.stringify(answer) };
  }

  restore(stored: string): PlatformSession | null {
    let parsed: z.infer<typeof StoredSession>;
    try {
      parsed = StoredSession.parse(JSON.parse(stored));
    } catch {
      return null;
    }
    if (Date.parse(parsed.expiresAt) <= Date.now()) return null;
    return openSession(parsed);
  }

  async endSession(session: PlatformSession): Promise<void> {
    await this.client.logout(tokenOf(session));
  }

  async create(session: PlatformSession, input: PaymentRequestInput): Promise<CreateOutcome> {
    const body = {
      amount: input.amount,
      basketNumber: input.basketNumber,
      ...(input.label !== null ? { label: input.label } : {}),
      ...(input.customerReference !== null ? { customerReference: input.customerReference } : {}),
      ...(input.sellerId !== null ? { sellerId: input.sellerId } : {}),
    };
    const request = await this.client.createPaymentRequest(tokenOf(session), input.idempotencyKey, body);
    // The API answers 201 for a new request and 200 for a replay, but the client keeps only
    // the body: reconciliation here lists instead (`lostCreateLookup: 'list'`), matching the key
    // the platform echoes.
    return { request: this.seen(request), replayed: 'unknown' };
  }

  async get(session: PlatformSession, ref: string): Promise<PlatformPaymentRequest> {
    return this.seen(await this.client.getPaymentRequest(tokenOf(session), ref));
  }

  async cancel(session: PlatformSession, ref: string): Promise<PlatformPaymentRequest> {
    return this.seen(await this.client.cancelPaymentRequest(tokenOf(session), ref));
  }

  async list(session: PlatformSession, query: ListQuery): Promise<ListPage> {
    const page = await this.client.listPaymentRequests(tokenOf(session), query);
    return { items: page.items.map((request) => this.seen(request)), nextCursor: page.nextCursor };
  }

  async changes(session: PlatformSession, query: ChangesQuery): Promise<ListPage> {
    const page = await this.client.listPaymentRequests(tokenOf(session), {
      updatedSince: query.since,
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    });
    return { items: page.items.map((request) => this.seen(request)), nextCursor: page.nextCursor };
  }

  follow(session: PlatformSession, sink: StatusSink): StatusFollower {
    const token = tokenOf(session);
    let pushUp = false;
    // Callbacks of a stream being torn down must not reach the sink any more.
    let stopped = false;
    const poller = new StatusPoller({
      sink,
      tickMs: this.options.pollIntervalMs,
      get: async (ref, pace) => {
        await pace.turn();
        return this.get(session, ref);
      },
      changes: (query) => this.changes(session, query),
      latestPlatformTime: () => this.latest,
      schedule: fallbackSchedule({ pushUp: () => pushUp, expirySafetyMs: EXPIRY_SAFETY_MS }),
      pushUp: () => pushUp,
    });
    const events = followPlatformEvents({
      baseUrl: this.options.baseUrl,
      token,
      lastEventId: () => sink.resumeCursor(),
      onPaymentRequest: (eventId, request) => {
        if (stopped) return;
        sink.onRequest(this.seen(request), 'push');
        if (eventId) sink.saveCursor(eventId);
      },
      onConnectionChange: (up) => {
        if (stopped) return;
        pushUp = up;
        poller.restartChanges();
        sink.log?.info(up ? 'platform event stream up' : 'platform event stream down: polling what changed');
        if (up) {
          sink.onPushChange(true);
          return;
        }
        // Whatever happened while we were deaf, the first poll catches up now; the push channel is
        // reported down once it has answered or not (the link then says polling or unreachable).
        void poller.tick(true).finally(() => {
          if (!stopped && !pushUp) sink.onPushChange(false);
        });
      },
      onActivity: () => {
        if (!stopped) sink.onContact?.();
      },
      onUnauthorized: () => {
        if (!stopped) sink.onUnauthorized();
      },
      reconnectMinMs: this.options.reconnectMinMs,
      reconnectMaxMs: this.options.reconnectMaxMs,
      connectTimeoutMs: this.options.timeoutMs,
      ...(sink.inBatch ? { inBatch: (work: () => void) => sink.inBatch!(work) } : {}),
      ...(sink.log ? { log: sink.log } : {}),
    });
    poller.start();
    return {
      get pushUp() {
        return pushUp;
      },
      pollNow: () => poller.pollNow(),
      stop() {
        stopped = true;
        poller.stop();
        events.stop();
        if (pushUp) {
          pushUp = false;
          sink.onPushChange(false);
        }
      },
    };
  }

  /** Every answer passes here: its time is the platform's latest known. */
  private seen(request: PaymentRequest): PlatformPaymentRequest {
    if (!this.latest || request.updatedAt > this.latest) this.latest = request.updatedAt;
    return fromApiV1(request);
  }
}
