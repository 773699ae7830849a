// Settles every operation the log does not know the end of, against the platform's truth.
// Run at start-up (and after each login), and for a create whose answer never came.
//
// - `pending`: fetch it; a cashier may still be showing its QR, so it is followed as usual.
// - `creating`: the platform may or may not have received it. Find it by what identifies it (its
//   basket number, amount, texts and time); the platform's idempotency keys are not listable.
//   Never found: `failed` ("never reached the platform"). Found and still payable: nobody is
//   waiting for it any more (the cashier saw an error or the app restarted), so it is cancelled:
//   reconciliation never brings a payment request to life. Found and final: recorded as is.
import type Database from 'better-sqlite3';
import type { PaymentRequest } from '../../common/platform-api';
import { findByPlatformId, getOperation, listUnsettled, type StoredOperation } from '../db/operation-log';
import type { Logger } from '../ports';
import type { PlatformClient } from '../platform/platform-client';
import { PlatformError } from '../platform/platform-error';
import type { ActiveSession, SessionService } from '../session';
import type { OperationRecorder } from './operation-recorder';

/** How far the platform's clock may be from ours when matching a request to its intent. */
const CLOCK_SKEW_MS = 5 * 60_000;
const PARALLEL_CALLS = 8;

export const NEVER_REACHED = {
  code: 'never_reached',
  message: 'La demande n’est jamais parvenue à la plateforme : aucun paiement n’a été demandé au client.',
};

export interface ReconciliationReport {
  checked: number;
  settled: number;
  stillPending: number;
  cancelledOrphans: number;
  neverReached: number;
  errors: number;
}

export class Reconciler {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly deps: {
      db: Database.Database;
      client: PlatformClient;
      session: SessionService;
      recorder: OperationRecorder;
      log?: Logger;
    },
  ) {}

  /** Creates this process is still waiting on: reconciliation leaves them alone. */
  guard<T>(operationId: string, work: () => Promise<T>): Promise<T> {
    this.inFlight.add(operationId);
    return work().finally(() => this.inFlight.delete(operationId));
  }

  isInFlight(operationId: string): boolean {
    return this.inFlight.has(operationId);
  }

  /** Settles every unsettled operation of the logged-in merchant. */
  async reconcileAll(options: { olderThanMs?: number; onlyCreating?: boolean } = {}): Promise<ReconciliationReport> {
    const session = this.deps.session.active();
    const report: ReconciliationReport = { checked: 0, settled: 0, stillPending: 0, cancelledOrphans: 0, neverReached: 0, errors: 0 };
    if (!session) return report;
    const cutoff = Date.now() - (options.olderThanMs ?? 0);
    const todo = listUnsettled(this.deps.db, session.conventionNumber).filter(
      (op) =>
        !this.inFlight.has(op.id) &&
        Date.parse(op.createdAt) <= cutoff &&
        (!options.onlyCreating || op.status === 'creating'),
    );
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const op = todo[next++]!;
        report.checked++;
        try {
          const outcome = await this.reconcileOne(session, op);
          if (outcome === 'pending') report.stillPending++;
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
    if (report.checked) this.deps.log?.info('reconciliation done', { ...report });
    return report;
  }

  async reconcileOne(
    session: ActiveSession,
    op: StoredOperation,
  ): Promise<'pending' | 'final' | 'orphan_cancelled' | 'never_reached'> {
    if (op.status === 'pending' && op.platformId) {
      const request = await this.call(session, (token) => this.deps.client.getPaymentRequest(token, op.platformId!));
      const recorded = this.deps.recorder.record(op.id, request, 'reconciliation');
      return recorded.status === 'pending' ? 'pending' : 'final';
    }
    if (op.status !== 'creating') return 'final';
    const found = await this.findOnPlatform(session, op);
    if (!found) {
      this.deps.recorder.fail(op.id, NEVER_REACHED, 'reconciliation');
      return 'never_reached';
    }
    if (found.status !== 'pending') {
      this.deps.recorder.record(op.id, found, 'reconciliation');
      return 'final';
    }
    try {
      const cancelled = await this.call(session, (token) => this.deps.client.cancelPaymentRequest(token, found.id));
      this.deps.recorder.record(op.id, cancelled, 'reconciliation', { orphan: true });
      return 'orphan_cancelled';
    } catch (error) {
      // Paid (or expired) between the lookup and the cancel: the platform's word is final.
      if (!(error instanceof PlatformError && error.kind === 'not_pending')) throw error;
      const latest = await this.call(session, (token) => this.deps.client.getPaymentRequest(token, found.id));
      this.deps.recorder.record(op.id, latest, 'reconciliation');
      return 'final';
    }
  }

  /** The platform request this intent became, if any: same basket, amount and texts, created
   *  near the intent's time, and not already another operation's. */
  private async findOnPlatform(session: ActiveSession, op: StoredOperation): Promise<PaymentRequest | null> {
    const at = Date.parse(op.createdAt);
    const from = new Date(at - CLOCK_SKEW_MS).toISOString();
    const to = new Date(at + CLOCK_SKEW_MS * 2).toISOString();
    const candidates: PaymentRequest[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.call(session, (token) =>
        this.deps.client.listPaymentRequests(token, { basketNumber: op.basketNumber, from, to, limit: 100, ...(cursor ? { cursor } : {}) }),
      );
      candidates.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const matching = candidates
      .filter(
        (request) =>
          request.amountRequested === op.amountRequested &&
          request.label === op.label &&
          request.customerReference === op.customerReference &&
          request.sellerId === op.sellerId,
      )
      .filter((request) => {
        const owner = findByPlatformId(this.deps.db, request.id);
        return owner === null || owner.id === op.id;
      })
      .sort((a, b) => Math.abs(Date.parse(a.createdAt) - at) - Math.abs(Date.parse(b.createdAt) - at));
    return matching[0] ?? null;
  }

  private call<T>(session: ActiveSession, work: (token: string) => Promise<T>): Promise<T> {
    return this.deps.session.withToken(() => work(session.token));
  }

  /** The latest state of one operation after reconciling it (cancel of a stuck create). */
  async settle(operationId: string): Promise<StoredOperation> {
    const session = this.deps.session.require();
    const op = getOperation(this.deps.db, operationId);
    if (!op) throw new Error(`no operation ${operationId}`);
    await this.reconcileOne(session, op);
    return getOperation(this.deps.db, operationId)!;
  }
}
