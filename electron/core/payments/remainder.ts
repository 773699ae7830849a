// "Reste encaissé autrement": the ANCV guide's way for what a partial payment leaves, another
// means of payment taken at the till, recorded on the operation. One transaction writes the
// columns the lists read and the event the history keeps; the operation is announced after the
// commit, like every other change.
import type Database from 'better-sqlite3';
import type { Operation, RemainderMeans } from '../../common/contract';
import { appendEvent, getOperation, statement, type StoredOperation } from '../db/operation-log';
import { CompanionFailure } from '../failure';
import type { OperationRecorder } from './operation-recorder';

/** A request for the rest that is under way or paid holds the remainder; one that expired, was
 *  cancelled or failed gave it back to the original payment. */
const FOLLOW_UPS_HOLDING_THE_REMAINDER = `SELECT 1 FROM operations WHERE follow_up_of = ?
  AND status IN ('creating', 'pending', 'validated') LIMIT 1`;

export function collectRemainder(
  deps: { db: Database.Database; recorder: OperationRecorder },
  input: { id: string; means: RemainderMeans },
  at: string = new Date().toISOString(),
): Operation {
  const { db } = deps;
  const recorded = db
    .transaction((): StoredOperation => {
      const operation = getOperation(db, input.id);
      if (!operation) throw CompanionFailure.of('not_found');
      if (operation.remainderCollected) throw CompanionFailure.of('remainder_already_collected');
      if (operation.status !== 'validated' || operation.remainder <= 0) throw CompanionFailure.of('no_remainder');
      // Only the last request of the basket's chain: the rest may already be asked for again.
      if (statement(db, FOLLOW_UPS_HOLDING_THE_REMAINDER).get(operation.id)) throw CompanionFailure.of('remainder_requested');
      statement(
        db,
        `UPDATE operations SET remainder_means = ?, remainder_collected_cents = ?, remainder_collected_at = ?, updated_at = ?
         WHERE id = ?`,
      ).run(input.means, operation.remainder, at, at, operation.id);
      appendEvent(db, operation.id, at, 'local', operation.status, operation.amountReceived, {
        step: 'remainder_collected',
        means: input.means,
        amount: operation.remainder,
      });
      return getOperation(db, operation.id)!;
    })
    .immediate();
  return deps.recorder.announce(recorded);
}

/** "Demander le reste" of a remainder already collected another way would charge it twice. The
 *  database refuses it too (a trigger), whatever the order of the two calls; this check gives the
 *  cashier the reason instead of an internal error. */
export function refuseFollowUpOfCollectedRemainder(db: Database.Database, followUpOf: string | undefined): void {
  if (!followUpOf) return;
  if (getOperation(db, followUpOf)?.remainderCollected) throw CompanionFailure.of('remainder_already_collected');
}
