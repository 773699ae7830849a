// Part 1: status latency. The cashier creates each request with the real form ("Je continue");
// the customer pays with the sandbox's wallet API after a random 0–2 s (the time to take out a
// phone, which also spreads the 2 s poller's phase fairly); from the moment that call returns in
// the bench, how long until the cashier page shows "Validé" and the customer display "Paiement
// validé" (times taken inside each page, see page-marks.ts). Baseline: a client in the bench
// polling the platform every 2 s from the request's creation, on the same payments. Then again
// with the platform's event stream cut: the companion's polling fallback.
import type { Operation } from '../../../electron/common/contract';
import { payAsCustomer, sandboxAdmin } from '../../support/companion';
import { amountField, fillPaymentForm, operationsOf, qrCode } from '../../e2e/support/cashier-actions';
import { BENCH_WALLET, humanPause, platformToken, startBenchHost, typedEuros, type BenchHost } from '../bench-host';
import type { BenchContext } from '../context';
import { seededRandom } from '../log-fixture';
import { clearMarks, waitForMark, wallClock } from '../page-marks';
import { distribution, type Figure } from '../stats';
import { POLL_EVERY_MS, TwoSecondPoller } from '../two-second-poller';

/** How long a screen may take before the payment counts as never shown. */
export const ARRIVES_WITHIN_MS = 15_000;
/** The sandbox refuses the stream for at most 10 minutes: longer than the cut phase lasts. */
const CUT_FOR_MS = 600_000;

interface Followed {
  cashier: number[];
  display: number[];
  poller: number[];
  /** Payments a screen never showed as validated within ARRIVES_WITHIN_MS. */
  missing: number;
}

/** Creates a request on the cashier page and waits for its QR on both screens. */
export async function createAtTheTill(host: BenchHost, cents: number, basketNumber: string): Promise<Operation> {
  const cashier = host.cashier!;
  await fillPaymentForm(cashier, typedEuros(cents), basketNumber);
  await cashier.getByRole('button', { name: 'Je continue', exact: true }).click();
  await qrCode(cashier, basketNumber).waitFor();
  await waitForMark(host.display, 'qr', basketNumber);
  const operation = (await operationsOf(host.companion, basketNumber)).find((op) => op.status === 'pending');
  if (!operation?.platformId || !operation.qrPayload) throw new Error(`no pending request for basket ${basketNumber}`);
  return operation;
}

/** The page time of a mark in bench time, or null if it never came. */
export async function markInBenchTime(host: BenchHost, page: 'cashier' | 'display', name: string, ending: string): Promise<number | null> {
  try {
    return (await waitForMark(host[page]!, name, ending, ARRIVES_WITHIN_MS)) - host.offsets[page];
  } catch {
    return null;
  }
}

/**
 * One payment followed on both screens: created at the till, paid after a human pause, then when
 * each screen marked it validated and when a 2 s poller saw it, recorded into `into` (after the
 * warm-up). Closes the recap for the next one.
 */
export async function payAndFollow(
  host: BenchHost,
  poller: TwoSecondPoller,
  payment: { cents: number; basketNumber: string; recorded: boolean; random: () => number },
  into: Pick<Followed, 'cashier' | 'display' | 'missing'>,
  polled: Array<Promise<number | Error>>,
): Promise<void> {
  const cashier = host.cashier!;
  const operation = await createAtTheTill(host, payment.cents, payment.basketNumber);
  const seenByPoller = poller.follow(operation.platformId!);
  await humanPause(payment.random() * POLL_EVERY_MS);
  await Promise.all([clearMarks(cashier), clearMarks(host.display)]);
  await payAsCustomer(host.sandboxUrl, operation.qrPayload!, payment.cents, BENCH_WALLET);
  const paidAt = wallClock();
  const [onCashier, onDisplay] = await Promise.all([
    markInBenchTime(host, 'cashier', 'validated', payment.basketNumber),
    markInBenchTime(host, 'display', 'validated', ''),
  ]);
  if (payment.recorded) {
    if (onCashier === null || onDisplay === null) into.missing++;
    if (onCashier !== null) into.cashier.push(onCashier - paidAt);
    if (onDisplay !== null) into.display.push(onDisplay - paidAt);
    polled.push(seenByPoller.then((at) => at - paidAt, (error: Error) => error));
  } else {
    seenByPoller.catch(() => undefined);
  }
  await cashier.getByRole('button', { name: 'Fermer', exact: true }).click();
  await amountField(cashier).waitFor();
}

async function followPayments(
  ctx: BenchContext,
  host: BenchHost,
  poller: TwoSecondPoller,
  options: { count: number; warmup: number; prefix: string; random: () => number },
): Promise<Followed> {
  const result: Followed = { cashier: [], display: [], poller: [], missing: 0 };
  const polled: Array<Promise<number | Error>> = [];
  for (let i = 0; i < options.warmup + options.count; i++) {
    const recorded = i >= options.warmup;
    const basketNumber = `${options.prefix}${String(i).padStart(4, '0')}`;
    const cents = 1000 + i;
    await payAndFollow(host, poller, { cents, basketNumber, recorded, random: options.random }, result, polled);
    if ((i + 1) % 10 === 0) ctx.progress(`status: ${options.prefix} ${i + 1 - options.warmup}/${options.count}`);
  }
  for (const outcome of await Promise.all(polled)) {
    if (outcome instanceof Error) throw outcome;
    result.poller.push(outcome);
  }
  return result;
}

export async function benchStatus(ctx: BenchContext): Promise<Figure[]> {
  const host = await startBenchHost(ctx, { name: 'status', cashierPage: true });
  const random = seededRandom(20261127);
  let poller: TwoSecondPoller | null = null;
  try {
    poller = new TwoSecondPoller(host.sandboxUrl, await platformToken(host.sandboxUrl));
    const pushed = await followPayments(ctx, host, poller, {
      count: ctx.sizes.statusPayments,
      warmup: ctx.sizes.warmupRuns,
      prefix: 'STAT',
      random,
    });
    ctx.progress('status: the platform event stream is cut; the companion falls back to polling…');
    await sandboxAdmin(host.sandboxUrl, '/sandbox/streams/cut', { refuseForMs: CUT_FOR_MS });
    const polled = await followPayments(ctx, host, poller, { count: ctx.sizes.statusCutPayments, warmup: 0, prefix: 'CUT', random });
    const drift = await host.clockDrift();

    const baseline = (samples: number[]) => ({ name: '2 s poller', value: distribution(samples) });
    const clocks = `page clocks vs bench: offset ${host.offsets.cashier.toFixed(1)} / ${host.offsets.display.toFixed(1)} ms, moved ${drift.toFixed(1)} ms during the part`;
    const pushedFigure = (name: string, samples: number[]): Figure => {
      const value = distribution(samples);
      const base = distribution(pushed.poller);
      return {
        part: `status (${ctx.sizes.statusPayments} payments)`,
        name,
        unit: 'ms',
        value,
        baseline: baseline(pushed.poller),
        goal: 'p95 ≤ 100 ms, ≥ 20× better than the poller',
        met: pushed.missing === 0 && value.p95 <= 100 && base.p95 >= 20 * Math.max(value.p95, 0),
      };
    };
    const polledFigure = (name: string, samples: number[]): Figure => ({
      part: `status, platform stream cut (${ctx.sizes.statusCutPayments} payments)`,
      name,
      unit: 'ms',
      value: distribution(samples),
      baseline: baseline(polled.poller),
      goal: 'still arrives (polling fallback)',
      met: polled.missing === 0,
    });
    const cashierPushed = pushedFigure('payment → "Validé" on the cashier page', pushed.cashier);
    cashierPushed.note = `customer pays 0–2 s after the QR shows (seeded), ${ctx.sizes.warmupRuns} warm-up payments not counted; ${clocks}${pushed.missing ? `; ${pushed.missing} never shown` : ''}`;
    const cashierPolled = polledFigure('payment → "Validé" on the cashier page', polled.cashier);
    if (polled.missing) cashierPolled.note = `${polled.missing} never shown within ${ARRIVES_WITHIN_MS / 1000} s`;
    return [
      cashierPushed,
      pushedFigure('payment → "Paiement validé" on the customer display', pushed.display),
      cashierPolled,
      polledFigure('payment → "Paiement validé" on the customer display', polled.display),
    ];
  } finally {
    poller?.stop();
    await host.close();
  }
}
