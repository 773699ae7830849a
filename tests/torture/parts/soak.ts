// A soak: many payments through one host, one after another on a few tills at once (create
// through the local API, the customer pays in full or in part), the host's resident memory
// sampled as they go. Growth is reported, not judged (a machine's allocator decides part of it);
// every payment must end validated in the log with what the customer paid.
import { join } from 'node:path';
import { OPERATIONS_FILE } from '../../../electron/core/companion';
import { residentMegabytes } from '../../bench/host-memory';
import { distribution } from '../../bench/stats';
import type { Check } from '../checks';
import { dataDir, type TortureContext } from '../context';
import { loginThroughApi, startHost, type TortureHost } from '../host-process';
import { settleAndCompare, waitForEventStream } from '../ledger';
import { payAsCustomer, startPlatform } from '../platform-process';

const TILLS = 4;

export async function tortureSoak(ctx: TortureContext): Promise<Check[]> {
  const total = ctx.sizes.soakPayments;
  const platform = await startPlatform(ctx, 'soak');
  const dir = dataDir(ctx, 'soak');
  let host: TortureHost | null = null;
  try {
    host = await startHost(ctx, { dataDir: dir, platformUrl: platform.url, what: 'soak' });
    const running = host;
    const login = await loginThroughApi(running, ctx.password);
    if (login.body?.ok !== true) throw new Error(`login: ${JSON.stringify(login.body)}`);
    await waitForEventStream(running, join(dir, OPERATIONS_FILE), 'SW-');
    const samples: Array<{ done: number; mb: number }> = [{ done: 0, mb: residentMegabytes(running.pid) }];
    const every = Math.max(1, Math.floor(total / 100));
    let next = 0;
    let done = 0;
    const refused: string[] = [];
    const started = performance.now();
    const till = async () => {
      while (next < total && !running.exit()) {
        const i = next++;
        const amount = 500 + (i % 9_500);
        const paid = i % 5 === 4 ? Math.max(1, Math.floor(amount / 3)) : amount;
        const created = await running.call('payments.create', { amount, basketNumber: `SK-${i}` });
        if (created.body?.ok !== true) {
          refused.push(`SK-${i}: ${created.status} ${created.body?.error?.code}`);
          continue;
        }
        const payment = await payAsCustomer(platform, created.body.value.qrPayload, paid);
        if (payment.status !== 201) refused.push(`SK-${i}: the customer's payment got ${payment.status}`);
        done++;
        if (done % every === 0) samples.push({ done, mb: residentMegabytes(running.pid) });
        if (done % Math.max(1, Math.floor(total / 10)) === 0) ctx.progress(`soak: ${done}/${total} payments`);
      }
    };
    await Promise.all(Array.from({ length: TILLS }, till));
    const seconds = (performance.now() - started) / 1000;
    const comparison = await settleAndCompare(platform, join(dir, OPERATIONS_FILE), 'SK-', { timeoutMs: ctx.sizes.settleMs });
    samples.push({ done, mb: residentMegabytes(running.pid) });
    const decile = Math.max(1, Math.floor(samples.length / 10));
    const early = distribution(samples.slice(1, 1 + decile).map((s) => s.mb)).p50;
    const late = distribution(samples.slice(-decile).map((s) => s.mb)).p50;
    return [
      {
        part: 'soak',
        name: 'payments one after another, host memory sampled',
        ran: `${done} payments (1 in 5 partial) from ${TILLS} tills at once in ${Math.round(seconds)} s; RSS sampled ${samples.length} times`,
        mustBeZero: { 'host crashes': running.exit() ? 1 : 0, 'payments refused': refused.length, ...comparison.counts },
        info: {
          'payments per s': Math.round((done / seconds) * 10) / 10,
          'RSS before MB': Math.round(samples[0]!.mb),
          'RSS max MB': Math.round(Math.max(...samples.map((s) => s.mb))),
          'RSS after MB': Math.round(samples[samples.length - 1]!.mb),
          'growth MB (last tenth vs first tenth, medians)': Math.round((late - early) * 10) / 10,
        },
        examples: [...refused.slice(0, 10), ...comparison.examples],
      },
    ];
  } finally {
    await host?.stop();
    await platform.stop();
  }
}
