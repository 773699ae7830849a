// Part 5: Caisse-AP. The host started with `--caisse-ap 127.0.0.1:0` (a free port); a till writes
// a debit on a fresh TCP connection: how long until the QR is on the customer display page, and,
// once the customer has paid, how long until the till reads its answer on that socket. Baselines,
// interleaved with the till's rounds: the same two paths through the local API (payments.create →
// QR on the display; payment → `payment.updated` on /api/events).
import type { Operation } from '../../../electron/common/contract';
import { payAsCustomer } from '../../support/companion';
import { operationsOf } from '../../e2e/support/cashier-actions';
import { BENCH_WALLET, startBenchHost, type BenchHost } from '../bench-host';
import type { BenchContext } from '../context';
import { clearMarks, waitForMark, wallClock } from '../page-marks';
import { distribution, type Figure } from '../stats';
import { openTimedEvents } from '../timed-events';
import { debitFrame, sendTimedDebit } from '../timed-till';
import { caisseApPortOf } from '../../support/companion-process';

async function pendingOf(host: BenchHost, basketNumber: string): Promise<Operation> {
  const operation = (await operationsOf(host.companion, basketNumber)).find((op) => op.status === 'pending');
  if (!operation?.qrPayload) throw new Error(`no pending request with a QR for basket ${basketNumber}`);
  return operation;
}

export async function benchCaisseAp(ctx: BenchContext): Promise<Figure[]> {
  const host = await startBenchHost(ctx, { name: 'caisse-ap', args: ['--caisse-ap', '127.0.0.1:0'] });
  const tillToQr: number[] = [];
  const payToTill: number[] = [];
  const apiToQr: number[] = [];
  const payToEvent: number[] = [];
  let refused = 0;
  const events = await openTimedEvents(host.companion.url, host.companion.token).catch(async (error) => {
    await host.close();
    throw error;
  });
  try {
    const port = caisseApPortOf(host.companion.output());
    const runs = ctx.sizes.caisseApRuns;
    for (let i = 0; i < ctx.sizes.warmupRuns + runs; i++) {
      const recorded = i >= ctx.sizes.warmupRuns;
      const cents = 3000 + i;
      const suffix = String(i).padStart(4, '0');

      // The till's way.
      const tillBasket = `TILL${suffix}`;
      await clearMarks(host.display);
      const debit = sendTimedDebit(port, debitFrame(cents, tillBasket));
      const written = await debit.written;
      const shown = (await waitForMark(host.display, 'qr', tillBasket)) - host.offsets.display;
      const fromTill = await pendingOf(host, tillBasket);
      await payAsCustomer(host.sandboxUrl, fromTill.qrPayload!, cents, BENCH_WALLET);
      const paidAt = wallClock();
      const answer = await debit.answered;
      // AE=10: paid, with CB the amount received.
      if (!answer.text.includes('AE00210') || !answer.text.includes(`CB${String(String(cents).length).padStart(3, '0')}${cents}`)) refused++;

      // A program's way, through the local API.
      const apiBasket = `APIT${suffix}`;
      await clearMarks(host.display);
      events.clear();
      const sent = wallClock();
      const created = await host.call<Operation>('payments.create', { amount: cents, basketNumber: apiBasket });
      const shownForApi = (await waitForMark(host.display, 'qr', apiBasket)) - host.offsets.display;
      await payAsCustomer(host.sandboxUrl, created.qrPayload!, cents, BENCH_WALLET);
      const apiPaidAt = wallClock();
      const validated = await events.waitFor(
        (event) => event.event === 'payment.updated' && event.data?.id === created.id && event.data?.status === 'validated',
      );

      if (!recorded) continue;
      tillToQr.push(shown - written);
      payToTill.push(answer.at - paidAt);
      apiToQr.push(shownForApi - sent);
      payToEvent.push(validated.at - apiPaidAt);
      if ((i + 1 - ctx.sizes.warmupRuns) % 10 === 0) ctx.progress(`caisse-ap: ${i + 1 - ctx.sizes.warmupRuns}/${runs}`);
    }
  } finally {
    events.close();
    await host.close();
  }

  const part = `caisse-ap (${ctx.sizes.caisseApRuns} debits)`;
  const tillQr = distribution(tillToQr);
  const apiQr = distribution(apiToQr);
  return [
    {
      part,
      name: 'till debit request → QR on the customer display',
      unit: 'ms',
      value: tillQr,
      baseline: { name: 'payments.create → QR', value: apiQr },
      goal: 'p95 ≤ baseline p95 + 10 ms',
      met: tillQr.p95 <= apiQr.p95 + 10,
      note: 'a request whose required tags are all there is acted on at once; only a frame still missing one waits for a quiet period (Caisse-AP frames carry no length)',
    },
    {
      part,
      name: 'payment → the till reads its answer',
      unit: 'ms',
      value: distribution(payToTill),
      baseline: { name: 'payment → payment.updated on /api/events', value: distribution(payToEvent) },
    },
    { part, name: 'debits not answered AE=10 with the amount paid', unit: 'count', value: refused, goal: '0', met: refused === 0 },
  ];
}
