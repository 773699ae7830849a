// Which of the platform's requests this till's log knows, by their platform id (unique index).
import type Database from 'better-sqlite3';
import type { OperationStatus } from '../../common/contract';
import { statement } from '../db/operation-log';

export interface KnownRequest {
  id: string;
  platformId: string;
  status: OperationStatus;
  amountRequested: number;
  amountReceived: number;
}

/** This log's operations for the given platform ids, keyed by platform id. */
export function knownPlatformIds(db: Database.Database, platformIds: readonly string[]): Map<string, KnownRequest> {
  const rows = statement(
    db,
    `SELECT id, platform_id, status, amount_requested_cents, amount_received_cents FROM operations
     WHERE platform_id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(platformIds)) as Array<{
    id: string;
    platform_id: string;
    status: OperationStatus;
    amount_requested_cents: number;
    amount_received_cents: number;
  }>;
  return new Map(
    rows.map((row) => [
      row.platform_id,
      { id: row.id, platformId: row.platform_id, status: row.status, amountRequested: row.amount_requested_cents, amountReceived: row.amount_received_cents },
    ]),
  );
}
