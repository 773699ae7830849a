// Prepared statements, prepared once per database and SQL text: every query module of the log uses them.
import type Database from 'better-sqlite3';

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Statements kept per database: the log's queries are a few dozen, plus the operations list's
 *  shapes, whose page size is in their text (a program may ask every size). Past this, the cache
 *  starts again rather than grow. */
const STATEMENTS_KEPT = 256;

/** A prepared statement, prepared once per database and SQL text. */
export function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) {
    if (cache.size >= STATEMENTS_KEPT) cache.clear();
    cache.set(sql, (prepared = db.prepare(sql)));
  }
  return prepared;
}
