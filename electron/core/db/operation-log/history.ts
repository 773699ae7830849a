// The history of each operation (`operation_events`): one row per change, with where it came from.
import type Database from 'better-sqlite3';
import type { OperationStatus } from '../../../common/contract';
import { statement } from '../statements';

export type EventSource = 'local' | 'stream' | 'poll' | 'refresh' | 'reconciliation';

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
