// Part 2: create → QR on the customer display. From the cashier's click on "Je continue" (taken
// in the cashier page by a capturing listener) to the moment the display page shows the QR of
// that request (taken in the display page), and from `payments.create` on the local API (taken in
// the bench) to the same. After each timing, a screenshot of the display must decode (jsqr) to the
// request's payload; one that does not counts as a failure. Baseline: the platform's own create
// call alone (`POST /v1/payment-requests` straight to the sandbox), the floor under both.
import { randomUUID } from 'node:crypto';
import type { Operation } from '../../../electron/common/contract';
import { amountField, fillPaymentForm, operationsOf } from '../../e2e/support/cashier-actions';
import { platformToken, startBenchHost, typedEuros, type BenchHost } from '../bench-host';
import type { BenchContext } from '../context';
import { clearMarks, waitForMark, wallClock } from '../page-marks';
import { displayQrReads } from '../qr-check';
import { distribution, type Figure } from '../stats';

/** The click's path and the local API's, against the platform's own create: at most this ratio at p95. */
const GOAL_RATIO = 1.2;

async function pendingOf(host: BenchHost, basketNumber: string): Promise<Operation> {
  const operation = (await operationsOf(host.companion, basketNumber)).find((op) => op.status === 'pending');
  if (!operation?.qrPayload) throw new Error(`no pending request with a QR for basket ${basketNumber}`);
  return operation;
}

/** The platform's create alone, with its own login: the time of the HTTP call. */
async function platformCreate(sandboxUrl: string, token: string, basketNumber: string, cents: number): Promise<number> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const start = wallClock();
  const response = await fetch(`${sandboxUrl}/v1/payment-requests`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ amount: cents, basketNumber }),
  });
  const body = (await response.json()) as { id?: string };
  const elapsed = wallClock() - start;
  if (!response.ok || !body.id) throw new Error(`platform create: ${response.status} ${JSON.stringify(body)}`);
  // Not left pending: the basket and the platform stay as they were.
  await fetch(`${sandboxUrl}/v1/payment-requests/${body.id}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return elapsed;
}

export async function benchCreate(ctx: BenchContext): Promise<Figure[]> {
  const host = await startBenchHost(ctx, { name: 'create', cashierPage: true });
  const cashier = host.cashier!;
  const display = host.display;
  const fromClick: number[] = [];
  const fromApi: number[] = [];
  const onCashier: number[] = [];
  const platform: number[] = [];
  let undecodable = 0;
  try {
    const token = await platformToken(host.sandboxUrl);
    const runs = ctx.sizes.createRuns;
    for (let i = 0; i < ctx.sizes.warmupRuns + runs; i++) {
      const recorded = i >= ctx.sizes.warmupRuns;
      const cents = 2000 + i;
      const suffix = String(i).padStart(4, '0');

      // The cashier's way: type, press "Je continue".
      const tillBasket = `CASH${suffix}`;
      await fillPaymentForm(cashier, typedEuros(cents), tillBasket);
      await Promise.all([clearMarks(cashier), clearMarks(display)]);
      await cashier.getByRole('button', { name: 'Je continue', exact: true }).click();
      const shown = (await waitForMark(display, 'qr', tillBasket)) - host.offsets.display;
      const clicked = (await waitForMark(cashier, 'continue')) - host.offsets.cashier;
      const ownQr = (await waitForMark(cashier, 'qr', tillBasket)) - host.offsets.cashier;
      const fromTill = await pendingOf(host, tillBasket);
      const tillReads = await displayQrReads(display, fromTill.qrPayload!);
      await host.call('payments.cancel', { id: fromTill.id });
      await cashier.getByRole('button', { name: 'Fermer', exact: true }).click();
      await amountField(cashier).waitFor();

      // A program's way: the local API.
      const apiBasket = `API${suffix}`;
      await clearMarks(display);
      const sent = wallClock();
      const created = await host.call<Operation>('payments.create', { amount: cents, basketNumber: apiBasket });
      const shownForApi = (await waitForMark(display, 'qr', apiBasket)) - host.offsets.display;
      const apiReads = await displayQrReads(display, created.qrPayload!);
      await host.call('payments.cancel', { id: created.id });

      const floor = await platformCreate(host.sandboxUrl, token, `PLAT${suffix}`, cents);
      if (!recorded) continue;
      fromClick.push(shown - clicked);
      onCashier.push(ownQr - clicked);
      fromApi.push(shownForApi - sent);
      platform.push(floor);
      if (!tillReads) undecodable++;
      if (!apiReads) undecodable++;
      if ((i + 1 - ctx.sizes.warmupRuns) % 10 === 0) ctx.progress(`create: ${i + 1 - ctx.sizes.warmupRuns}/${runs}`);
    }
  } finally {
    await host.close();
  }

  const part = `create (${ctx.sizes.createRuns} requests each way)`;
  const baseline = { name: 'platform create alone', value: distribution(platform) };
  const timed = (name: string, samples: number[], note: string): Figure => {
    const value = distribution(samples);
    const limit = GOAL_RATIO * baseline.value.p95;
    return { part, name, unit: 'ms', value, baseline, goal: `p95 ≤ ${GOAL_RATIO}× the platform's create`, met: value.p95 <= limit && undecodable === 0, note };
  };
  const cashierQr = distribution(onCashier);
  return [
    timed(
      '"Je continue" → QR on the customer display',
      fromClick,
      `the cashier's own recap QR: p50 ${cashierQr.p50.toFixed(1)} / p95 ${cashierQr.p95.toFixed(1)} ms after the click; ${ctx.sizes.warmupRuns} warm-up rounds not counted`,
    ),
    timed('payments.create (local API) → QR on the customer display', fromApi, 'timed from the bench process sending the call'),
    {
      part,
      name: 'QR on the display that does not decode (screenshot + jsqr)',
      unit: 'count',
      value: undecodable,
      goal: '0',
      met: undecodable === 0,
      note: `${2 * ctx.sizes.createRuns} screenshots decoded`,
    },
  ];
}
