// Query functions over the Caisse-AP exchanges (migrations 3 and 5). A till request that became
// a payment request is one row, written as soon as the payment request exists and completed when
// the till is answered; what the till was not told (a partial amount answered "not done", a
// payment after it gave up, an answer given without knowing) is kept on that row until the
// cashier acknowledges it. Frames that never became a payment request (malformed, identification,
// refusals) are only counted, per day, address and result, in `till_exchange_tallies`.
// The Caisse-AP server (electron/caisse-ap) reaches them through the core's `till` hooks.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { OPERATION_STATUSES, TILL_OUTCOMES, TILL_OUTCOMES_TO_REPORT, type OperationStatus, type TillOutcome, type TillReportItem } from '../../common/contract';
import { statement } from './operation-log';

export const TILL_DELIVERIES = ['pending', 'sent', 'immediate', 'undelivered', 'none'] as const;
/**
 * What became of the answer: `pending` (the request is being handled), `sent` (written to the
 * till), `immediate` (BA=1: "taken into account" was sent at once, the result was not),
 * `undelivered` (the till had gone when the result came), `none` (the connection was closed
 * without an answer).
 */
export type TillDelivery = (typeof TILL_DELIVERIES)[number];

const TillExchangeRow = z.object({
  id: z.number().int(),
  operation_id: z.string().nullable(),
  at: z.string(),
  remote_address: z.string(),
  request_frame: z.string(),
  answer_frame: z.string().nullable(),
  result_code: z.string().nullable(),
  delivery: z.enum(TILL_DELIVERIES),
  answered_at: z.string().nullable(),
  till_outcome: z.enum(TILL_OUTCOMES).nullable(),
  amount_received_cents: z.number().int().nullable(),
  acknowledged_at: z.string().nullable(),
});

export interface TillExchange {
  id: number;
  operationId: string | null;
  at: string;
  remoteAddress: string;
  requestFrame: string;
  answerFrame: string | null;
  /** `AE` of the result, with `AF` after a dash on a failure: `10`, `11`, `01-08`… */
  resultCode: string | null;
  delivery: TillDelivery;
  answeredAt: string | null;
  /** What the till was not told, when there is something (null: the till knows the truth). */
  tillOutcome: TillOutcome | null;
  amountReceived: number | null;
  acknowledgedAt: string | null;
}

const COLUMNS =
  'id, operation_id, at, remote_address, request_frame, answer_frame, result_code, delivery, answered_at, till_outcome, amount_received_cents, acknowledged_at';

function toTillExchange(raw: unknown): TillExchange {
  const row = TillExchangeRow.parse(raw);
  return {
    id: row.id,
    operationId: row.operation_id,
    at: row.at,
    remoteAddress: row.remote_address,
    requestFrame: row.request_frame,
    answerFrame: row.answer_frame,
    resultCode: row.result_code,
    delivery: row.delivery,
    answeredAt: row.answered_at,
    tillOutcome: row.till_outcome,
    amountReceived: row.amount_received_cents,
    acknowledgedAt: row.acknowledged_at,
  };
}

export interface NewTillExchange {
  at: string;
  remoteAddress: string;
  requestFrame: string;
  /** `CA` and `CB` of the request, for the cashier's report. */
  register: string;
  amountRequested: number;
  /** The payment request it became. */
  operationId: string;
}

export function openTillExchange(db: Database.Database, exchange: NewTillExchange): number {
  const info = statement(
    db,
    'INSERT INTO till_exchanges (operation_id, at, remote_address, request_frame, register, amount_requested_cents) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(exchange.operationId, exchange.at, exchange.remoteAddress, exchange.requestFrame, exchange.register, exchange.amountRequested);
  return Number(info.lastInsertRowid);
}

export function recordTillAnswer(
  db: Database.Database,
  id: number,
  answer: { answerFrame: string | null; resultCode: string | null; delivery: Exclude<TillDelivery, 'pending'>; at: string },
): void {
  statement(db, 'UPDATE till_exchanges SET answer_frame = ?, result_code = ?, delivery = ?, answered_at = ? WHERE id = ?').run(
    answer.answerFrame,
    answer.resultCode,
    answer.delivery,
    answer.at,
    id,
  );
}

/** The final result of a request answered at once (BA=1): the answer sent stays as it was. */
export function recordTillResult(db: Database.Database, id: number, resultCode: string): void {
  statement(db, 'UPDATE till_exchanges SET result_code = ? WHERE id = ?').run(resultCode, id);
}

/** What the till was not told (or that it now knows nothing is owed). A new outcome needs a new
 *  acknowledgement: the cashier confirmed the previous one, not this one. */
export function recordTillOutcome(
  db: Database.Database,
  id: number,
  outcome: { outcome: TillOutcome; amountReceived: number | null; at: string },
): void {
  statement(db, 'UPDATE till_exchanges SET till_outcome = ?, amount_received_cents = ?, outcome_at = ?, acknowledged_at = NULL WHERE id = ?').run(
    outcome.outcome,
    outcome.amountReceived,
    outcome.at,
    id,
  );
}

/** True when there was something to acknowledge. */
export function acknowledgeTillExchange(db: Database.Database, id: number, at: string): boolean {
  const outcomes = TILL_OUTCOMES_TO_REPORT.map(() => '?').join(', ');
  const info = statement(db, `UPDATE till_exchanges SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL AND till_outcome IN (${outcomes})`).run(
    at,
    id,
    ...TILL_OUTCOMES_TO_REPORT,
  );
  return info.changes > 0;
}

export function tillExchangesOf(db: Database.Database, operationId: string): TillExchange[] {
  return statement(db, `SELECT ${COLUMNS} FROM till_exchanges WHERE operation_id = ? ORDER BY id`).all(operationId).map(toTillExchange);
}

export function tillExchange(db: Database.Database, id: number): TillExchange | null {
  const row = statement(db, `SELECT ${COLUMNS} FROM till_exchanges WHERE id = ?`).get(id);
  return row ? toTillExchange(row) : null;
}

/** The latest exchanges, newest first. */
export function recentTillExchanges(db: Database.Database, limit = 50): TillExchange[] {
  return statement(db, `SELECT ${COLUMNS} FROM till_exchanges ORDER BY id DESC LIMIT ?`).all(limit).map(toTillExchange);
}

/** Exchanges still waiting for the truth (to follow again after a restart). */
export function unresolvedTillExchanges(db: Database.Database): TillExchange[] {
  return statement(db, `SELECT ${COLUMNS} FROM till_exchanges WHERE till_outcome = 'unresolved' ORDER BY id`).all().map(toTillExchange);
}

/** Exchanges with a payment request that were never answered nor settled: their till's
 *  connection died with an earlier run of the companion. */
export function unansweredTillExchanges(db: Database.Database): TillExchange[] {
  return statement(db, `SELECT ${COLUMNS} FROM till_exchanges WHERE delivery = 'pending' AND operation_id IS NOT NULL AND till_outcome IS NULL ORDER BY id`)
    .all()
    .map(toTillExchange);
}

// ---- what the cashier must deal with, and the day's report ---------------------------------

const ReportRow = z.object({
  id: z.number().int(),
  register: z.string().nullable(),
  basket_number: z.string().nullable(),
  operation_id: z.string().nullable(),
  till_outcome: z.enum(TILL_OUTCOMES),
  amount_requested_cents: z.number().int().nullable(),
  amount_received_cents: z.number().int().nullable(),
  result_code: z.string().nullable(),
  delivery: z.enum(TILL_DELIVERIES),
  outcome_at: z.string(),
  acknowledged_at: z.string().nullable(),
});

const REPORT_SELECT = `SELECT e.id, e.register, o.basket_number, e.operation_id, e.till_outcome, e.amount_requested_cents,
  e.amount_received_cents, e.result_code, e.delivery, e.outcome_at, e.acknowledged_at
  FROM till_exchanges e LEFT JOIN operations o ON o.id = e.operation_id`;

function toReportItem(raw: unknown): TillReportItem {
  const row = ReportRow.parse(raw);
  return {
    exchangeId: row.id,
    register: row.register,
    basketNumber: row.basket_number,
    operationId: row.operation_id,
    outcome: row.till_outcome,
    amountRequested: row.amount_requested_cents,
    amountReceived: row.amount_received_cents,
    // What reached the till: nothing when it had gone.
    tillResult: row.delivery === 'sent' || row.delivery === 'immediate' ? row.result_code : null,
    at: row.outcome_at,
    acknowledgedAt: row.acknowledged_at,
  };
}

/** What the cashier must still deal with, oldest first (a partial index keeps this instant). */
export function tillExchangesToReport(db: Database.Database): TillReportItem[] {
  const outcomes = TILL_OUTCOMES_TO_REPORT.map(() => '?').join(', ');
  return statement(db, `${REPORT_SELECT} WHERE e.till_outcome IN (${outcomes}) AND e.acknowledged_at IS NULL ORDER BY e.id`)
    .all(...TILL_OUTCOMES_TO_REPORT)
    .map(toReportItem);
}

/** Every exchange of a period whose outcome the till does not know, acknowledged or not. */
export function tillReport(db: Database.Database, range: { from: string; to: string }): TillReportItem[] {
  return statement(db, `${REPORT_SELECT} WHERE e.till_outcome IS NOT NULL AND e.outcome_at >= ? AND e.outcome_at < ? ORDER BY e.outcome_at, e.id`)
    .all(range.from, range.to)
    .map(toReportItem);
}

// ---- a till request's basket: the first request and the follow-ups for its remainder --------

export interface BasketOperation {
  id: string;
  status: OperationStatus;
  amountRequested: number;
  amountReceived: number;
  platformId: string | null;
  failureMessage: string | null;
  failureCode: string | null;
  expiresAt: string | null;
  basketNumber: string;
}

export interface BasketProgress {
  /** The first request and every follow-up, oldest first. */
  operations: BasketOperation[];
  received: number;
  /** True while one of them may still be paid (or its creation is not settled). */
  open: boolean;
}

const BasketRow = z.object({
  id: z.string(),
  status: z.enum(OPERATION_STATUSES),
  amount_requested_cents: z.number().int(),
  amount_received_cents: z.number().int(),
  platform_id: z.string().nullable(),
  failure_message: z.string().nullable(),
  failure_code: z.string().nullable(),
  expires_at: z.string().nullable(),
  basket_number: z.string(),
});

/** The first request and every follow-up made for its remainder (followUpOf, transitively). */
export function basketProgress(db: Database.Database, firstOperationId: string): BasketProgress {
  const operations = statement(
    db,
    `WITH RECURSIVE chain(id) AS (SELECT ? UNION SELECT o.id FROM operations o JOIN chain c ON o.follow_up_of = c.id)
     SELECT o.id, o.status, o.amount_requested_cents, o.amount_received_cents, o.platform_id, o.failure_message, o.failure_code, o.expires_at, o.basket_number
       FROM operations o JOIN chain c ON c.id = o.id ORDER BY o.created_at, o.rowid`,
  )
    .all(firstOperationId)
    .map((raw) => {
      const row = BasketRow.parse(raw);
      return {
        id: row.id,
        status: row.status,
        amountRequested: row.amount_requested_cents,
        amountReceived: row.amount_received_cents,
        platformId: row.platform_id,
        failureMessage: row.failure_message,
        failureCode: row.failure_code,
        expiresAt: row.expires_at,
        basketNumber: row.basket_number,
      };
    });
  return {
    operations,
    received: operations.reduce((sum, op) => sum + op.amountReceived, 0),
    open: operations.some((op) => op.status === 'pending' || op.status === 'creating'),
  };
}

// ---- frames that never became a payment request: counted, not kept --------------------------

export const TALLY_KINDS = ['malformed', 'incomplete', 'identification', 'refused'] as const;
/** `malformed` (answered AF=09), `incomplete` (the till left in the middle of its request),
 *  `identification` (CD=I), `refused` (refund, other currency, busy, nobody logged in…). */
export type TallyKind = (typeof TALLY_KINDS)[number];

export interface TillTally {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  remoteAddress: string;
  kind: TallyKind;
  /** `01-09`, `10`, … or '' when nothing was answered. */
  resultCode: string;
  count: number;
  bytes: number;
  firstAt: string;
  lastAt: string;
  /** The latest such frame, cut short. */
  sampleRequest: string;
}

export const TALLY_SAMPLE_MAX = 256;

/** Adds counts in one transaction: one commit (one fsync) for a whole batch of junk. */
export function addTillTallies(db: Database.Database, tallies: readonly TillTally[]): void {
  const upsert = statement(
    db,
    `INSERT INTO till_exchange_tallies (day, remote_address, kind, result_code, count, bytes, first_at, last_at, sample_request)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (day, remote_address, kind, result_code) DO UPDATE SET
       count = count + excluded.count, bytes = bytes + excluded.bytes,
       first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at),
       sample_request = excluded.sample_request`,
  );
  db.transaction(() => {
    for (const t of tallies) {
      upsert.run(t.day, t.remoteAddress, t.kind, t.resultCode, t.count, t.bytes, t.firstAt, t.lastAt, t.sampleRequest.slice(0, TALLY_SAMPLE_MAX));
    }
  })();
}

/** Counts older than `day` are dropped: they only ever served to see a flood or a bad till. */
export function pruneTillTallies(db: Database.Database, beforeDay: string): number {
  return statement(db, 'DELETE FROM till_exchange_tallies WHERE day < ?').run(beforeDay).changes;
}

export function tillTallies(db: Database.Database): TillTally[] {
  const rows = statement(
    db,
    'SELECT day, remote_address, kind, result_code, count, bytes, first_at, last_at, sample_request FROM till_exchange_tallies ORDER BY day, remote_address, kind, result_code',
  ).all() as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    day: String(row.day),
    remoteAddress: String(row.remote_address),
    kind: row.kind as TallyKind,
    resultCode: String(row.result_code),
    count: Number(row.count),
    bytes: Number(row.bytes),
    firstAt: String(row.first_at),
    lastAt: String(row.last_at),
    sampleRequest: String(row.sample_request),
  }));
}

// ---- bound to one database: what the core hands the Caisse-AP server ------------------------

export interface TillExchangeLog {
  open(exchange: Omit<NewTillExchange, 'at'>): number;
  answer(id: number, answer: { answerFrame: string | null; resultCode: string | null; delivery: Exclude<TillDelivery, 'pending'> }): void;
  result(id: number, resultCode: string): void;
  outcome(id: number, outcome: { outcome: TillOutcome; amountReceived: number | null }): void;
  get(id: number): TillExchange | null;
  ofOperation(operationId: string): TillExchange[];
  recent(limit?: number): TillExchange[];
  unresolved(): TillExchange[];
  unanswered(): TillExchange[];
  toReport(): TillReportItem[];
  basket(firstOperationId: string): BasketProgress;
  addTallies(tallies: readonly TillTally[]): void;
  pruneTallies(beforeDay: string): number;
  tallies(): TillTally[];
}

export function tillExchangeLog(db: Database.Database): TillExchangeLog {
  const now = () => new Date().toISOString();
  return {
    open: (exchange) => openTillExchange(db, { ...exchange, at: now() }),
    answer: (id, answer) => recordTillAnswer(db, id, { ...answer, at: now() }),
    result: (id, resultCode) => recordTillResult(db, id, resultCode),
    outcome: (id, outcome) => recordTillOutcome(db, id, { ...outcome, at: now() }),
    get: (id) => tillExchange(db, id),
    ofOperation: (operationId) => tillExchangesOf(db, operationId),
    recent: (limit) => recentTillExchanges(db, limit),
    unresolved: () => unresolvedTillExchanges(db),
    unanswered: () => unansweredTillExchanges(db),
    toReport: () => tillExchangesToReport(db),
    basket: (firstOperationId) => basketProgress(db, firstOperationId),
    addTallies: (tallies) => addTillTallies(db, tallies),
    pruneTallies: (beforeDay) => pruneTillTallies(db, beforeDay),
    tallies: () => tillTallies(db),
  };
}
