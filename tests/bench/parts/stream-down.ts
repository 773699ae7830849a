// Part: status while the platform's event stream is down, with 1, 50 and 300 requests pending.
// The platform (the sandbox) runs in the bench process behind a counting proxy, and the host is
// given the proxy's URL: every call the companion makes to the platform is counted. The stream is
// cut (refused for the whole part); N − 1 requests are left pending through the local API, then
// the cashier creates one more with the real form and the customer pays it after 0–2 s (seeded):
// from the payment to « Validé » on the cashier page and « Paiement validé » on the customer
// display (page marks), and the status reads per second the platform gets meanwhile (every call
// is listed in the note: the creates, the stream's reconnection attempts).
// Baselines: the bench's own client polling the paid request every 2 s (status), and for the
// calls, what polling each pending request every 2 s costs (N ÷ 2 s, computed, not run: 150
// pollers would load the very platform being measured).
import type { Operation } from '../../../electron/common/contract';
import { startSandbox, type RunningSandbox } from '../../../electron/sandbox/index';
import { sandboxAdmin } from '../../support/companion';
import { humanPause, platformToken, startBenchHost, type BenchHost } from '../bench-host';
import type { BenchContext } from '../context';
import { startCountingProxy, type CountingProxy, type PlatformCall } from '../counting-proxy';
import { seededRandom } from '../log-fixture';
import { distribution, type Figure } from '../stats';
import { TwoSecondPoller } from '../two-second-poller';
import { payAndFollow } from './status';

const STATUS_GOAL_MS = 600;
const CALLS_PER_SECOND_GOAL = 2;
/** Longer than the part lasts: the stream stays refused throughout. */
const CUT_FOR_MS = 600_000;

interface Level {
  cashier: number[];
  display: number[];
  poller: number[];
  missing: number;
  seconds: number;
  calls: PlatformCall[];
}

async function waitForLinkState(host: BenchHost, state: string, timeoutMs = 20_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const link = await host.call<{ state: string }>('platform.status');
    if (link.state === state) return;
    if (performance.now() > until) throw new Error(`the platform link stayed "${link.state}", not "${state}"`);
    await humanPause(100);
  }
}

async function followLevel(host: BenchHost, proxy: CountingProxy, poller: TwoSecondPoller, options: { pending: number; payments: number; warmup: number; random: () => number }): Promise<Level> {
  const level: Level = { cashier: [], display: [], poller: [], missing: 0, seconds: 0, calls: [] };
  const polled: Array<Promise<number | Error>> = [];
  let started = 0;
  for (let i = 0; i < options.warmup + options.payments; i++) {
    const recorded = i >= options.warmup;
    if (i === options.warmup) {
      proxy.reset();
      started = performance.now();
    }
    const basketNumber = `DOWN${options.pending}-${String(i).padStart(3, '0')}`;
    const cents = 1500 + i;
    await payAndFollow(host, poller, { cents, basketNumber, recorded, random: options.random }, level, polled);
  }
  level.seconds = (performance.now() - started) / 1000;
  level.calls = [...proxy.calls()];
  for (const outcome of await Promise.all(polled)) {
    if (outcome instanceof Error) throw outcome;
    level.poller.push(outcome);
  }
  return level;
}

/** Calls of a periodic reader per second: from the first call to the last (a window that happens
 *  to catch one tick more at its edges does not count one call too many). */
function readsPerSecond(reads: PlatformCall[], seconds: number): number {
  if (reads.length < 2) return reads.length / seconds;
  return (reads.length - 1) / ((reads[reads.length - 1]!.at - reads[0]!.at) / 1000);
}

function callsNote(calls: PlatformCall[], seconds: number): string {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(`${call.method} ${call.route}`, (counts.get(`${call.method} ${call.route}`) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([route, n]) => `${route} ×${n}`);
  return `all the companion's calls to the platform: ${calls.length} in ${seconds.toFixed(1)} s (${(calls.length / seconds).toFixed(2)}/s): ${parts.join(', ')}`;
}

export async function benchStreamDown(ctx: BenchContext): Promise<Figure[]> {
  let sandbox: RunningSandbox | null = null;
  let proxy: CountingProxy | null = null;
  let host: BenchHost | null = null;
  let poller: TwoSecondPoller | null = null;
  const figures: Figure[] = [];
  try {
    sandbox = await startSandbox({ port: 0, expirySeconds: 3600 });
    proxy = await startCountingProxy(sandbox.url);
    host = await startBenchHost(ctx, { name: 'stream-down', cashierPage: true, platform: { hostUrl: proxy.url, sandboxUrl: sandbox.url } });
    poller = new TwoSecondPoller(sandbox.url, await platformToken(sandbox.url));
    const random = seededRandom(20261128);
    ctx.progress('stream down: the platform event stream is cut for the whole part…');
    await sandboxAdmin(sandbox.url, '/sandbox/streams/cut', { refuseForMs: CUT_FOR_MS });
    await waitForLinkState(host, 'polling');

    let waiting = 0;
    for (const [index, pending] of ctx.sizes.streamDownPending.entries()) {
      ctx.progress(`stream down: ${pending} pending…`);
      // N − 1 requests already waiting for their customer; the cashier's own makes N.
      for (; waiting < pending - 1; waiting++) {
        await host.call<Operation>('payments.create', { amount: 100 + waiting, basketNumber: `WAIT${String(waiting).padStart(4, '0')}` });
      }
      const level = await followLevel(host, proxy, poller, { pending, payments: ctx.sizes.streamDownPayments, warmup: index === 0 ? ctx.sizes.warmupRuns : 0, random });
      const part = `stream down, ${pending} pending (${ctx.sizes.streamDownPayments} payments)`;
      const baseline = { name: '2 s poller', value: distribution(level.poller) };
      const status = (name: string, samples: number[]): Figure => {
        const value = distribution(samples);
        return { part, name, unit: 'ms', value, baseline, goal: `p95 ≤ ${STATUS_GOAL_MS} ms`, met: level.missing === 0 && value.p95 <= STATUS_GOAL_MS };
      };
      const cashierFigure = status('payment → "Validé" on the cashier page', level.cashier);
      if (level.missing) cashierFigure.note = `${level.missing} never shown`;
      // Status reads: the one list call per tick (or a request read on its own). The stream's own
      // reconnection attempts, on their backoff, and the cashier's creates are in the note.
      const reads = level.calls.filter((call) => call.method === 'GET' && call.route.startsWith('/v1/payment-requests'));
      const perSecond = readsPerSecond(reads, level.seconds);
      figures.push(cashierFigure, status('payment → "Paiement validé" on the customer display', level.display), {
        part,
        name: 'platform status reads per second',
        unit: 'calls/s',
        value: perSecond,
        baseline: { name: `polling each pending request every 2 s (${pending} ÷ 2, computed)`, value: pending / 2 },
        goal: `≤ ${CALLS_PER_SECOND_GOAL} calls/s`,
        met: perSecond <= CALLS_PER_SECOND_GOAL,
        note: callsNote(level.calls, level.seconds),
      });
    }
  } finally {
    poller?.stop();
    await host?.close();
    await proxy?.close();
    await sandbox?.close();
  }
  return figures;
}
