// What the platform says about an operation, recorded once and checked to be about it; failures.
import type Database from 'better-sqlite3';
import { isFinalStatus } from '../../../common/contract';
import type { PlatformPaymentRequest, PlatformState } from '../../platform/gateway';
import { statement } from '../statements';
import { appendEvent, type EventSource } from './history';
import { getOperation } from './lookups';
import type { StoredOperation } from './rows';

export type RecordOutcome = { changed: false; operation: StoredOperation } | { changed: true; operation: StoredOperation };

/**
 * Records what the platform says about an operation: the companion's fields, the platform's
 * opaque reference (`platform_id`) and its raw state for support (`platform_state`, JSON: the
 * platform's own status words and ids). Idempotent: the same state seen twice (stream and poll)
 * writes nothing the second time; a final operation never changes again. A change of the
 * platform's own status with no change for the companion (a Worldline link paid, its payment
 * not yet captured) is a row of the history too, for support.
 */
export function recordPlatformState(
  db: Database.Database,
  id: string,
  request: PlatformPaymentRequest,
  source: EventSource,
  at: string,
  detail: Record<string, unknown> | null = null,
): RecordOutcome {
  return db.transaction((): RecordOutcome => {
    const current = getOperation(db, id);
    if (!current) throw new Error(`no operation ${id}`);
    if (isFinalStatus(current.status)) return { changed: false, operation: current };
    checkAnswerFits(current, request);
    const state = JSON.stringify(request.platformState);
    const same =
      current.platformId === request.ref &&
      current.status === request.status &&
      current.amountReceived === request.amountReceived &&
      current.expiresAt === request.expiresAt &&
      current.qrPayload === request.qrPayload &&
      platformStatusOf(db, id) === request.platformState.status;
    if (same) return { changed: false, operation: current };
    statement(
      db,
      `UPDATE operations SET platform_id = ?, status = ?, amount_received_cents = ?, qr_payload = ?, expires_at = ?,
         updated_at = ?, platform_state = ? WHERE id = ?`,
    ).run(request.ref, request.status, request.amountReceived, request.qrPayload, request.expiresAt, at, state, id);
    appendEvent(db, id, at, source, request.status, request.amountReceived, {
      platformId: request.ref,
      platformUpdatedAt: request.updatedAt,
      platformStatus: request.platformState.status,
      ...detail,
    });
    return { changed: true, operation: getOperation(db, id)! };
  }).immediate();
}

/** The platform's raw state last recorded for an operation (support), or null. */
export function platformStateOf(db: Database.Database, id: string): PlatformState | null {
  const row = statement(db, 'SELECT platform_state FROM operations WHERE id = ?').get(id) as { platform_state: string | null } | undefined;
  return row?.platform_state ? (JSON.parse(row.platform_state) as PlatformState) : null;
}

function platformStatusOf(db: Database.Database, id: string): string | null {
  const row = statement(db, `SELECT platform_state ->> '$.status' AS status FROM operations WHERE id = ?`).get(id) as
    | { status: string | null }
    | undefined;
  return row?.status ?? null;
}

/** A platform answer that cannot be about this operation (another request, basket or amount, or
 *  more received than asked): recording it would rewrite the log with someone else's payment. */
export class PlatformAnswerMismatch extends Error {
  constructor(readonly operationId: string, readonly problem: string) {
    super(`the platform's answer does not fit operation ${operationId}: ${problem}`);
    this.name = 'PlatformAnswerMismatch';
  }
}

function checkAnswerFits(current: StoredOperation, request: PlatformPaymentRequest): void {
  const problem =
    current.platformId !== null && current.platformId !== request.ref
      ? 'another request'
      : request.amountRequested !== current.amountRequested
        ? 'another amount requested'
        : request.basketNumber.toLowerCase() !== current.basketNumber.toLowerCase()
          ? 'another basket'
          : request.amountReceived > request.amountRequested
            ? 'more received than requested'
            : null;
  if (problem) throw new PlatformAnswerMismatch(current.id, problem);
}

/** A create the platform refused or that never reached it, or a request the platform does not
 *  know: final, with the reason. */
export function markFailed(
  db: Database.Database,
  id: string,
  failure: { code: string; message: string },
  source: EventSource,
  at: string,
): RecordOutcome {
  return db.transaction((): RecordOutcome => {
    const current = getOperation(db, id);
    if (!current) throw new Error(`no operation ${id}`);
    // A create that failed, or a pending request the platform says it never had.
    if (current.status !== 'creating' && current.status !== 'pending') return { changed: false, operation: current };
    statement(db, `UPDATE operations SET status = 'failed', failure_code = ?, failure_message = ?, updated_at = ? WHERE id = ?`).run(
      failure.code,
      failure.message,
      at,
      id,
    );
    appendEvent(db, id, at, source, 'failed', 0, { failure });
    return { changed: true, operation: getOperation(db, id)! };
  }).immediate();
}
