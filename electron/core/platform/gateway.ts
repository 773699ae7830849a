// The platform port: what the companion needs of any Chèque-Vacances Connect platform (the
// embedded sandbox, a server of the documented API v1, a payment service provider such as
// Worldline Direct), said in the companion's own words. The core depends on this and nothing
// else; an adapter turns it into one platform's calls and wire formats.
//
// Three rules every adapter keeps:
// - money is integer euro cents and timestamps are ISO-8601 UTC;
// - every platform answer is validated before it becomes one of these types;
// - an outcome the adapter does not know is an error the core can retry or reconcile
//   (`reachedPlatform: 'unknown'`), never a made-up "failed" or "not found".
import type { Logger } from '../ports';

// The error taxonomy is the one every caller already handles; the port re-exports it so that
// the core imports errors from here, whatever the platform.
export { PlatformError, type PlatformErrorKind } from './platform-error';

export type PlatformKind = 'sandbox' | 'api-v1' | 'worldline-direct';

// ---- authentication ------------------------------------------------------------------------

/** What the merchant types in: a convention number and password (ANCV's own platform and its
 *  sandbox), or the API credentials a payment service provider issues. */
export type PlatformCredentials =
  | { kind: 'convention'; conventionNumber: string; password: string }
  | { kind: 'api-key'; merchantId: string; apiKeyId: string; secretApiKey: string };

export interface PlatformMerchant {
  /** The convention number, or the provider's merchant id (Worldline: the PSPID). */
  id: string;
  /** Shown on the screens; a provider that knows no name gives the id again. */
  name: string;
}

/**
 * A session the adapter opened. Opaque to the core except for who and until when: the token or
 * keys behind it stay inside the adapter (never in settings, logs or events).
 */
export interface PlatformSession {
  readonly merchant: PlatformMerchant;
  /** ISO UTC; null when the credentials do not expire with a session (API keys). */
  readonly expiresAt: string | null;
}

export interface OpenedSession {
  session: PlatformSession;
  /** Secret: what the core keeps in its SecretStore, and only there, to resume the session
   *  after a restart (`PlatformGateway.restore`). */
  stored: string;
}

// ---- payment requests ------------------------------------------------------------------------

export type PaymentRequestStatus = 'pending' | 'validated' | 'cancelled' | 'expired';

export interface PaymentRequestInput {
  /** Integer cents, within `capabilities.amount`. */
  amount: number;
  /** The sale's reference (1–20 of A–Z a–z 0–9 - _); the merchant reference on a provider. */
  basketNumber: string;
  label: string | null;
  customerReference: string | null;
  sellerId: string | null;
  /** The companion's key for this request: the same key always means the same request, so a
   *  create whose answer was lost is sent again with it. At most 200 visible ASCII characters;
   *  an adapter whose platform takes shorter keys derives its own deterministically. */
  idempotencyKey: string;
}

/** The platform's own words for a state, kept with the operation for support. */
export interface PlatformState {
  /** e.g. `pending` (sandbox), `PAID / CAPTURED` (Worldline link / payment). */
  status: string;
  /** Small, flat, never secret: ids and codes a support person asks for. */
  detail: Record<string, string | number | boolean | null>;
}

export interface PlatformPaymentRequest {
  /** The platform's reference for the request, opaque to the core (the sandbox's id,
   *  Worldline's paymentLinkId). */
  ref: string;
  status: PaymentRequestStatus;
  amountRequested: number;
  /** What the customer paid: 0 unless validated; may be below `amountRequested` (partial). */
  amountReceived: number;
  basketNumber: string;
  /** As the platform echoes them; null where it keeps none (a provider has no seller id). */
  label: string | null;
  customerReference: string | null;
  sellerId: string | null;
  /** What the customer's phone scans. */
  qrPayload: string;
  /** null when the platform does not say (reconciliation then cannot match by time). */
  createdAt: string | null;
  updatedAt: string;
  expiresAt: string | null;
  /** The idempotency key the request was created with, where the platform echoes it (null
   *  otherwise): lets reconciliation tell its own lost create from a look-alike of the same sale. */
  idempotencyKey: string | null;
  platformState: PlatformState;
}

export interface CreateOutcome {
  request: PlatformPaymentRequest;
  /**
   * true: the platform had seen this idempotency key before and answered with the request it
   * made then; false: made now; 'unknown': the platform does not say. Reconciliation on a
   * platform that cannot list its requests relies on it (see `lostCreateLookup`).
   */
  replayed: boolean | 'unknown';
}

export interface ListQuery {
  /** ISO; `createdAt >= from`. */
  from: string;
  /** ISO; `createdAt < to`. */
  to: string;
  basketNumber?: string;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** 1–100. */
  limit?: number;
}

export interface ListPage {
  items: PlatformPaymentRequest[];
  nextCursor: string | null;
}

/** "What changed": the requests changed at or after `since`, oldest change first. */
export interface ChangesQuery {
  since: string;
  cursor?: string;
  /** 1–100. */
  limit?: number;
}

// ---- following status changes ----------------------------------------------------------------

export interface WatchedRequest {
  ref: string;
  expiresAt: string | null;
}

/** Where a follower sends what it learns. The core implements it over its operation log. */
export interface StatusSink {
  /** The pending requests the core waits on now; asked before every poll round. */
  watched(): readonly WatchedRequest[];
  /** A state the platform reported, by push (the stream) or by a poll. */
  onRequest(request: PlatformPaymentRequest, via: 'push' | 'poll'): void;
  /** A watched request the platform does not know: asking again would change nothing. */
  onUnknown(ref: string): void;
  /** The push channel came up or went down (polling covers while it is down). */
  onPushChange(up: boolean): void;
  /** A poll was answered by the platform (even with a refusal), or got no answer at all
   *  (network, timeout, 5xx): whether polling reaches the platform, for the link state. */
  onPollAnswered?(answered: boolean): void;
  /** Anything heard from the platform on the push channel (an event, a keep-alive). */
  onContact?(): void;
  /** The platform refused the session mid-follow: following stops; the merchant logs in again. */
  onUnauthorized(): void;
  /** Where a push stream resumes (Last-Event-ID): kept by the core with its data. */
  resumeCursor(): string | null;
  saveCursor(cursor: string): void;
  /** Wraps the handling of one burst of pushed states (e.g. one transaction). */
  inBatch?(work: () => void): void;
  log?: Logger;
}

export interface StatusFollower {
  readonly pushUp: boolean;
  /** Asks now, within the follower's pace: what changed, or else every watched request is due
   *  (asked one call at a time, never in a burst). */
  pollNow(): Promise<void>;
  stop(): void;
}

// ---- what the core must respect --------------------------------------------------------------

export interface PlatformCapabilities {
  credentials: PlatformCredentials['kind'];
  /** Wrong passwords lock the account after `attempts`: a login is never retried, and the
   *  cashier is sent to `unlockUrl`. null: the platform has no lockout. */
  loginLockout: { attempts: number; unlockUrl: string } | null;
  /** Whether the merchant can cancel a pending request ("Annuler la demande"). Without it,
   *  a pending request ends only by payment or expiry. */
  cancel: boolean;
  /** `push`: a stream brings changes (and the follower polls while it is down);
   *  `poll`: only polling (with backoff) brings them. */
  statusFeed: 'push' | 'poll';
  /** Integer cents, inclusive. */
  amount: { minCents: number; maxCents: number };
  /** The customer may pay part of the amount (the remainder is collected otherwise). */
  partialPayment: boolean;
  /**
   * How reconciliation finds what became of a create whose answer was lost:
   * - `list`: list the requests around the intent's time and match them to it (`list` exists);
   * - `replay`: the platform cannot list; send the same create again with the same idempotency
   *   key: `replayed: true` is the request the lost create made; `replayed: false` means the
   *   platform had no trace of the key (never reached it, or forgotten after
   *   `idempotencyWindowMs`) and has just made a request nobody waits for, which reconciliation
   *   cancels at once (so `replay` requires `cancel`).
   */
  lostCreateLookup: 'list' | 'replay';
  /** How long the platform keeps idempotency keys; null: for good. */
  idempotencyWindowMs: number | null;
  /** Whether `changes` lists what changed since an instant (one call for every pending request
   *  while polling), rather than one call per request. */
  changesFeed: boolean;
  /** At most this many calls a second while following status changes by polling, whatever the
   *  number of requests pending (a fresh request is asked about first). */
  pollCallsPerSecond: number;
}

// ---- the port --------------------------------------------------------------------------------

export interface PlatformGateway {
  readonly kind: PlatformKind;
  readonly capabilities: PlatformCapabilities;
  /** Where it talks to, for the screens and support (no secret in it). */
  readonly endpoint: string;

  /** Checks the credentials with the platform, once: never retried (lockout). Refusals are
   *  `invalid_credentials` (with `attemptsLeft` when known) or `account_locked`. */
  authenticate(credentials: PlatformCredentials): Promise<OpenedSession>;
  /** A session saved by an earlier run (`OpenedSession.stored`), or null if it is unusable
   *  (malformed, expired). No platform call. */
  restore(stored: string): PlatformSession | null;
  /** Ends the session on the platform where it has one; best effort. */
  endSession(session: PlatformSession): Promise<void>;

  /** Safe to repeat with the same `idempotencyKey`: never two requests for one key. */
  create(session: PlatformSession, input: PaymentRequestInput): Promise<CreateOutcome>;
  get(session: PlatformSession, ref: string): Promise<PlatformPaymentRequest>;
  /** Only when `capabilities.cancel`. A request that is no longer pending: `not_pending`. */
  cancel(session: PlatformSession, ref: string): Promise<PlatformPaymentRequest>;
  /** Only when `capabilities.lostCreateLookup === 'list'`: the merchant's requests, newest first. */
  list?(session: PlatformSession, query: ListQuery): Promise<ListPage>;
  /** Only when `capabilities.changesFeed`: what changed since an instant. A platform that turns
   *  out not to support it answers `validation_error`. */
  changes?(session: PlatformSession, query: ChangesQuery): Promise<ListPage>;
  /** Whether the platform answers at its address, without credentials (« Tester la connexion »
   *  of a platform whose login is a password: a password is never tried for a test, the 3rd
   *  wrong one locks the account). Credentials, where they are keys, are tested by `authenticate`. */
  probe(): Promise<void>;
  /** Follows status changes of the watched requests until stopped: push where the platform has
   *  it, polling otherwise (and while push is down), at most `capabilities.pollCallsPerSecond`
   *  platform calls a second whatever the number watched. */
  follow(session: PlatformSession, sink: StatusSink): StatusFollower;
}

