// Settles every operation the log does not know the end of, against the platform's truth.
// Run at start-up (and after each login), and for a create whose answer never came.
//
// - `pending`: fetch it; a cashier may still be showing its QR, so it is followed as usual.
// - `creating`: the platform may or may not have received it. Found the platform's way
//   (`capabilities.lostCreateLookup`):
//   - `list`: by its idempotency key, which the platform echoes on every request: exact, so a
//     later create of the same sale (same basket, amount and texts, made a moment later and maybe
//     still waiting for its answer) is never taken for it. A platform that does not echo keys is
//     matched on basket number, amount, texts and time, and then nothing is concluded while a
//     create of the same basket is in flight here.
//   - `replay` (a platform that cannot list, Worldline Direct): the same create is sent again
//     with the same key, within the platform's idempotency window only. The platform answers
//     with the request the lost create made (`replayed: true`), or makes one now (`false`: it
//     never had the key), which nobody will ever see and is cancelled at once. Past the window a
//     replay could make a second request for a sale the customer may have paid: nothing is
//     concluded, the operation stays unknown (`creating`) for a person to check.
//   Never found: `failed` ("never reached the platform"). Found and still payable: nobody is
//   waiting for it any more (the cashier saw an error or the app restarted), so it is cancelled:
//   reconciliation never brings a payment request to life. Found and final: recorded.
//
// After a day offline there can be hundreds of them: on a platform that lists, it is read in a
// few list pages around their times rather than one call each; on one that cannot, pending
// requests are left to the status follower (paced, one call at a time) rather than fetched in a
// burst. What is learnt is written in one transaction.
import type Database from 'better-sqlite3';
import { findByPlatformId, getOperation, listUnsettled, PlatformAnswerMismatch, type StoredOperation } from '../db/operation-log';
import { CompanionFailure } from '../failure';
import type { Logger } from '../ports';
import { PlatformError, type PlatformGateway, type PlatformPaymentRequest, type PlatformSession } from '../platform/gateway';
import type { ActiveSession, PlatformInUse, SessionService } from '../session';
import type { OperationRecorder } from './operation-recorder';

/** How far the platform's clock may be from ours when matching a request to its intent. */
const CLOCK_SKEW_MS = 5 * 60_000;
const PARALLEL_CALLS = 8;
/** A time window longer than this is not listed whole: its operations are looked up one by one. */
const MAX_LISTED_WINDOW_MS = 2 * 3_600_000;
/** At most this many list pages per reconciliation (100 requests each). */
const MAX_LIST_PAGES = 200;
/** A create is replayed only this long before the platform may forget its key: past that, a
 *  replay could be a new request for a sale the lost one may have made. */
const REPLAY_MARGIN_MS = 3_600_000;

export const NEVER_REACHED = {
  code: 'never_reached',
  message: 'La demande n’est jamais parvenue à la plateforme : aucun paiement n’a été demandé au client.',
};

export const UNKNOWN_TO_PLATFORM = {
  code: 'unknown_to_platform',
  message: 'La plateforme ne connaît pas cette demande : aucun paiement ne peut y être reçu.',
};

export interface ReconciliationReport {
  checked: number;
  settled: number;
  stillPending: number;
  cancelledOrphans: number;
  neverReached: number;
  errors: number;
  /** Platform calls made (list pages, lookups, cancels). */
  calls: number;
  ms: number;
}

type Outcome = 'pending' | 'final' | 'orphan_cancelled' | 'never_reached' | 'deferred';

/** What was learnt about one operation, written once everything is known. */
type Finding =
  | { kind: 'state'; request: PlatformPaymentRequest; detail?: Record<string, unknown> }
  | { kind: 'failed'; failure: { code: string; message: string } };

/** The platform's requests around the unsettled operations' times, read in list pages. */
class PlatformPicture {
  readonly byId = new Map<string, PlatformPaymentRequest>();
  readonly byBasket = new Map<string, PlatformPaymentRequest[]>();
  private readonly windows: Array<{ from: number; to: number }> = [];

  add(from: number, to: number, requests: PlatformPaymentRequest[]): void {
    this.windows.push({ from, to });
    for (const request of requests) {
      if (this.byId.has(request.ref)) continue;
      this.byId.set(request.ref, request);
      const same = this.byBasket.get(request.basketNumber);
      if (same) same.push(request);
      else this.byBasket.set(request.basketNumber, [request]);
    }
  }

  /** Whether every platform request that could be this operation's was listed. */
  covers(op: StoredOperation): boolean {
    const { from, to } = searchWindow(op);
    return this.windows.some((w) => w.from <= from && to <= w.to);
  }
}

function searchWindow(op: StoredOperation): { from: number; to: number } {
  const at = Date.parse(op.createdAt);
  return { from: at - CLOCK_SKEW_MS, to: at + CLOCK_SKEW_MS * 2 };
}

export class Reconciler {
  /** Creates this process is waiting on, with their basket numbers (upper-cased). */
  private readonly inFlight = new Map<string, string>();
  /** Creates past the replay window, already reported once. */
  private readonly beyondWindow = new Set<string>();

  constructor(
    private readonly deps: {
      db: Database.Database;
      session: SessionService;
      recorder: OperationRecorder;
      /** The platform in use: only its operations are settled, and only through it. */
      platform: () => PlatformInUse;
      log?: Logger;
    },
  ) {}

  /** Creates this process is still waiting on: reconciliation leaves them alone. */
  guard<T>(operation: { id: string; basketNumber: string }, work: () => Promise<T>): Promise<T> {
    this.inFlight.set(operation.id, operation.basketNumber.toUpperCase());
    return work().finally(() => this.inFlight.delete(operation.id));
  }

  isInFlight(operationId: string): boolean {
    return this.inFlight.has(operationId);
  }

  /** Settles every unsettled operation of the logged-in merchant. */
  async reconcileAll(options: { olderThanMs?: number; onlyCreating?: boolean } = {}): Promise<ReconciliationReport> {
    const started = performance.now();
    const session = this.deps.session.active();
    const report: ReconciliationReport = {
      checked: 0,
      settled: 0,
      stillPending: 0,
      cancelledOrphans: 0,
      neverReached: 0,
      errors: 0,
      calls: 0,
      ms: 0,
    };
    if (!session) return report;
    const { gateway, identity } = this.deps.platform();
    const cutoff = Date.now() - (options.olderThanMs ?? 0);
    const todo = listUnsettled(this.deps.db, { conventionNumber: session.conventionNumber, platform: identity }).filter(
      (op) =>
        !this.inFlight.has(op.id) &&
        Date.parse(op.createdAt) <= cutoff &&
        (!options.onlyCreating || op.status === 'creating'),
    );
    if (todo.length === 0) return report;
    const count = () => report.calls++;
    const picture = todo.length > 1 && lists(gateway) ? await this.picture(session, gateway, todo, count).catch(() => null) : null;

    const findings = new Map<string, Finding>();
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const op = todo[next++]!;
        report.checked++;
        try {
          const { finding, outcome } = await this.investigate(session, gateway, op, picture, count, { fetchPending: lists(gateway) });
          if (finding) findings.set(op.id, finding);
          if (outcome === 'pending' || outcome === 'deferred') report.stillPending++;
          else report.settled++;
          if (outcome === 'orphan_cancelled') report.cancelledOrphans++;
          if (outcome === 'never_reached') report.neverReached++;
        } catch (error) {
          report.errors++;
          this.deps.log?.warn('reconciliation of an operation failed; it will be retried', { operationId: op.id, error: String(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_CALLS, todo.length) }, worker));
    this.write(findings);
    report.ms = Math.round(performance.now() - started);
    this.deps.log?.info('reconciliation done', { ...report });
    return report;
  }

  /** The latest state of one operation after reconciling it (cancel of a stuck create). */
  async settle(operationId: string): Promise<StoredOperation> {
    const session = this.deps.session.require();
    const op = getOperation(this.deps.db, operationId);
    if (!op) throw new Error(`no operation ${operationId}`);
    this.requireOwnPlatform(op);
    const { gateway } = this.deps.platform();
    const { finding } = await this.investigate(session, gateway, op, null, () => undefined, { fetchPending: true });
    if (finding) this.write(new Map([[op.id, finding]]));
    return getOperation(this.deps.db, operationId)!;
  }

  /** Another platform cannot say anything about this operation: not even that it does not know it. */
  requireOwnPlatform(op: StoredOperation): void {
    if (op.platform !== null && op.platform !== this.deps.platform().identity) throw CompanionFailure.of('other_platform');
  }

  /** Records every finding in one transaction (the screens hear of them once committed). */
  private write(findings: Map<string, Finding>): void {
    this.deps.recorder.batch(() => {
      for (const [operationId, finding] of findings) {
        if (finding.kind === 'failed') this.deps.recorder.fail(operationId, finding.failure, 'reconciliation');
        else {
          try {
            this.deps.recorder.record(operationId, finding.request, 'reconciliation', finding.detail ?? null);
          } catch (error) {
            // An answer that cannot be about this operation settles nothing: it is looked at again.
            if (!(error instanceof PlatformAnswerMismatch)) throw error;
            this.deps.log?.warn('reconciliation: a platform answer does not fit the operation', { operationId, problem: error.problem });
          }
        }
      }
    });
  }

  private async investigate(
    session: ActiveSession,
    gateway: PlatformGateway,
    op: StoredOperation,
    picture: PlatformPicture | null,
    count: () => void,
    options: { fetchPending: boolean },
  ): Promise<{ finding: Finding | null; outcome: Outcome }> {
    if (op.status === 'pending' && op.platformId) {
      let request = picture?.byId.get(op.platformId);
      if (!request) {
        // A platform that cannot list is asked about its pending requests by the status follower,
        // one call at a time: a start-up after a day offline must not become a burst of calls.
        if (!options.fetchPending) return { finding: null, outcome: 'pending' };
        try {
          request = await this.call(session, count, (s) => gateway.get(s, op.platformId!));
        } catch (error) {
          if (error instanceof PlatformError && error.kind === 'not_found') {
            return { finding: { kind: 'failed', failure: UNKNOWN_TO_PLATFORM }, outcome: 'final' };
          }
          throw error;
        }
      }
      return { finding: { kind: 'state', request }, outcome: request.status === 'pending' ? 'pending' : 'final' };
    }
    if (op.status !== 'creating') return { finding: null, outcome: 'final' };
    let found: PlatformPaymentRequest | null;
    if (lists(gateway)) {
      const candidates =
        picture && picture.covers(op)
          ? (picture.byBasket.get(op.basketNumber) ?? [])
          : await this.listAround(session, gateway, op, count);
      const matched = this.match(op, candidates);
      if (matched === 'undecidable') return { finding: null, outcome: 'deferred' };
      found = matched;
    } else {
      const replayed = await this.replay(session, gateway, op, count);
      if (replayed === 'undecidable') return { finding: null, outcome: 'deferred' };
      found = replayed;
    }
    if (!found) return { finding: { kind: 'failed', failure: NEVER_REACHED }, outcome: 'never_reached' };
    if (found.status !== 'pending') return { finding: { kind: 'state', request: found }, outcome: 'final' };
    return this.cancelOrphan(session, gateway, found, count);
  }

  /** A request nobody waits for any more: cancelled, or recorded as the platform has it if it
   *  ended meanwhile (the platform's word is final). */
  private async cancelOrphan(
    session: ActiveSession,
    gateway: PlatformGateway,
    found: PlatformPaymentRequest,
    count: () => void,
  ): Promise<{ finding: Finding; outcome: Outcome }> {
    try {
      const cancelled = await this.call(session, count, (s) => gateway.cancel(s, found.ref));
      return { finding: { kind: 'state', request: cancelled, detail: { orphan: true } }, outcome: 'orphan_cancelled' };
    } catch (error) {
      // Paid (or expired) between the lookup and the cancel: the platform's word is final.
      if (!(error instanceof PlatformError && error.kind === 'not_pending')) throw error;
      const latest = await this.call(session, count, (s) => gateway.get(s, found.ref));
      return { finding: { kind: 'state', request: latest }, outcome: 'final' };
    }
  }

  /**
   * A platform that cannot list: the lost create sent again with the same key. The request it
   * made, or null when the platform had never seen the key (the request it has just made is
   * cancelled at once: nobody ever saw its QR); 'undecidable' past the idempotency window, or
   * where the request could not be cancelled if it had to be.
   */
  private async replay(
    session: ActiveSession,
    gateway: PlatformGateway,
    op: StoredOperation,
    count: () => void,
  ): Promise<PlatformPaymentRequest | null | 'undecidable'> {
    const window = gateway.capabilities.idempotencyWindowMs;
    if (!gateway.capabilities.cancel || (window !== null && Date.now() - Date.parse(op.createdAt) > window - REPLAY_MARGIN_MS)) {
      if (!this.beyondWindow.has(op.id)) {
        this.beyondWindow.add(op.id);
        this.deps.log?.warn('a create whose answer was lost is past the platform’s idempotency window: it stays unknown, check it on the platform', {
          operationId: op.id,
          basketNumber: op.basketNumber,
          createdAt: op.createdAt,
        });
      }
      return 'undecidable';
    }
    const { request, replayed } = await this.call(session, count, (s) =>
      gateway.create(s, {
        amount: op.amountRequested,
        basketNumber: op.basketNumber,
        label: op.label,
        customerReference: op.customerReference,
        sellerId: op.sellerId,
        idempotencyKey: op.idempotencyKey,
      }),
    );
    if (replayed !== false) return request;
    // The platform never had it: the lost create never arrived. What the replay made is nobody's.
    await this.call(session, count, (s) => gateway.cancel(s, request.ref)).catch((error: unknown) => {
      this.deps.log?.warn('could not cancel the request a replay made; nobody has its QR, it expires on its own', {
        operationId: op.id,
        ref: request.ref,
        error: String(error),
      });
    });
    return null;
  }

  /**
   * The platform request this intent became, if any. By its idempotency key when the platform
   * echoes keys (a request carrying another key is someone else's, whatever it looks like);
   * otherwise by basket, amount and texts near the intent's time, not already another
   * operation's, and only while no create of that basket is in flight here ('undecidable': the
   * look-alike may be that create's, and cancelling it would cancel a sale being paid).
   */
  private match(op: StoredOperation, candidates: PlatformPaymentRequest[]): PlatformPaymentRequest | null | 'undecidable' {
    const notOthers = (request: PlatformPaymentRequest) => {
      const owner = findByPlatformId(this.deps.db, request.ref);
      return owner === null || owner.id === op.id;
    };
    const byKey = candidates.find((request) => request.idempotencyKey === op.idempotencyKey);
    if (byKey) return notOthers(byKey) ? byKey : null;
    const at = Date.parse(op.createdAt);
    const { from, to } = searchWindow(op);
    const lookalikes = candidates
      .filter((request) => {
        if (request.idempotencyKey !== null || request.createdAt === null) return false;
        const created = Date.parse(request.createdAt);
        return (
          request.basketNumber === op.basketNumber &&
          created >= from &&
          created < to &&
          request.amountRequested === op.amountRequested &&
          request.label === op.label &&
          request.customerReference === op.customerReference &&
          request.sellerId === op.sellerId
        );
      })
      .filter(notOthers)
      .sort((a, b) => Math.abs(Date.parse(a.createdAt!) - at) - Math.abs(Date.parse(b.createdAt!) - at));
    if (lookalikes.length === 0) return null;
    const basket = op.basketNumber.toUpperCase();
    for (const [id, inFlightBasket] of this.inFlight) if (id !== op.id && inFlightBasket === basket) return 'undecidable';
    return lookalikes[0]!;
  }

  /** One operation's candidates, when no list picture covers it. */
  private async listAround(session: ActiveSession, gateway: PlatformGateway, op: StoredOperation, count: () => void): Promise<PlatformPaymentRequest[]> {
    const { from, to } = searchWindow(op);
    return (await this.listWindow(session, gateway, count, { from, to, basketNumber: op.basketNumber })) ?? [];
  }

  /** Lists the platform's requests in the merged time windows around the operations. */
  private async picture(session: ActiveSession, gateway: PlatformGateway, ops: StoredOperation[], count: () => void): Promise<PlatformPicture> {
    const windows = ops.map(searchWindow).sort((a, b) => a.from - b.from);
    const merged: Array<{ from: number; to: number }> = [];
    for (const window of windows) {
      const last = merged[merged.length - 1];
      if (last && window.from <= last.to) last.to = Math.max(last.to, window.to);
      else merged.push({ ...window });
    }
    const picture = new PlatformPicture();
    const budget = { pagesLeft: MAX_LIST_PAGES };
    for (const window of merged) {
      if (window.to - window.from > MAX_LISTED_WINDOW_MS) continue;
      const requests = await this.listWindow(session, gateway, count, window, budget);
      if (requests) picture.add(window.from, window.to, requests);
    }
    return picture;
  }

  /** Every request of a time window, page after page; null when the page budget runs out first. */
  private async listWindow(
    session: ActiveSession,
    gateway: PlatformGateway,
    count: () => void,
    query: { from: number; to: number; basketNumber?: string },
    budget: { pagesLeft: number } = { pagesLeft: Infinity },
  ): Promise<PlatformPaymentRequest[] | null> {
    const requests: PlatformPaymentRequest[] = [];
    let cursor: string | undefined;
    do {
      if (budget.pagesLeft-- <= 0) return null;
      const page = await this.call(session, count, (s) =>
        gateway.list!(s, {
          from: new Date(query.from).toISOString(),
          to: new Date(query.to).toISOString(),
          limit: 100,
          ...(query.basketNumber ? { basketNumber: query.basketNumber } : {}),
          ...(cursor ? { cursor } : {}),
        }),
      );
      requests.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return requests;
  }

  private call<T>(session: ActiveSession, count: () => void, work: (session: PlatformSession) => Promise<T>): Promise<T> {
    count();
    return this.deps.session.withSession(() => work(session.platform));
  }
}

/** Whether the platform finds lost creates by listing its requests. */
function lists(gateway: PlatformGateway): boolean {
  return gateway.capabilities.lostCreateLookup === 'list' && gateway.list !== undefined;
}
