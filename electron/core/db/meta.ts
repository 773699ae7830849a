// Small state kept in the log's `meta` table (the platform stream's resume cursor, markers).
import type Database from 'better-sqlite3';
import { statement } from './statements';

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
