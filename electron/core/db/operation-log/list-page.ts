// The operations list: one page, newest first, keyset-paginated on (created_at, id), filtered by
// status, period and text (basket prefix or trigram search).
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { StatusFilter, type OperationPage } from '../../../common/contract';
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
 *
 * The status and the page size are written into the text, not bound: SQLite's planner reads the
 * value bound to a LIMIT (and, once the log has statistics, to an indexed column), so a statement
 * with such a parameter is prepared again at every run. A nearly empty page spent four fifths of
 * its time there. Both come from closed sets (a status, an integer of 1–200 checked by the contract).
 */
export function listQuerySql(query: ListQuery): { sql: string; params: Record<string, string | number> } {
  const { key, params } = pageOf(query);
  return { sql: sqlOf(query, key), params };
}

interface ListShape {
  status: StatusFilter;
  from: boolean;
  to: boolean;
  cursor: boolean;
  /** No text; a short one (basket-number prefix only); or any text (prefix or trigram search). */
  text: 'none' | 'basket' | 'any';
  /** Rows read: the page and one more, which says whether a next page exists. */
  rows: number;
}

const STATUS_INDEX = new Map<string, number>(StatusFilter.options.map((status, index) => [status, index]));

/** A page asked for: a number that names its shape (its SQL text), and the values bound to it. */
function pageOf(query: ListQuery): { key: number; params: Record<string, string | number> } {
  const status = STATUS_INDEX.get(query.status);
  if (status === undefined || !Number.isSafeInteger(query.limit) || query.limit < 1 || query.limit > 10_000) {
    throw new RangeError(`not a page of the list: ${query.status}, ${query.limit}`);
  }
  if (!query.from && !query.to && !query.cursor && !query.query) return { key: pageKey(query.limit, status, 0, 0, 0, 0), params: NO_PARAMS };
  const params: Record<string, string | number> = {};
  if (query.from) params.from = query.from;
  if (query.to) params.to = query.to;
  if (query.cursor) {
    const [createdAt, id] = decodeCursor(query.cursor);
    params.cursorAt = createdAt;
    params.cursorId = id;
  }
  const text = query.query?.trim();
  let textKind = 0;
  if (text) {
    params.prefix = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    textKind = 1;
    if (text.length >= 3) {
      params.phrase = trigramPhrase(text);
      textKind = 2;
    }
  }
  return { key: pageKey(query.limit, status, +!!query.from, +!!query.to, +!!query.cursor, textKind), params };
}

const NO_PARAMS: Record<string, string | number> = Object.freeze({});

function pageKey(limit: number, status: number, from: number, to: number, cursor: number, text: number): number {
  return ((((limit * 8 + status) * 2 + from) * 2 + to) * 2 + cursor) * 3 + text;
}

function shapeOf(query: ListQuery): ListShape {
  const text = query.query?.trim();
  return {
    status: query.status,
    from: !!query.from,
    to: !!query.to,
    cursor: !!query.cursor,
    text: !text ? 'none' : text.length < 3 ? 'basket' : 'any',
    rows: query.limit + 1,
  };
}

/** The SQL text of each shape met, kept so that a shape always gets the very same string (its
 *  prepared statement is then found at once). A program paging with every size from 1 to 200
 *  must not make them pile up. */
const sqlByKey = new Map<number, string>();
const SHAPES_KEPT = 64;

function sqlOf(query: ListQuery, key: number): string {
  let sql = sqlByKey.get(key);
  if (sql === undefined) {
    if (sqlByKey.size >= SHAPES_KEPT) sqlByKey.clear();
    sqlByKey.set(key, (sql = listSql(shapeOf(query))));
  }
  return sql;
}

function listSql(shape: ListShape): string {
  const where: string[] = [];
  if (shape.status !== 'all') where.push(`status = '${shape.status}'`);
  if (shape.from) where.push('created_at >= :from');
  if (shape.to) where.push('created_at < :to');
  if (shape.cursor) where.push('(created_at < :cursorAt OR (created_at = :cursorAt AND id < :cursorId))');
  const order = `ORDER BY created_at DESC, id DESC LIMIT ${shape.rows}`;
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
  const { key, params } = pageOf(query);
  const prepared = statement(db, sqlOf(query, key));
  // Nothing to bind (a status filter alone): binding an empty object costs a tenth of a small page.
  const rows = params === NO_PARAMS ? prepared.all() : prepared.all(params);
  // The row past the page only says that there is a next page.
  const more = rows.length > query.limit;
  if (more) rows.length = query.limit;
  const items = rows.map(toPublicOperation);
  return { items, nextCursor: more ? encodeCursor(items[items.length - 1]!) : null };
}
