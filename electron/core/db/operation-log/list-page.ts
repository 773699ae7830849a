// The operations list: one page, newest first, keyset-paginated on (created_at, id), filtered by
// status, period and text (basket prefix or trigram search).
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { OperationPage, StatusFilter } from '../../../common/contract';
import { statement } from '../statements';
import { toPublicOperation } from './rows';

/** What the operations list reads: every column the contract shows, nothing internal. */
const LIST_COLUMNS = `id, platform_id, basket_number, amount_requested_cents, amount_received_cents, status, label,
  customer_reference, seller_id, qr_payload, failure_code, failure_message, follow_up_of, till_id, origin, created_at,
  updated_at, expires_at, remainder_means, remainder_collected_cents, remainder_collected_at`;

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
