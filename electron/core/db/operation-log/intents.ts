// The intent of a create, written before the platform is called (crash safety).
import type Database from 'better-sqlite3';
import { statement } from '../statements';
import { appendEvent } from './history';
import { getOperation } from './lookups';
import type { StoredOperation } from './rows';

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
