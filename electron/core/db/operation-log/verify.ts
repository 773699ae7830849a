// The operation log checked when it is opened: a boundary like any other.
import type Database from 'better-sqlite3';
import { OPERATION_COLUMNS, OperationRow } from './rows';

export class OperationLogCorruptError extends Error {
  readonly code = 'corrupt';
}

/**
 * The operation log is a boundary too: at open, check that its tables have the columns this app
 * reads, and validate every operation the app is about to act on (the unsettled ones, which
 * reconciliation sends to the platform).
 */
export function verifyOperationLog(db: Database.Database): void {
  const columns = new Set((db.prepare('PRAGMA table_info(operations)').all() as Array<{ name: string }>).map((c) => c.name));
  const missing = Object.keys(OperationRow.shape).filter((name) => !columns.has(name));
  if (missing.length) throw new OperationLogCorruptError(`operations table lacks ${missing.join(', ')}`);
  const unsettled = db.prepare(`SELECT ${OPERATION_COLUMNS} FROM operations WHERE status IN ('creating', 'pending')`).all();
  for (const row of unsettled) {
    const parsed = OperationRow.safeParse(row);
    if (!parsed.success) {
      const id = (row as { id?: unknown }).id;
      throw new OperationLogCorruptError(`operation ${String(id)} is unreadable: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
  }
}
