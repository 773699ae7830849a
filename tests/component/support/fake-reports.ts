// The day close for the in-memory CompanionApi: reports, receipts and the convention's list built
// from the fake's operations with the same rules as the core (refused attempts apart, a basket
// counted once), in the contract's shapes.
import {
  channels,
  OPERATION_STATUSES,
  REMAINDER_MEANS,
  type BasketTotals,
  type ConventionPage,
  type DayReport,
  type DaySummary,
  type Operation,
  type Receipt,
  type RemainderTotals,
  type ReportBreakdown,
  type RequestTotals,
} from '../../../electron/common/contract';
import { contractError } from '../../../electron/common/error-messages';

const zero = (): RequestTotals => ({ count: 0, amountRequested: 0, amountReceived: 0 });
const add = (totals: RequestTotals, op: Operation) => {
  totals.count += 1;
  totals.amountRequested += op.amountRequested;
  totals.amountReceived += op.amountReceived;
};

function totalsOf(operations: Operation[]) {
  const byStatus = Object.fromEntries(OPERATION_STATUSES.map((s) => [s, zero()])) as DaySummary['byStatus'];
  const total = zero();
  const refused = zero();
  const baskets: BasketTotals = { count: 0, amountRequested: 0, amountReceived: 0, paidInFull: 0, partiallyPaid: 0, pending: 0, unpaid: 0, collectedOtherwise: 0, leftToCollect: 0 };
  for (const op of operations) {
    add(byStatus[op.status], op);
    add(op.status === 'failed' ? refused : total, op);
    if (op.status === 'failed' || op.followUpOf) continue;
    const followUps = operations.filter((f) => f.followUpOf === op.id && f.status === 'validated');
    const received = op.amountReceived + followUps.reduce((sum, f) => sum + f.amountReceived, 0);
    baskets.count += 1;
    baskets.amountRequested += op.amountRequested;
    if (op.status === 'validated') {
      baskets.amountReceived += received;
      if (received >= op.amountRequested) baskets.paidInFull += 1;
      else {
        baskets.partiallyPaid += 1;
        baskets.leftToCollect += op.amountRequested - received;
      }
    } else if (op.status === 'pending' || op.status === 'creating') baskets.pending += 1;
    else baskets.unpaid += 1;
  }
  const remaindersByMeans = remaindersOf(operations);
  const collected = remaindersByMeans.reduce((sum, r) => sum + r.amount, 0);
  baskets.collectedOtherwise = collected;
  baskets.leftToCollect = Math.max(0, baskets.leftToCollect - collected);
  return { byStatus, total, refused, baskets, remaindersByMeans };
}

/** Remainders collected another way, per means, as the core counts them. */
function remaindersOf(operations: Operation[]): RemainderTotals[] {
  return REMAINDER_MEANS.flatMap((means) => {
    const collected = operations.filter((op) => op.remainderCollected?.means === means);
    return collected.length ? [{ means, count: collected.length, amount: collected.reduce((sum, op) => sum + op.remainderCollected!.amount, 0) }] : [];
  });
}

export function fakeDaySummary(operations: Operation[], day = '2020-04-30'): DaySummary {
  const { remaindersByMeans, ...totals } = totalsOf(operations);
  const byMeans = Object.fromEntries(REMAINDER_MEANS.map((m) => [m, { count: 0, amount: 0 }])) as DaySummary['remaindersCollected']['byMeans'];
  for (const { means, count, amount } of remaindersByMeans) byMeans[means] = { count, amount };
  const remaindersCollected = {
    byMeans,
    total: { count: remaindersByMeans.reduce((s, r) => s + r.count, 0), amount: remaindersByMeans.reduce((s, r) => s + r.amount, 0) },
  };
  return { day, from: '2020-04-29T22:00:00.000Z', to: '2020-04-30T22:00:00.000Z', ...totals, remaindersCollected };
}

function breakdown(operations: Operation[], keyOf: (op: Operation) => string | null): ReportBreakdown[] {
  const lines = new Map<string | null, ReportBreakdown>();
  for (const op of operations) {
    const key = keyOf(op);
    let line = lines.get(key);
    if (!line) lines.set(key, (line = { key, total: zero(), validated: zero(), refused: 0 }));
    if (op.status === 'failed') line.refused += 1;
    else add(line.total, op);
    if (op.status === 'validated') add(line.validated, op);
  }
  return [...lines.values()];
}

export function fakeDayReport(operations: Operation[], input: { from: string; to?: string | undefined }): DayReport {
  const { byStatus, total, refused, baskets, remaindersByMeans } = totalsOf(operations);
  const pending = operations.filter((op) => op.status === 'pending' || op.status === 'creating');
  return channels['report.day'].result.parse({
    from: input.from,
    to: input.to ?? input.from,
    start: '2020-04-29T22:00:00.000Z',
    end: '2020-04-30T22:00:00.000Z',
    generatedAt: '2020-04-30T20:00:00.000Z',
    merchant: { conventionNumber: '643736001001', name: 'Camping des Pins' },
    tillId: 'caisse-1',
    requests: { byStatus, total, refused },
    baskets,
    bySeller: breakdown(operations, (op) => op.sellerId),
    byTill: breakdown(operations, (op) => op.tillId),
    byOrigin: breakdown(operations, (op) => op.origin),
    remaindersByMeans,
    pending,
    pendingCount: pending.length,
    tillNotTold: [],
    otherTills: { status: 'not_requested', count: 0, error: null },
  });
}

export function fakeReceipt(operations: Operation[], id: string): { ok: true; value: Receipt } | { ok: false; error: ReturnType<typeof contractError> } {
  const op = operations.find((item) => item.id === id);
  if (!op) return { ok: false, error: contractError('not_found') };
  if (op.status !== 'validated') return { ok: false, error: contractError('not_pending') };
  return {
    ok: true,
    value: channels['receipt.get'].result.parse({
      merchant: { name: 'Camping des Pins', conventionNumber: '643736001001' },
      operationId: op.id,
      basketNumber: op.basketNumber,
      label: op.label,
      paidAt: op.updatedAt,
      printedAt: op.updatedAt,
      amountRequested: op.amountRequested,
      amountReceived: op.amountReceived,
      remainder: op.amountRequested - op.amountReceived,
      remainderCollected: op.remainderCollected ? { means: op.remainderCollected.means, amount: op.remainderCollected.amount } : null,
      payments: [{ platformId: op.platformId ?? 'pr-?', amountReceived: op.amountReceived, at: op.updatedAt }],
      tillId: op.tillId,
    }),
  };
}

export const EMPTY_CONVENTION_PAGE: ConventionPage = { items: [], nextCursor: null };
