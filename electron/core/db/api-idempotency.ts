// The local API's `Idempotency-Key` on payments.create (migration 4): a key, what the request
// said (its fingerprint) and the operation it made. Written in the intent's transaction, so a key
// never exists without its operation, nor an operation made under a key without it.
import type Database from 'better-sqlite3';
import { statement } from './operation-log';

export interface ApiKeyRecord {
  fingerprint: string;
  operationId: string;
}

export function findApiKey(db: Database.Database, key: string): ApiKeyRecord | null {
  const row = statement(db, 'SELECT request_fingerprint, operation_id FROM api_idempotency_keys WHERE idempotency_key = ?').get(key) as
    | { request_fingerprint: string; operation_id: string }
    | undefined;
  return row ? { fingerprint: row.request_fingerprint, operationId: row.operation_id } : null;
}

export function insertApiKey(db: Database.Database, key: string, record: ApiKeyRecord, at: string): void {
  statement(
    db,
    'INSERT INTO api_idempotency_keys (idempotency_key, request_fingerprint, operation_id, created_at) VALUES (?, ?, ?, ?)',
  ).run(key, record.fingerprint, record.operationId, at);
}
