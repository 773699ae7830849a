// An operation row of the log as the app reads it: the columns, the row's schema, and the mapping
// to the contract's operation (with the log's internal fields, or without).
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { OPERATION_STATUSES, REMAINDER_MEANS, isFinalStatus, type Operation } from '../../../common/contract';

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

export type StoredOperation = ReturnType<typeof toOperation>;

/** Strips the log's internal fields: what the contract returns. */
export function publicOperation(operation: StoredOperation): Operation {
  const { idempotencyKey: _key, conventionNumber: _convention, platform: _platform, ...rest } = operation;
  return rest;
}

export { OPERATION_COLUMNS, operationColumns, OperationRow, toPublicOperation };
