// « Clôture de journée » from this till's operation log: one grouped read of the period's
// requests, one read of its baskets' follow-ups, and the true totals built from them. Attempts
// that never reached the platform (`failed`) are kept apart: they are not money asked. A basket
// (a first request and the follow-ups asked for its remainder) counts its amount once.
import type Database from 'better-sqlite3';
import {
  REMAINDER_MEANS,
  OPERATION_STATUSES,
  type BasketTotals,
  type DayReport,
  type DaySummary,
  type OperationStatus,
  type RemainderTotals,
  type ReportBreakdown,
  type ReportPeriod,
  type RequestTotals,
} from '../../common/contract';
import { parisDayRange } from '../../common/dates';
import { publicOperation, statement, toOperation } from '../db/operation-log';
import { remaindersByMeans, remaindersByMeansSql, TILL_NOT_TOLD_SQL } from './report-hooks';

/** One group of the period's requests, as the grouped read returns it. */
export interface RequestGroup {
  till: string;
  origin: string;
  seller: string | null;
  status: OperationStatus;
  /** 1: a basket's first request; 0: a follow-up. */
  first: 0 | 1;
  n: number;
  requested: number;
  received: number;
  /** Validated requests received in full (for the others: how many). */
  paid_in_full: number;
}

/** Past this many days the grouped read follows the grouping index instead of the time index:
 *  reading a year in group order beats sorting it; a day or a month is fastest by time. */
const LONG_PERIOD_DAYS = 62;

/** The grouped read of `[start, end)`. Exported so the benchmark runs the very same SQL raw. */
export function requestGroupsSql(longPeriod: boolean): string {
  const index = longPeriod ? 'operations_report_groups' : 'operations_by_time';
  return `SELECT till_id AS till, origin, seller_id AS seller, status, follow_up_of IS NULL AS first, count(*) AS n,
      sum(amount_requested_cents) AS requested, sum(amount_received_cents) AS received,
      sum(amount_received_cents = amount_requested_cents) AS paid_in_full
    FROM operations INDEXED BY ${index} WHERE created_at >= ? AND created_at < ?
    GROUP BY till_id, origin, seller_id, status, follow_up_of IS NULL`;
}

/** The follow-ups of the baskets started in `[start, end)`, with their first request. */
export const BASKET_FOLLOW_UPS_SQL = `SELECT b.root_id AS root, r.status AS root_status, r.amount_requested_cents AS root_requested,
    r.amount_received_cents AS root_received, f.status AS status, f.amount_received_cents AS received
  FROM basket_follow_ups AS b JOIN operations AS f ON f.id = b.follow_up_id JOIN operations AS r ON r.id = b.root_id
  WHERE b.root_created_at >= ? AND b.root_created_at < ?`;

interface FollowUpRow {
  root: string;
  root_status: OperationStatus;
  root_requested: number;
  root_received: number;
  status: OperationStatus;
  received: number;
}

/** The UTC instants `[start, end)` of Paris days `from` to `to`, both included. */
export function periodRange(period: ReportPeriod): { start: string; end: string; days: number } {
  const start = parisDayRange(period.from).from;
  const end = parisDayRange(period.to).to;
  const days = Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / 86_400_000) + 1;
  return { start, end, days };
}

export function readRequestGroups(db: Database.Database, start: string, end: string, days: number): RequestGroup[] {
  return statement(db, requestGroupsSql(days > LONG_PERIOD_DAYS)).all(start, end) as RequestGroup[];
}

const zero = (): RequestTotals => ({ count: 0, amountRequested: 0, amountReceived: 0 });

function add(totals: RequestTotals, count: number, requested: number, received: number): void {
  totals.count += count;
  totals.amountRequested += requested;
  totals.amountReceived += received;
}

/** Totals of requests, and of baskets, that other sources (another till's requests) add to. */
export class ReportTotals {
  readonly byStatus = Object.fromEntries(OPERATION_STATUSES.map((s) => [s, zero()])) as Record<OperationStatus, RequestTotals>;
  readonly total = zero();
  readonly refused = zero();
  readonly baskets: BasketTotals = {
    count: 0,
    amountRequested: 0,
    amountReceived: 0,
    paidInFull: 0,
    partiallyPaid: 0,
    pending: 0,
    unpaid: 0,
    collectedOtherwise: 0,
    leftToCollect: 0,
  };
  private readonly breakdowns = { seller: new Map<string | null, ReportBreakdown>(), till: new Map<string | null, ReportBreakdown>(), origin: new Map<string | null, ReportBreakdown>() };

  /** Counts `n` requests of one status (and, for first requests, their baskets). */
  addRequests(group: { till: string | null; origin: string | null; seller: string | null; status: OperationStatus; first: boolean; n: number; requested: number; received: number; paidInFull: number }): void {
    add(this.byStatus[group.status], group.n, group.requested, group.received);
    const refused = group.status === 'failed';
    if (refused) add(this.refused, group.n, group.requested, group.received);
    else add(this.total, group.n, group.requested, group.received);
    for (const [kind, key] of [['seller', group.seller], ['till', group.till], ['origin', group.origin]] as const) {
      const map = this.breakdowns[kind];
      let line = map.get(key);
      if (!line) map.set(key, (line = { key, total: zero(), validated: zero(), refused: 0 }));
      if (refused) line.refused += group.n;
      else add(line.total, group.n, group.requested, group.received);
      if (group.status === 'validated') add(line.validated, group.n, group.requested, group.received);
    }
    if (!group.first || refused) return;
    const baskets = this.baskets;
    baskets.count += group.n;
    baskets.amountRequested += group.requested;
    switch (group.status) {
      case 'validated':
        baskets.amountReceived += group.received;
        baskets.paidInFull += group.paidInFull;
        baskets.partiallyPaid += group.n - group.paidInFull;
        baskets.leftToCollect += group.requested - group.received;
        break;
      case 'creating':
      case 'pending':
        baskets.pending += group.n;
        break;
      case 'cancelled':
      case 'expired':
        baskets.unpaid += group.n;
        break;
      case 'failed':
        break;
      default: {
        const unreachable: never = group.status;
        throw new Error(`unknown status ${String(unreachable)}`);
      }
    }
  }

  /** What a basket's follow-ups received adds to it: a partial payment completed by them is
   *  paid in full. */
  addFollowUps(rows: FollowUpRow[]): void {
    const byRoot = new Map<string, { row: FollowUpRow; received: number }>();
    for (const row of rows) {
      const entry = byRoot.get(row.root) ?? { row, received: 0 };
      if (row.status === 'validated') entry.received += row.received;
      byRoot.set(row.root, entry);
    }
    for (const { row, received } of byRoot.values()) {
      if (row.root_status !== 'validated' || received === 0) continue;
      this.baskets.amountReceived += received;
      this.baskets.leftToCollect -= received;
      const wasPartial = row.root_received < row.root_requested;
      if (wasPartial && row.root_received + received >= row.root_requested) {
        this.baskets.partiallyPaid -= 1;
        this.baskets.paidInFull += 1;
      }
    }
  }

  addRemainders(remainders: RemainderTotals[]): void {
    const collected = remainders.reduce((sum, r) => sum + r.amount, 0);
    this.baskets.collectedOtherwise += collected;
    this.baskets.leftToCollect = Math.max(0, this.baskets.leftToCollect - collected);
  }

  breakdown(kind: 'seller' | 'till' | 'origin'): ReportBreakdown[] {
    // Largest first; "not given" (null) last.
    return [...this.breakdowns[kind].values()].sort(
      (a, b) => Number(a.key === null) - Number(b.key === null) || b.total.amountRequested - a.total.amountRequested || String(a.key).localeCompare(String(b.key)),
    );
  }
}

/** The totals of a period from this till's log alone. */
export function localTotals(
  db: Database.Database,
  start: string,
  end: string,
  days: number,
  remainderColumns?: string,
): { totals: ReportTotals; remainders: RemainderTotals[] } {
  const totals = new ReportTotals();
  for (const group of readRequestGroups(db, start, end, days)) {
    // Field by field: a copy spread from a row as SQLite gives it made the totals of a day take a
    // fifth of its time, its fields slow to read.
    totals.addRequests({
      till: group.till,
      origin: group.origin,
      seller: group.seller,
      status: group.status,
      first: group.first === 1,
      n: group.n,
      requested: group.requested,
      received: group.received,
      paidInFull: group.paid_in_full,
    });
  }
  totals.addFollowUps(statement(db, BASKET_FOLLOW_UPS_SQL).all(start, end) as FollowUpRow[]);
  const remainders = remaindersByMeans(db, start, end, remainderColumns);
  totals.addRemainders(remainders);
  return { totals, remainders };
}

/** « Totaux du jour » on « Mes opérations »: one Paris day, true totals. */
export function daySummary(db: Database.Database, day: string): DaySummary {
  const { from, to } = parisDayRange(day);
  const { totals, remainders } = localTotals(db, from, to, 1);
  const byMeans = Object.fromEntries(REMAINDER_MEANS.map((means) => [means, { count: 0, amount: 0 }])) as DaySummary['remaindersCollected']['byMeans'];
  for (const { means, count, amount } of remainders) byMeans[means] = { count, amount };
  const remaindersCollected = {
    byMeans,
    total: { count: remainders.reduce((sum, r) => sum + r.count, 0), amount: remainders.reduce((sum, r) => sum + r.amount, 0) },
  };
  return { day, from, to, byStatus: totals.byStatus, total: totals.total, refused: totals.refused, baskets: totals.baskets, remaindersCollected };
}

const PENDING_SHOWN = 200;

const PENDING_COLUMNS = `id, idempotency_key, platform_id, convention_number, basket_number, amount_requested_cents,
  amount_received_cents, status, label, customer_reference, seller_id, qr_payload, failure_code, failure_message,
  follow_up_of, till_id, origin, created_at, updated_at, expires_at`;

const PENDING_WHERE = `status IN ('creating', 'pending') AND created_at >= ? AND created_at < ?`;
export const PENDING_SQL = `SELECT ${PENDING_COLUMNS} FROM operations WHERE ${PENDING_WHERE} ORDER BY created_at, id LIMIT ${PENDING_SHOWN}`;
export const PENDING_COUNT_SQL = `SELECT count(*) AS n FROM operations WHERE ${PENDING_WHERE}`;

/** What is still waiting in the period, oldest first (the first 200), and how many in all. */
export function pendingOf(db: Database.Database, start: string, end: string): { pending: DayReport['pending']; pendingCount: number } {
  const rows = statement(db, PENDING_SQL).all(start, end);
  const { n } = statement(db, PENDING_COUNT_SQL).get(start, end) as { n: number };
  return { pending: rows.map((row) => publicOperation(toOperation(row))), pendingCount: n };
}

/** Every statement a local report of `[start, end)` runs, each taking (start, end): what the
 *  benchmark runs raw beside the report. */
export function reportStatements(days: number): string[] {
  return [requestGroupsSql(days > LONG_PERIOD_DAYS), BASKET_FOLLOW_UPS_SQL, remaindersByMeansSql(), PENDING_SQL, PENDING_COUNT_SQL, TILL_NOT_TOLD_SQL];
}
