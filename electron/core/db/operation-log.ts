// Query functions over the operation log (STYLE.md §5): each takes the database first, uses
// prepared statements (cached per database), and keeps writes that belong together in one
// transaction. The file is validated when it is opened (verifyOperationLog).
import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  OPERATION_STATUSES,
  REMAINDER_MEANS,
  isFinalStatus,
  type Operation,
  type OperationPage,
  type OperationStatus,
  type StatusFilter,
} from '../../common/contract';
import type { PlatformPaymentRequest, PlatformState } from '../platform/gateway';

export type EventSource = 'local' | 'stream' | 'poll' | 'refresh' | 'reconciliation';

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per database and SQL text. */
export function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}

const OPERATION_COLUMNS = `id, idempotency_key, platform_id, convention_number, basket_number, amount_requested_cents,
  amount_received_cents, status, label, customer_reference, seller_id, qr_payload, failure_code, failure_message,
  follow_up_of, till_id, origin, created_at, updated_at, expires_at, remainder_means, remainder_collected_cents,
  remainder_collected_at, platform`;
/** Columns added by later migrations, read as NULL from a log that does not have them yet (the
 *  migration tests write and read older versions through these functions). */
const LATER_COLUMNS = ['platform', 'remainder_means', 'remainder_collected_cents', 'remainder_collected_at'];

const columnsByDatabase = new WeakMap<Database.Database, string>();

/** The operation columns to read from this database. */
function operationColumns(db: Database.Database): string {
  let columns = columnsByDatabase.get(db);
  if (!columns) {
    const names = new Set((db.prepare('PRAGMA table_info(operations)').all() as Array<{ name: string }>).map((c) => c.name));
    const missing = LATER_COLUMNS.filter((name) => !names.has(name));
    columns = missing.reduce((text, name) => text.replace(new RegExp(`\\b${name}\\b`), `NULL AS ${name}`), OPERATION_COLUMNS);
    columnsByDatabase.set(db, columns);
  }
  return columns;
}

/** What the operations list reads: every column the contract shows, nothing internal. */
const LIST_COLUMNS = `id, platform_id, basket_number, amount_requested_cents, amount_received_cents, status, label,
  customer_reference, seller_id, qr_payload, failure_code, failure_message, follow_up_of, till_id, origin, created_at,
  updated_at, expires_at, remainder_means, remainder_collected_cents, remainder_collected_at`;

const OperationRow = z.object({
  id: z.string(),
  idempotency_key: z.string(),
  platform_id: z.string().nullable(),
  convention_number: z.string(),
  basket_number: z.string(),
  amount_requested_cents: z.number().int().positive(),
  amount_received_cents: z.number().int().nonnegative(),
  status: z.enum(OPERATION_STATUSES),
  label: z.string().nullable(),
  customer_reference: z.string().nullable(),
  seller_id: z.string().nullable(),
  qr_payload: z.string().nullable(),
  failure_code: z.string().nullable(),
  failure_message: z.string().nullable(),
  follow_up_of: z.string().nullable(),
  till_id: z.string(),
  origin: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  expires_at: z.string().nullable(),
  remainder_means: z.enum(REMAINDER_MEANS).nullable(),
  remainder_collected_cents: z.number().int().positive().nullable(),
  remainder_collected_at: z.string().nullable(),
  platform: z.string().nullable(),
});
export type OperationRow = z.infer<typeof OperationRow>;

/**
 * Maps a row to an operation. Rows are not re-validated one by one on the hot list path: the
 * table's CHECK constraints guard every write, and `verifyOperationLog` validates the file at
 * open (STYLE.md §5; the list must stay instant with a million rows).
 */
export function toOperation(raw: unknown): Operation & { idempotencyKey: string; conventionNumber: string; platform: string | null } {
  const row = raw as OperationRow;
  const operation = toPublicOperation(row) as Operation & { idempotencyKey: string; conventionNumber: string; platform: string | null };
  operation.idempotencyKey = row.idempotency_key;
  operation.conventionNumber = row.convention_number;
  operation.platform = row.platform;
  return operation;
}

/** A row as the contract shows it (one object per row: the list maps thousands of them). */
function toPublicOperation(raw: unknown): Operation {
  const row = raw as Omit<OperationRow, 'idempotency_key' | 'convention_number' | 'platform'>;
  return {
    id: row.id,
    platformId: row.platform_id,
    basketNumber: row.basket_number,
    amountRequested: row.amount_requested_cents,
    amountReceived: row.amount_received_cents,
    // Only a validated request leaves something to collect elsewhere; an expired or cancelled one
    // was simply not paid (the cashier starts again), a pending one may still be paid in full.
    remainder: row.status === 'validated' ? row.amount_requested_cents - row.amount_received_cents : 0,
    status: row.status,
    label: row.label,
    customerReference: row.customer_reference,
    sellerId: row.seller_id,
    qrPayload: isFinalStatus(row.status) ? null : row.qr_payload,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    failure: row.failure_code ? { code: row.failure_code, message: row.failure_message ?? '' } : null,
    followUpOf: row.follow_up_of,
    tillId: row.till_id,
    origin: row.origin,
    remainderCollected:
      row.remainder_means && row.remainder_collected_cents !== null && row.remainder_collected_at
        ? { means: row.remainder_means, amount: row.remainder_collected_cents, at: row.remainder_collected_at }
        : null,
  };
}

export class OperationLogCorruptError extends Error {
  readonly code = 'corrupt';
}

/**
 * The operation log is a boundary too: at open, check that its tables have the columns this app
 * reads, and validate every operation the app is about to act on (the unsettled ones, which
 * reconciliation sends to the platform).
 */
export function verifyOperationLog(db: Database.Database): void {
  const columns = new Set((db.prepare('PRAGMA table_info(operations)').all() as Array<{ name: string }>).map((c) => c.name));
  const missing = Object.keys(OperationRow.shape).filter((name) => !columns.has(name));
  if (missing.length) throw new OperationLogCorruptError(`operations table lacks ${missing.join(', ')}`);
  const unsettled = db.prepare(`SELECT ${OPERATION_COLUMNS} FROM operations WHERE status IN ('creating', 'pending')`).all();
  for (const row of unsettled) {
    const parsed = OperationRow.safeParse(row);
    if (!parsed.success) {
      const id = (row as { id?: unknown }).id;
      throw new OperationLogCorruptError(`operation ${String(id)} is unreadable: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
  }
}

export type StoredOperation = ReturnType<typeof toOperation>;

/** Strips the log's internal fields: what the contract returns. */
export function publicOperation(operation: StoredOperation): Operation {
  const { idempotencyKey: _key, conventionNumber: _convention, platform: _platform, ...rest } = operation;
  return rest;
}

export function appendEvent(
  db: Database.Database,
  operationId: string,
  at: string,
  source: EventSource,
  status: OperationStatus,
  amountReceived: number,
  detail: Record<string, unknown> | null,
): void {
  statement(
    db,
    `INSERT INTO operation_events (operation_id, at, source, status, amount_received_cents, detail)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(operationId, at, source, status, amountReceived, detail ? JSON.stringify(detail) : null);
}

export interface Intent {
  id: string;
  idempotencyKey: string;
  conventionNumber: string;
  basketNumber: string;
  amountRequested: number;
  label: string | null;
  customerReference: string | null;
  sellerId: string | null;
  followUpOf: string | null;
  tillId: string;
  origin: string;
  at: string;
  /** The platform it is sent to (see platformIdentity); null only in tests of older schemas. */
  platform?: string | null;
}

/** Writes the intent (status `creating`) before the platform is called: a crash after this
 *  line leaves a trace that start-up reconciliation settles. */
export function insertIntent(db: Database.Database, intent: Intent): StoredOperation {
  // Without a platform (tests of the schemas before migration 4), the column is left out.
  const withPlatform = intent.platform !== undefined;
  db.transaction(() => {
    statement(
      db,
      `INSERT INTO operations (id, idempotency_key, convention_number, basket_number, amount_requested_cents,
        status, label, customer_reference, seller_id, follow_up_of, till_id, origin, created_at, updated_at${withPlatform ? ', platform' : ''})
       VALUES (?, ?, ?, ?, ?, 'creating', ?, ?, ?, ?, ?, ?, ?, ?${withPlatform ? ', ?' : ''})`,
    ).run(
      intent.id,
      intent.idempotencyKey,
      intent.conventionNumber,
      intent.basketNumber,
      intent.amountRequested,
      intent.label,
      intent.customerReference,
      intent.sellerId,
      intent.followUpOf,
      intent.tillId,
      intent.origin,
      intent.at,
      intent.at,
      ...(withPlatform ? [intent.platform ?? null] : []),
    );
    appendEvent(db, intent.id, intent.at, 'local', 'creating', 0, { step: 'intent' });
  }).immediate();
  return getOperation(db, intent.id)!;
}

export function getOperation(db: Database.Database, id: string): StoredOperation | null {
  const row = statement(db, `SELECT ${operationColumns(db)} FROM operations WHERE id = ?`).get(id);
  return row ? toOperation(row) : null;
}

export function findByPlatformId(db: Database.Database, platformId: string): StoredOperation | null {
  const row = statement(db, `SELECT ${operationColumns(db)} FROM operations WHERE platform_id = ?`).get(platformId);
  return row ? toOperation(row) : null;
}

/** Which operations a question about unsettled ones is about: a merchant's, on one platform
 *  (operations written before platforms were recorded count as the current platform's). */
export interface UnsettledScope {
  conventionNumber?: string;
  platform?: string;
}

/** Operations not final yet (creating or pending), oldest first. */
export function listUnsettled(db: Database.Database, scope: UnsettledScope | string = {}): StoredOperation[] {
  const { conventionNumber, platform } = typeof scope === 'string' ? { conventionNumber: scope, platform: undefined } : scope;
  const rows = statement(
    db,
    `SELECT ${OPERATION_COLUMNS} FROM operations WHERE status IN ('creating', 'pending')
       AND (:convention IS NULL OR convention_number = :convention)
       AND (:platform IS NULL OR platform IS NULL OR platform = :platform)
     ORDER BY created_at, id`,
  ).all({ convention: conventionNumber ?? null, platform: platform ?? null });
  return rows.map(toOperation);
}

/** Unsettled operations sent to other platforms than `platform`, by platform (for a warning). */
export function countUnsettledElsewhere(db: Database.Database, platform: string): Array<{ platform: string; count: number }> {
  return statement(
    db,
    `SELECT platform, count(*) AS count FROM operations WHERE status IN ('creating', 'pending')
       AND platform IS NOT NULL AND platform <> ? GROUP BY platform ORDER BY platform`,
  ).all(platform) as Array<{ platform: string; count: number }>;
}

/** Creates of one basket still without an answer (basket numbers compare case-blind): read on
 *  every create, so it must not grow with the number of requests pending elsewhere. */
export function listUnansweredCreates(
  db: Database.Database,
  conventionNumber: string,
  basketNumber: string,
  platform: string | null = null,
): StoredOperation[] {
  const rows = statement(
    db,
    `SELECT ${OPERATION_COLUMNS} FROM operations WHERE status = 'creating' AND convention_number = ?
       AND basket_number = ? COLLATE NOCASE AND (? IS NULL OR platform IS NULL OR platform = ?) ORDER BY created_at, id`,
  ).all(conventionNumber, basketNumber, platform, platform);
  return rows.map(toOperation);
}

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

export interface OperationEvent {
  seq: number;
  at: string;
  source: EventSource;
  status: OperationStatus;
  amountReceived: number;
  detail: unknown;
}

export function operationHistory(db: Database.Database, id: string): OperationEvent[] {
  const rows = statement(
    db,
    `SELECT seq, at, source, status, amount_received_cents, detail FROM operation_events WHERE operation_id = ? ORDER BY seq`,
  ).all(id) as Array<{ seq: number; at: string; source: EventSource; status: OperationStatus; amount_received_cents: number; detail: string | null }>;
  return rows.map((row) => ({
    seq: row.seq,
    at: row.at,
    source: row.source,
    status: row.status,
    amountReceived: row.amount_received_cents,
    detail: row.detail ? JSON.parse(row.detail) : null,
  }));
}

// ---- the operations list -------------------------------------------------------------------

export interface ListQuery {
  status: StatusFilter;
  query?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export class InvalidCursorError extends Error {}

const Cursor = z.tuple([z.string(), z.string()]);

function encodeCursor(operation: { createdAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([operation.createdAt, operation.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidCursorError('invalid cursor');
  }
}

/** FTS5 trigram query for a text: the text as one quoted phrase (no query syntax from users). */
function trigramPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The SQL of one page of the operations list: newest first, keyset-paginated on (created_at, id).
 * Each variant of the filter is one SQL text, prepared once, shaped so that an index gives the
 * first page without a scan. Exported so the benchmark runs the very same SQL raw.
 */
export function listQuerySql(query: ListQuery): { sql: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = { limit: query.limit + 1 };
  if (query.status !== 'all') params.status = query.status;
  if (query.from) params.from = query.from;
  if (query.to) params.to = query.to;
  if (query.cursor) {
    const [createdAt, id] = decodeCursor(query.cursor);
    params.cursorAt = createdAt;
    params.cursorId = id;
  }
  const text = query.query?.trim();
  if (text) {
    params.prefix = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    if (text.length >= 3) params.phrase = trigramPhrase(text);
  }
  const shape: ListShape = {
    status: query.status !== 'all',
    from: !!query.from,
    to: !!query.to,
    cursor: !!query.cursor,
    text: !text ? 'none' : text.length < 3 ? 'basket' : 'any',
  };
  // The same shape always gets the very same SQL string: its statement is found at once.
  const key = `${+shape.status}${+shape.from}${+shape.to}${+shape.cursor}${shape.text}`;
  let sql = listSqlByShape.get(key);
  if (sql === undefined) listSqlByShape.set(key, (sql = listSql(shape)));
  return { sql, params };
}

interface ListShape {
  status: boolean;
  from: boolean;
  to: boolean;
  cursor: boolean;
  /** No text; a short one (basket-number prefix only); or any text (prefix or trigram search). */
  text: 'none' | 'basket' | 'any';
}

const listSqlByShape = new Map<string, string>();

function listSql(shape: ListShape): string {
  const where: string[] = [];
  if (shape.status) where.push('status = :status');
  if (shape.from) where.push('created_at >= :from');
  if (shape.to) where.push('created_at < :to');
  if (shape.cursor) where.push('(created_at < :cursorAt OR (created_at = :cursorAt AND id < :cursorId))');
  const order = 'ORDER BY created_at DESC, id DESC LIMIT :limit';
  if (shape.text === 'none') return `SELECT ${LIST_COLUMNS} FROM operations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${order}`;
  // A basket-number prefix (the usual search at a till) through its index, and, for three
  // characters or more, any text through the trigram index; each side is already a short
  // sorted page, so the union stays small.
  const filters = where.length ? `AND ${where.join(' AND ')}` : '';
  const byBasket = `SELECT ${LIST_COLUMNS} FROM operations WHERE basket_number LIKE :prefix ESCAPE '\\' ${filters} ${order}`;
  if (shape.text === 'basket') return byBasket;
  const byText = `SELECT ${LIST_COLUMNS} FROM operations WHERE rowid IN
    (SELECT rowid FROM operations_text WHERE operations_text MATCH :phrase) ${filters} ${order}`;
  return `SELECT * FROM (SELECT * FROM (${byBasket}) UNION SELECT * FROM (${byText})) ${order}`;
}

export function listOperations(db: Database.Database, query: ListQuery): OperationPage {
  const { sql, params } = listQuerySql(query);
  const rows = statement(db, sql).all(params);
  const items = rows.slice(0, query.limit).map(toPublicOperation);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

// ---- small state ---------------------------------------------------------------------------

export function getMeta(db: Database.Database, key: string): string | null {
  const row = statement(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Database.Database, key: string, value: string): void {
  statement(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}
