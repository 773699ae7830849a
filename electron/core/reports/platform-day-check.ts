// The reconciliation check of a day: this till's log against the platform's list of the
// convention's requests. Differences: present on one side only, another status, another amount.
// A request only on the platform is usually another till's; the cashier reads it as such.
import type Database from 'better-sqlite3';
import type { CheckDifference, DayCheck, OperationStatus } from '../../common/contract';
import { parisDayRange } from '../../common/dates';
import { statement } from '../db/operation-log';
import { allPlatformRequests, type PlatformListDeps } from './platform-requests';

interface LocalRow {
  id: string;
  platform_id: string;
  basket_number: string;
  status: OperationStatus;
  amount_requested_cents: number;
  amount_received_cents: number;
  created_at: string;
}

export async function checkDay(db: Database.Database, deps: PlatformListDeps, day: string): Promise<DayCheck> {
  const { from: start, to: end } = parisDayRange(day);
  const platform = await allPlatformRequests(deps, { start, end });
  // Read after the platform answered: a payment arriving meanwhile is then already in the log.
  const local = statement(
    db,
    `SELECT id, platform_id, basket_number, status, amount_requested_cents, amount_received_cents, created_at FROM operations
     WHERE created_at >= ? AND created_at < ? AND platform_id IS NOT NULL`,
  ).all(start, end) as LocalRow[];
  const localByPlatformId = new Map(local.map((row) => [row.platform_id, row]));
  // A request made just before midnight may be listed on the other side of the boundary.
  const outsideDay = platform.length
    ? (statement(
        db,
        `SELECT id, platform_id, basket_number, status, amount_requested_cents, amount_received_cents, created_at FROM operations
         WHERE platform_id IN (SELECT value FROM json_each(?)) AND (created_at < ? OR created_at >= ?)`,
      ).all(JSON.stringify(platform.map((request) => request.ref)), start, end) as LocalRow[])
    : [];
  for (const row of outsideDay) localByPlatformId.set(row.platform_id, row);

  const differences: CheckDifference[] = [];
  let matching = 0;
  const seen = new Set<string>();
  for (const request of platform) {
    seen.add(request.ref);
    const mine = localByPlatformId.get(request.ref);
    const platformSide = { status: request.status, amountRequested: request.amountRequested, amountReceived: request.amountReceived };
    if (!mine) {
      differences.push({ kind: 'only_platform', operationId: null, platformId: request.ref, basketNumber: request.basketNumber, createdAt: request.createdAt ?? request.updatedAt, local: null, platform: platformSide });
      continue;
    }
    const localSide = { status: mine.status, amountRequested: mine.amount_requested_cents, amountReceived: mine.amount_received_cents };
    const kind =
      mine.status !== request.status
        ? 'status_differs'
        : mine.amount_requested_cents !== request.amountRequested || mine.amount_received_cents !== request.amountReceived
          ? 'amount_differs'
          : null;
    if (kind) differences.push({ kind, operationId: mine.id, platformId: request.ref, basketNumber: mine.basket_number, createdAt: mine.created_at, local: localSide, platform: platformSide });
    else matching += 1;
  }
  for (const row of local) {
    if (seen.has(row.platform_id)) continue;
    differences.push({
      kind: 'only_local',
      operationId: row.id,
      platformId: row.platform_id,
      basketNumber: row.basket_number,
      createdAt: row.created_at,
      local: { status: row.status, amountRequested: row.amount_requested_cents, amountReceived: row.amount_received_cents },
      platform: null,
    });
  }
  differences.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { day, checkedAt: new Date().toISOString(), localCount: local.length, platformCount: platform.length, matching, differences };
}
