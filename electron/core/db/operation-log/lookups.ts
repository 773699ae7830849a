// Reading operations back: by id, by the platform's reference, and the unsettled ones.
import type Database from 'better-sqlite3';
import { statement } from '../statements';
import { OPERATION_COLUMNS, operationColumns, toOperation, type StoredOperation } from './rows';

export function getOperation(db: Database.Database, id: string): StoredOperation | null {
  const row = statement(db, `SELECT ${operationColumns(db)} FROM operations WHERE id = ?`).get(id);
  return row ? toOperation(row) : null;
}

export function findByPlatformId(db: Database.Database, platformId: string): StoredOperation | null {
  const row = statement(db, `SELECT ${operationColumns(db)} FROM operations WHERE platform_id = ?`).get(platformId);
  return row ? toOperation(row) : null;
}

/** Which operations a question about unsettled ones is about: a merchant's, on one platform
 *  (operations written before platforms were recorded count as the current platform's). */
export interface UnsettledScope {
  conventionNumber?: string;
  platform?: string;
}

/** Operations not final yet (creating or pending), oldest first. */
export function listUnsettled(db: Database.Database, scope: UnsettledScope | string = {}): StoredOperation[] {
  const { conventionNumber, platform } = typeof scope === 'string' ? { conventionNumber: scope, platform: undefined } : scope;
  const rows = statement(
    db,
    `SELECT ${OPERATION_COLUMNS} FROM operations WHERE status IN ('creating', 'pending')
       AND (:convention IS NULL OR convention_number = :convention)
       AND (:platform IS NULL OR platform IS NULL OR platform = :platform)
     ORDER BY created_at, id`,
  ).all({ convention: conventionNumber ?? null, platform: platform ?? null });
  return rows.map(toOperation);
}

/** Unsettled operations sent to other platforms than `platform`, by platform (for a warning). */
export function countUnsettledElsewhere(db: Database.Database, platform: string): Array<{ platform: string; count: number }> {
  return statement(
    db,
    `SELECT platform, count(*) AS count FROM operations WHERE status IN ('creating', 'pending')
       AND platform IS NOT NULL AND platform <> ? GROUP BY platform ORDER BY platform`,
  ).all(platform) as Array<{ platform: string; count: number }>;
}

/** Creates of one basket still without an answer (basket numbers compare case-blind): read on
 *  every create, so it must not grow with the number of requests pending elsewhere. */
export function listUnansweredCreates(
  db: Database.Database,
  conventionNumber: string,
  basketNumber: string,
  platform: string | null = null,
): StoredOperation[] {
  const rows = statement(
    db,
    `SELECT ${OPERATION_COLUMNS} FROM operations WHERE status = 'creating' AND convention_number = ?
       AND basket_number = ? COLLATE NOCASE AND (? IS NULL OR platform IS NULL OR platform = ?) ORDER BY created_at, id`,
  ).all(conventionNumber, basketNumber, platform, platform);
  return rows.map(toOperation);
}
