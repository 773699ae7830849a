// The platform port over Worldline Direct: a Chèque-Vacances Connect request is a payment link
// restricted to product 5412 (see payment-link-request.ts and the README's "Platforms"), its
// QR payload the link's redirection URL, its status polled with backoff (a till sits behind a
// router: no webhook can reach it).
import { createHash } from 'node:crypto';
import type { SdkResponse } from 'onlinepayments-sdk-nodejs';
import type { z } from 'zod';
import type {
  CreateOutcome,
  OpenedSession,
  PaymentRequestInput,
  PlatformCapabilities,
  PlatformCredentials,
  PlatformGateway,
  PlatformPaymentRequest,
  PlatformSession,
  StatusFollower,
  StatusSink,
} from '../gateway';
import { PlatformError, fromFetchFailure } from '../platform-error';
import { CallPacer, StatusPoller, backoffSchedule } from '../status-poller';
import { ApiCredentials, readStoredCredentials, storeCredentials } from './api-credentials';
import { resolveEndpoint, type ResolvedEndpoint, type WorldlineEndpoint } from './endpoint';
import { fromHttpRefusal, type CallPurpose } from './errors';
import { cvConnectLinkRequest } from './payment-link-request';
import { worldlineClient, type WorldlineClient } from './sdk-client';
import { toPaymentRequest } from './status-mapping';
import { PaymentLinkResponse, PaymentResponse, TestConnection } from './wire';

export interface WorldlineGatewayOptions {
  endpoint: WorldlineEndpoint;
  /** Sent to Worldline with every call (X-GCS-ServerMetaInfo), so their support knows the caller. */
  integrator?: string;
  timeoutMs: number;
  /** How long a QR can be paid (the link's expirationDate); the sandbox's default is 5 minutes. */
  linkValiditySeconds?: number;
  /** Polling of pending requests: first after `minMs`, then ×`factor` up to `maxMs`; at most
   *  one call per `tickMs` whatever the number pending. */
  poll?: { minMs: number; maxMs: number; factor: number; tickMs?: number };
}

/** "Do not use the same key twice within the idempotence period (at least 24 hours)". */
const IDEMPOTENCE_WINDOW_MS = 24 * 3_600_000;
/** "Has a maximum length of 40 characters. Should be ASCII". */
const IDEMPOTENCE_KEY_MAX = 40;
/** One call per 500 ms at most: 2 calls a second, however many links are pending. */
const DEFAULT_POLL = { minMs: 1_000, maxMs: 5_000, factor: 1.5, tickMs: 500 };

const CAPABILITIES: PlatformCapabilities = {
  credentials: 'api-key',
  // API keys do not lock: a refused key is refused, however often it is tried.
  loginLockout: null,
  cancel: true,
  statusFeed: 'poll',
  // Worldline documents no bounds of its own for product 5412; the companion's bounds apply and a
  // refusal by the platform comes back as a validation error.
  amount: { minCents: 1, maxCents: 1_000_000 },
  partialPayment: true,
  // Direct has no call that lists payment links.
  lostCreateLookup: 'replay',
  idempotencyWindowMs: IDEMPOTENCE_WINDOW_MS,
  changesFeed: false,
  pollCallsPerSecond: 1000 / DEFAULT_POLL.tickMs,
};

interface OpenSession {
  credentials: ApiCredentials;
  client: WorldlineClient;
  /** What this till asked, for links whose answers leave it out. */
  asked: Map<string, { amountRequested: number; basketNumber: string }>;
}

/** Keys and clients stay out of the session objects the core holds (and might log). */
const sessions = new WeakMap<PlatformSession, OpenSession>();

/** The companion's keys are UUIDs (36 characters); a longer or non-ASCII one is shortened the
 *  same way every time, so a retry still carries the same key. */
export function worldlineIdempotenceKey(key: string): string {
  if (key.length <= IDEMPOTENCE_KEY_MAX && /^[\x21-\x7e]+$/.test(key)) return key;
  return createHash('sha256').update(key).digest('base64url').slice(0, IDEMPOTENCE_KEY_MAX);
}

export class WorldlineGateway implements PlatformGateway {
  readonly kind = 'worldline-direct' as const;
  readonly capabilities: PlatformCapabilities;
  private readonly resolved: ResolvedEndpoint;
  private readonly poll: Required<NonNullable<WorldlineGatewayOptions['poll']>>;

  constructor(private readonly options: WorldlineGatewayOptions) {
    this.resolved = resolveEndpoint(options.endpoint);
    this.poll = { ...DEFAULT_POLL, ...options.poll };
    this.capabilities = { ...CAPABILITIES, pollCallsPerSecond: 1000 / this.poll.tickMs };
  }

  get endpoint(): string {
    return this.resolved.url;
  }

  /** Every call of Direct's API is signed: without keys there is nothing to test but the
   *  address itself (any HTTP answer, even a refusal, says the platform is there). */
  async probe(): Promise<void> {
    try {
      const response = await fetch(new URL('/v2/', this.resolved.url), { method: 'GET', signal: AbortSignal.timeout(this.options.timeoutMs) });
      await response.body?.cancel();
    } catch (error) {
      throw fromFetchFailure(error, 'GET /v2/');
    }
  }

  async authenticate(credentials: PlatformCredentials): Promise<OpenedSession> {
    if (credentials.kind !== 'api-key') {
      throw new PlatformError('invalid_credentials', 'Worldline Direct takes a merchant id and an API key pair', { reachedPlatform: false });
    }
    const { kind: _kind, ...fields } = credentials;
    const checked = ApiCredentials.safeParse(fields);
    if (!checked.success) {
      const field = String(checked.error.issues[0]?.path[0] ?? 'merchantId');
      throw new PlatformError('invalid_credentials', `Worldline credentials malformed (${field})`, { reachedPlatform: false, field });
    }
    const session = this.open(checked.data);
    const open = sessions.get(session)!;
    try {
      // The documented test call: it answers OK only to keys that sign right for this merchant.
      const answer = await this.call('GET services/testconnection', 'authenticate', TestConnection, () =>
        open.client.sdk.services.testConnection(open.client.merchantId),
      );
      if (answer.result !== 'OK') throw new PlatformError('platform_error', `Worldline test connection answered ${answer.result}`);
    } catch (error) {
      open.client.close();
      throw error;
    }
    return { session, stored: storeCredentials(checked.data) };
  }

  restore(stored: string): PlatformSession | null {
    const credentials = readStoredCredentials(stored);
    return credentials ? this.open(credentials) : null;
  }

  async endSession(session: PlatformSession): Promise<void> {
    // API keys have no session on the platform: forgetting them here is all there is.
    sessions.get(session)?.client.close();
    sessions.delete(session);
  }

  async create(session: PlatformSession, input: PaymentRequestInput): Promise<CreateOutcome> {
    const open = this.require(session);
    const what = 'POST paymentlinks';
    const validity = (this.options.linkValiditySeconds ?? 300) * 1000;
    const body = cvConnectLinkRequest(input, new Date(Date.now() + validity));
    let answer: Awaited<ReturnType<WorldlineClient['postDocumentedJson']>>;
    try {
      answer = await open.client.postDocumentedJson(`/v2/${open.client.merchantId}/paymentlinks`, body, worldlineIdempotenceKey(input.idempotencyKey));
    } catch (error) {
      throw fromFetchFailure(error, what);
    }
    if (answer.status < 200 || answer.status >= 300) throw fromHttpRefusal(answer.status, answer.body, what, 'create');
    const link = PaymentLinkResponse.safeParse(answer.body);
    let request: PlatformPaymentRequest | null = null;
    if (link.success) {
      open.asked.set(link.data.paymentLinkId, { amountRequested: input.amount, basketNumber: input.basketNumber });
      try {
        request = toPaymentRequest(link.data, null, { amountRequested: input.amount, basketNumber: input.basketNumber });
      } catch {
        request = null;
      }
    }
    if (!request) {
      // The platform took the create but its answer cannot be read: the request may exist, so
      // this is "outcome unknown" (asked again with the same key), never "refused".
      throw new PlatformError('timeout', `${what}: unreadable answer (${answer.status})`, { reachedPlatform: true, status: answer.status });
    }
    // "For any follow-up requests made with the same idempotency key, our response includes an
    // additional header, X-GCS-Idempotence-Request-Timestamp".
    return { request, replayed: answer.headers.has('x-gcs-idempotence-request-timestamp') };
  }

  async get(session: PlatformSession, ref: string): Promise<PlatformPaymentRequest> {
    return this.read(session, ref, null);
  }

  /** The link, then (once paid) its payment; each call waits for its turn when paced. */
  private async read(session: PlatformSession, ref: string, pace: CallPacer | null): Promise<PlatformPaymentRequest> {
    const open = this.require(session);
    await pace?.turn();
    const link = await this.call('GET paymentlinks/{id}', 'read', PaymentLinkResponse, () =>
      open.client.sdk.paymentLinks.getPaymentLinkById(open.client.merchantId, ref),
    );
    if (link.status === 'PAID' && link.paymentId) await pace?.turn();
    const payment =
      link.status === 'PAID' && link.paymentId
        ? await this.call('GET payments/{id}', 'read', PaymentResponse, () =>
            open.client.sdk.payments.getPayment(open.client.merchantId, link.paymentId!),
          )
        : null;
    const request = toPaymentRequest(link, payment, open.asked.get(ref) ?? {});
    if (request.status !== 'pending') open.asked.delete(ref);
    return request;
  }

  async cancel(session: PlatformSession, ref: string): Promise<PlatformPaymentRequest> {
    const open = this.require(session);
    try {
      await this.call('POST paymentlinks/{id}/cancel', 'cancel', null, () =>
        open.client.sdk.paymentLinks.cancelPaymentLinkById(open.client.merchantId, ref),
      );
    } catch (error) {
      // A link that is paid or expired cannot be cancelled. Worldline's refusal code for that is
      // not documented: read the link, and if it is no longer payable say so.
      if (error instanceof PlatformError && (error.kind === 'validation_error' || error.kind === 'platform_error') && (error.status ?? 500) < 500) {
        const now = await this.get(session, ref);
        if (now.status !== 'pending') throw new PlatformError('not_pending', `payment link ${ref} is ${now.platformState.status}`, { status: error.status });
      }
      throw error;
    }
    return this.get(session, ref);
  }

  follow(session: PlatformSession, sink: StatusSink): StatusFollower {
    this.require(session);
    const poll = this.poll;
    const poller = new StatusPoller({
      sink,
      tickMs: poll.tickMs,
      get: (ref, pace) => this.read(session, ref, pace),
      schedule: backoffSchedule(poll),
      pushUp: () => false,
    });
    poller.start();
    return {
      pushUp: false,
      pollNow: () => poller.pollNow(),
      stop: () => poller.stop(),
    };
  }

  private open(credentials: ApiCredentials): PlatformSession {
    const session: PlatformSession = Object.freeze({
      merchant: { id: credentials.merchantId, name: credentials.merchantId },
      expiresAt: null,
    });
    const client = worldlineClient({
      endpoint: this.resolved,
      credentials,
      integrator: this.options.integrator ?? 'cv-connect-companion',
      timeoutMs: this.options.timeoutMs,
    });
    sessions.set(session, { credentials, client, asked: new Map() });
    return session;
  }

  private require(session: PlatformSession): OpenSession {
    const open = sessions.get(session);
    if (!open) throw new PlatformError('unauthorized', 'session not opened by this platform', { reachedPlatform: false });
    return open;
  }

  /** One SDK call: transport failures and refusals in the taxonomy, answers checked. */
  private async call<S extends z.ZodType | null>(
    what: string,
    purpose: CallPurpose,
    schema: S,
    send: () => Promise<SdkResponse<unknown, unknown>>,
  ): Promise<S extends z.ZodType ? z.output<S> : void> {
    let response: SdkResponse<unknown, unknown>;
    try {
      response = await send();
    } catch (first) {
      const error = fromFetchFailure(first, what);
      // A kept-alive connection the network dropped fails at once on reuse: every call here
      // (reads, a cancel, the test connection) is safe to repeat, once, on a fresh connection.
      if (error.kind !== 'network_unreachable') throw error;
      try {
        response = await send();
      } catch (second) {
        throw fromFetchFailure(second, what);
      }
    }
    if (!response.isSuccess) throw fromHttpRefusal(response.status, response.body, what, purpose);
    if (schema === null) return undefined as never;
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) {
      throw new PlatformError('platform_error', `${what}: unexpected response shape (${parsed.error.issues[0]?.path.join('.')})`, {
        status: response.status,
        cause: parsed.error,
      });
    }
    return parsed.data as never;
  }
}
