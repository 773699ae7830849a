// The one place where what the platform says becomes a row in the log and a `payment.updated`
// event: create answers, stream events, polls, refreshes and reconciliation all go through here.
import type Database from 'better-sqlite3';
import type { Operation } from '../../common/contract';
import type { PlatformPaymentRequest } from '../platform/gateway';
import {
  findByPlatformId,
  PlatformAnswerMismatch,
  markFailed,
  publicOperation,
  recordPlatformState,
  type EventSource,
  type StoredOperation,
} from '../db/operation-log';
import type { EventHub } from '../event-hub';

/** Platform states seen for requests the log does not know yet (the stream can be faster than
 *  the create answer); replayed once the create is recorded. */
const EARLY_STATE_TTL_MS = 120_000;
const EARLY_STATE_MAX = 500;

export class OperationRecorder {
  private readonly early = new Map<string, { request: PlatformPaymentRequest; seenAt: number }>();
  /** Inside `batch`: the updates to announce once the batch is committed. */
  private held: Operation[] | null = null;
  constructor(
    private readonly db: Database.Database,
    private readonly hub: EventHub,
  ) {}

  record(operationId: string, request: PlatformPaymentRequest, source: EventSource, detail: Record<string, unknown> | null = null): StoredOperation {
    const outcome = recordPlatformState(this.db, operationId, request, source, new Date().toISOString(), detail);
    if (outcome.changed) this.emit(outcome.operation);
    const early = this.early.get(request.ref);
    if (early) {
      this.early.delete(request.ref);
      // Safe to apply whatever it says: a final operation never changes again.
      return this.record(operationId, early.request, 'stream', { early: true });
    }
    return outcome.operation;
  }

  /** A platform state from the stream or a poll, for whichever operation carries its reference. */
  recordByPlatformRef(request: PlatformPaymentRequest, source: EventSource): StoredOperation | null {
    const operation = findByPlatformId(this.db, request.ref);
    if (!operation) {
      this.remember(request);
      return null;
    }
    try {
      return this.record(operation.id, request, source);
    } catch (error) {
      // One answer that cannot be true must not stop the stream or the poll for the others.
      if (error instanceof PlatformAnswerMismatch) return null;
      throw error;
    }
  }

  fail(operationId: string, failure: { code: string; message: string }, source: EventSource): StoredOperation {
    const outcome = markFailed(this.db, operationId, failure, source, new Date().toISOString());
    if (outcome.changed) this.emit(outcome.operation);
    return outcome.operation;
  }

  /**
   * Records many states in one transaction: one fsync instead of one per change (a replay of a
   * day's events, a start-up reconciliation). Screens hear of the changes only once they are
   * committed, as with single records: nothing is shown that a crash could take back.
   */
  batch<T>(work: () => T): T {
    if (this.held) return work();
    this.held = [];
    let result: T;
    try {
      result = this.db.transaction(work).immediate();
    } catch (error) {
      this.held = null;
      throw error;
    }
    const committed = this.held;
    this.held = null;
    for (const operation of committed) this.hub.emit('payment.updated', operation);
    return result;
  }

  private emit(operation: StoredOperation): void {
    const shown = publicOperation(operation);
    if (this.held) this.held.push(shown);
    else this.hub.emit('payment.updated', shown);
  }

  announce(operation: StoredOperation): Operation {
    const shown = publicOperation(operation);
    this.hub.emit('payment.updated', shown);
    return shown;
  }

  private remember(request: PlatformPaymentRequest): void {
    const now = Date.now();
    for (const [id, entry] of this.early) if (now - entry.seenAt > EARLY_STATE_TTL_MS) this.early.delete(id);
    if (this.early.size >= EARLY_STATE_MAX) this.early.delete(this.early.keys().next().value!);
    const known = this.early.get(request.ref);
    if (!known || known.request.updatedAt <= request.updatedAt) this.early.set(request.ref, { request, seenAt: now });
  }
}
