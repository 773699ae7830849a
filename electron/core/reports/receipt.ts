// The customer's receipt (« ticket ») of a basket: what was asked once, what Chèque-Vacances
// Connect paid over the request and its follow-ups (with the platform's references), and the
// remainder with how it was collected.
import type Database from 'better-sqlite3';
import type { Receipt } from '../../common/contract';
import { getOperation, statement, type StoredOperation } from '../db/operation-log';
import { CompanionFailure } from '../failure';
import { remainderOf } from './report-hooks';

/** The basket's first request and every follow-up, in the order they were asked. */
function basketOf(db: Database.Database, operation: StoredOperation): StoredOperation[] {
  let rootId = operation.id;
  if (operation.followUpOf) {
    const filed = statement(db, 'SELECT root_id FROM basket_follow_ups WHERE follow_up_id = ?').get(operation.id) as { root_id: string } | undefined;
    rootId = filed?.root_id ?? operation.followUpOf;
  }
  const root = rootId === operation.id ? operation : getOperation(db, rootId);
  if (!root) return [operation];
  const followUps = statement(db, 'SELECT follow_up_id FROM basket_follow_ups WHERE root_created_at = ? AND root_id = ?')
    .all(root.createdAt, root.id) as Array<{ follow_up_id: string }>;
  const chain = [root, ...followUps.map((row) => getOperation(db, row.follow_up_id)).filter((op): op is StoredOperation => op !== null)];
  return chain.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function receiptOf(
  db: Database.Database,
  operationId: string,
  context: { merchant: { conventionNumber: string; name: string } | null; now?: Date },
): Receipt {
  const operation = getOperation(db, operationId);
  if (!operation) throw CompanionFailure.of('not_found');
  const chain = basketOf(db, operation);
  const root = chain[0]!;
  const validated = chain.filter((op) => op.status === 'validated' && op.platformId !== null);
  if (validated.length === 0) {
    throw CompanionFailure.of('not_pending', { reason: 'no_receipt' });
  }
  const amountReceived = validated.reduce((sum, op) => sum + op.amountReceived, 0);
  const collected = chain.map((op) => remainderOf(db, op.id)).filter((r) => r !== null);
  const remainderCollected = collected.length
    ? { means: collected[collected.length - 1]!.means, amount: collected.reduce((sum, r) => sum + r.amount, 0) }
    : null;
  const merchant = context.merchant?.conventionNumber === root.conventionNumber ? context.merchant : null;
  return {
    merchant: { name: merchant?.name ?? null, conventionNumber: root.conventionNumber },
    operationId: root.id,
    basketNumber: root.basketNumber,
    label: root.label,
    paidAt: validated[validated.length - 1]!.updatedAt,
    printedAt: (context.now ?? new Date()).toISOString(),
    amountRequested: root.amountRequested,
    amountReceived,
    remainder: Math.max(0, root.amountRequested - amountReceived),
    remainderCollected,
    payments: validated.map((op) => ({ platformId: op.platformId!, amountReceived: op.amountReceived, at: op.updatedAt })),
    tillId: root.tillId,
  };
}
