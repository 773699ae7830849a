// What the day close reads from other parts of the log that other features own, each in one
// small place so it can follow them: remainders collected at the counter by another means of
// payment, and the Caisse-AP exchanges whose till was never told the outcome.
import type Database from 'better-sqlite3';
import { RemainderMeans, TILL_OUTCOMES_TO_REPORT, type RemainderTotals, type UntoldTillOperation } from '../../common/contract';
import { statement } from '../db/operation-log';

/** The columns of a remainder collected another way (« Reste encaissé par »), as the counter
 *  records them on `operations`, under the names the reports read. */
export const REMAINDER_COLUMNS =
  'remainder_means AS remainder_means, remainder_collected_cents AS remainder_amount_cents, remainder_collected_at AS remainder_at';

export function remaindersByMeansSql(columns = REMAINDER_COLUMNS): string {
  return `SELECT remainder_means AS means, count(*) AS count, sum(remainder_amount_cents) AS amount
     FROM (SELECT ${columns} FROM operations WHERE created_at >= ? AND created_at < ?)
     WHERE remainder_means IS NOT NULL GROUP BY remainder_means ORDER BY remainder_means`;
}

/** Remainders collected otherwise on the requests created in `[start, end)`, per means.
 *  `columns` is for tests that stand in for the counter's record. */
export function remaindersByMeans(db: Database.Database, start: string, end: string, columns = REMAINDER_COLUMNS): RemainderTotals[] {
  const rows = statement(db, remaindersByMeansSql(columns)).all(start, end) as Array<{ means: string; count: number; amount: number }>;
  return rows.flatMap((row) => {
    const means = RemainderMeans.safeParse(row.means);
    return means.success ? [{ means: means.data, count: row.count, amount: row.amount }] : [];
  });
}

/** The remainder collected otherwise on one operation, or null. */
export function remainderOf(db: Database.Database, operationId: string): { means: RemainderMeans; amount: number } | null {
  const row = statement(db, `SELECT ${REMAINDER_COLUMNS} FROM operations WHERE id = ?`).get(operationId) as
    | { remainder_means: string | null; remainder_amount_cents: number | null }
    | undefined;
  const means = RemainderMeans.safeParse(row?.remainder_means);
  return means.success && row?.remainder_amount_cents ? { means: means.data, amount: row.remainder_amount_cents } : null;
}

/**
 * Operations created by a till over Caisse-AP whose till does not know the outcome: part paid
 * but answered "not done", paid after the till gave up, or answered while nobody knew (the
 * outcomes the Caisse-AP server records for the cashier to act on), acknowledged or not.
 */
export const TILL_NOT_TOLD_SQL = `SELECT o.id, o.basket_number, o.amount_requested_cents, o.amount_received_cents, o.status, e.at, e.delivery
  FROM till_exchanges AS e JOIN operations AS o ON o.id = e.operation_id
  WHERE e.at >= ? AND e.at < ?
    AND e.till_outcome IN (${TILL_OUTCOMES_TO_REPORT.map((outcome) => `'${outcome}'`).join(', ')})
  ORDER BY e.at, e.id`;

export function operationsTillNotTold(db: Database.Database, start: string, end: string): UntoldTillOperation[] {
  const rows = statement(db, TILL_NOT_TOLD_SQL).all(start, end) as Array<{
    id: string;
    basket_number: string;
    amount_requested_cents: number;
    amount_received_cents: number;
    status: UntoldTillOperation['status'];
    at: string;
    delivery: string;
  }>;
  return rows.map((row) => ({
    operationId: row.id,
    basketNumber: row.basket_number,
    amountRequested: row.amount_requested_cents,
    amountReceived: row.amount_received_cents,
    status: row.status,
    at: row.at,
    delivery: row.delivery,
  }));
}
