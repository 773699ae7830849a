// The platform's list against the operation log: what a merchant would call a lost, doubled or
// wrong payment. Each harness create uses a basket number of its own, so a basket is one sale:
//
// - lost: a request the platform holds that no operation of the log points to (the customer may
//   pay it and the till never hears of it; the basket stays blocked);
// - duplicated: a sale with more than one request on the platform, or more than one operation;
// - wrong status: an operation whose status or amount received differs from the platform's;
// - stuck creating: an operation still `creating` once everything had time to settle.
//
// Counts are taken once nothing can change any more (or at the deadline, with what is left).
import Database from 'better-sqlite3';
import type { PaymentRequest } from '../../electron/common/platform-api';
import { sleep } from './context';
import type { TorturePlatform } from './platform-process';

export interface LogRow {
  id: string;
  platform_id: string | null;
  basket_number: string;
  status: string;
  amount_requested_cents: number;
  amount_received_cents: number;
  failure_code: string | null;
}

export interface LedgerCounts {
  lost: number;
  duplicated: number;
  'wrong status': number;
  'stuck creating': number;
}

export interface Comparison {
  counts: LedgerCounts;
  platformRequests: number;
  operations: number;
  /** Operations by status, e.g. `{validated: 12, cancelled: 3}`. */
  byStatus: Record<string, number>;
  examples: string[];
}

/** The operations of the log whose basket starts with `prefix`, read as another process would. */
export function readLogRows(file: string, prefix: string): LogRow[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT id, platform_id, basket_number, status, amount_requested_cents, amount_received_cents, failure_code
         FROM operations WHERE substr(basket_number, 1, ?) = ?`,
      )
      .all(prefix.length, prefix) as LogRow[];
  } finally {
    db.close();
  }
}

export function compare(requests: readonly PaymentRequest[], rows: readonly LogRow[], exclude: ReadonlySet<string> = new Set()): Comparison {
  const counts: LedgerCounts = { lost: 0, duplicated: 0, 'wrong status': 0, 'stuck creating': 0 };
  const examples: string[] = [];
  const note = (text: string) => {
    if (examples.length < 20) examples.push(text);
  };
  const kept = requests.filter((r) => !exclude.has(r.basketNumber.toUpperCase()));
  const keptRows = rows.filter((r) => !exclude.has(r.basket_number.toUpperCase()));
  const byPlatformId = new Map<string, LogRow[]>();
  for (const row of keptRows) {
    if (row.platform_id === null) continue;
    const list = byPlatformId.get(row.platform_id) ?? [];
    list.push(row);
    byPlatformId.set(row.platform_id, list);
  }
  const platformById = new Map(kept.map((r) => [r.id, r]));

  for (const request of kept) {
    const owners = byPlatformId.get(request.id) ?? [];
    if (owners.length === 0) {
      counts.lost++;
      const sameBasket = keptRows.filter((r) => r.basket_number.toUpperCase() === request.basketNumber.toUpperCase());
      note(
        `lost: ${request.basketNumber} on the platform ${request.status} ${request.amountReceived}/${request.amountRequested}, ` +
          `in the log ${sameBasket.map((r) => `${r.status}${r.failure_code ? ` (${r.failure_code})` : ''}`).join(', ') || 'nothing'}`,
      );
      continue;
    }
    for (const row of owners) {
      if (row.status !== request.status || row.amount_received_cents !== request.amountReceived) {
        counts['wrong status']++;
        note(
          `wrong status: ${request.basketNumber} platform ${request.status} ${request.amountReceived}, log ${row.status} ${row.amount_received_cents}`,
        );
      }
    }
  }
  for (const row of keptRows) {
    if (row.platform_id !== null && !platformById.has(row.platform_id)) {
      counts['wrong status']++;
      note(`wrong status: ${row.basket_number} points to ${row.platform_id}, which the platform does not list`);
    }
    if (row.status === 'creating') {
      counts['stuck creating']++;
      note(`stuck creating: ${row.basket_number}`);
    }
  }
  const perBasket = new Map<string, { platform: number; log: number }>();
  const entry = (basket: string) => {
    const key = basket.toUpperCase();
    let found = perBasket.get(key);
    if (!found) perBasket.set(key, (found = { platform: 0, log: 0 }));
    return found;
  };
  for (const request of kept) entry(request.basketNumber).platform++;
  for (const row of keptRows) entry(row.basket_number).log++;
  for (const [basket, n] of perBasket) {
    const extra = Math.max(0, n.platform - 1) + Math.max(0, n.log - 1);
    if (extra > 0) {
      counts.duplicated += extra;
      note(`duplicated: ${basket} has ${n.platform} request(s) on the platform and ${n.log} operation(s) in the log`);
    }
  }
  const byStatus: Record<string, number> = {};
  for (const row of keptRows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
  return { counts, platformRequests: kept.length, operations: keptRows.length, byStatus, examples };
}

/** Whether the companion may still change what the comparison found: a create it has not
 *  settled, or a pending operation the platform has moved on from. Final operations never
 *  change again, so a difference between them and the platform is for good. */
function mayStillChange(requests: readonly PaymentRequest[], rows: readonly LogRow[]): boolean {
  const platformById = new Map(requests.map((r) => [r.id, r]));
  return rows.some(
    (row) =>
      row.status === 'creating' ||
      (row.status === 'pending' && (row.platform_id === null || platformById.get(row.platform_id)?.status !== 'pending')),
  );
}

/** Compares until the log agrees with the platform, or the deadline passes (then: what is left). */
export async function settleAndCompare(
  platform: TorturePlatform,
  logFile: string,
  prefix: string,
  options: { timeoutMs: number; exclude?: ReadonlySet<string> },
): Promise<Comparison & { waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    // The log first: it only ever records what the platform already did, so a final status read
    // in it is already the platform's when the list is read next. The other order reads a race
    // (a reconciliation cancelling an orphan between the two reads) as a wrong status.
    const rows = readLogRows(logFile, prefix);
    const requests = await platform.requests(prefix);
    const comparison = compare(requests, rows, options.exclude);
    const waitedMs = Date.now() - started;
    if (!mayStillChange(requests, rows) || waitedMs > options.timeoutMs) return { ...comparison, waitedMs };
    await sleep(500);
  }
}

/**
 * Waits until the host's platform event stream delivers events (the log remembers the last event
 * id it received), creating and cancelling requests of `basketPrefix` to provoke one. Parts that
 * pay right after a first log-in use it, so that they measure what they are about, not the
 * moment the stream opens (a check of its own, in the proxy part).
 */
export async function waitForEventStream(
  host: { call(channel: string, input?: unknown): Promise<{ body: any }> },
  logFile: string,
  basketPrefix: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const heard = () => {
    const db = new Database(logFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`SELECT 1 FROM meta WHERE key LIKE 'platform.lastEventId.%'`).get() !== undefined;
    } finally {
      db.close();
    }
  };
  for (let attempt = 0; !heard(); attempt++) {
    if (Date.now() > deadline) throw new Error(`the host's platform event stream delivered nothing within ${timeoutMs} ms`);
    const created = await host.call('payments.create', { amount: 100, basketNumber: `${basketPrefix}${attempt}` });
    const stop = Date.now() + 2_000;
    while (!heard() && Date.now() < stop) await sleep(50);
    if (created.body?.ok === true) await host.call('payments.cancel', { id: created.body.value.id });
  }
}

/** `PRAGMA integrity_check` on a log file, read-only (the host may be dead or running). */
export function integrityOk(file: string): { ok: boolean; detail: string } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const detail = rows.map((r) => r.integrity_check).join('; ');
    return { ok: detail === 'ok', detail };
  } finally {
    db.close();
  }
}

export function sumCounts(list: readonly LedgerCounts[]): LedgerCounts {
  const total: LedgerCounts = { lost: 0, duplicated: 0, 'wrong status': 0, 'stuck creating': 0 };
  for (const counts of list) for (const key of Object.keys(total) as Array<keyof LedgerCounts>) total[key] += counts[key];
  return total;
}
