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
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: query.limit + 1 };
  if (query.status !== 'all') {
    where.push('status = :status');
    params.status = query.status;
  }
  if (query.from) {
    where.push('created_at >= :from');
    params.from = query.from;
  }
  if (query.to) {
    where.push('created_at < :to');
    params.to = query.to;
  }
  if (query.cursor) {
    const [createdAt, id] = decodeCursor(query.cursor);
    where.push('(created_at < :cursorAt OR (created_at = :cursorAt AND id < :cursorId))');
    params.cursorAt = createdAt;
    params.cursorId = id;
  }
  const order = 'ORDER BY created_at DESC, id DESC LIMIT :limit';
  const text = query.query?.trim();
  if (!text) {
    return { sql: `SELECT ${LIST_COLUMNS} FROM operations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${order}`, params };
  }
  // A basket-number prefix (the usual search at a till) through its index, and, for three
  // characters or more, any text through the trigram index; each side is already a short
  // sorted page, so the union stays small.
  params.prefix = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const filters = where.length ? `AND ${where.join(' AND ')}` : '';
  const byBasket = `SELECT ${LIST_COLUMNS} FROM operations WHERE basket_number LIKE :prefix ESCAPE '\\' ${filters} ${order}`;
  if (text.length < 3) return { sql: byBasket, params };
  params.phrase = trigramPhrase(text);
  const byText = `SELECT ${LIST_COLUMNS} FROM operations WHERE rowid IN
    (SELECT rowid FROM operations_text WHERE operations_text MATCH :phrase) ${filters} ${order}`;
  return { sql: `SELECT * FROM (SELECT * FROM (${byBasket}) UNION SELECT * FROM (${byText})) ${order}`, params };
}

export function listOperations(db: Database.Database, query: ListQuery): OperationPage {
  const { sql, params } = listQuerySql(query);
  const rows = statement(db, sql).all(params);
  const items = rows.slice(0, query.limit).map(toPublicOperation);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}
