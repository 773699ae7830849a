// Part: the headless host's memory over a long day. N payments, each created on the local API and
// paid in full by the customer (the sandbox's wallet API), its `payment.updated` validated awaited
// on the event stream; four tills' worth at a time. The host's resident memory (VmRSS) is read
// before the first payment and after every `memorySampleEvery` payments; its growth after the
// warm-up is the figure (JIT, caches and the SQLite page cache fill during the warm-up). The
// platform runs in the bench process (the host is given its URL), so the memory is the
// companion's own. Then the same load on the core and its local API in a process of their own
// started with --expose-gc (memory-child.ts): the live heap after a full collection, which is what
// a leak would grow, apart from how lazily V8 collects what is already garbage. Both curves are
// written as an SVG next to the JSON results.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createParser } from 'eventsource-parser';
import type { Operation } from '../../../electron/common/contract';
import { startSandbox, type RunningSandbox } from '../../../electron/sandbox/index';
import { payAsCustomer, sandboxAdmin } from '../../support/companion';
import { spawnCompanion, type CompanionProcess } from '../../support/companion-process';
import { DEMO } from '../../e2e/support/cashier-actions';
import { BENCH_WALLET } from '../bench-host';
import type { BenchContext } from '../context';
import { hostPid, residentMegabytes } from '../host-memory';
import { distribution, type Figure } from '../stats';
import { linePlot } from '../svg-plot';

const ROOT = resolve(import.meta.dirname, '../../..');
const GROWTH_GOAL_MB = 10;
const AT_ONCE = 4;
const VALIDATED_WITHIN_MS = 30_000;

/** `payment.updated` validated, per operation id, from the host's event stream. */
async function watchValidated(host: CompanionProcess): Promise<{ validated(id: string): Promise<void>; close(): void }> {
  const abort = new AbortController();
  const response = await fetch(`${host.url}/api/events`, { headers: { authorization: `Bearer ${host.token}` }, signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`/api/events: HTTP ${response.status}`);
  const seen = new Set<string>();
  const waiting = new Map<string, () => void>();
  const parser = createParser({
    onEvent(message) {
      if (message.event !== 'payment.updated') return;
      const operation = JSON.parse(message.data) as Operation;
      if (operation.status !== 'validated') return;
      const resolve = waiting.get(operation.id);
      if (resolve) {
        waiting.delete(operation.id);
        resolve();
      } else {
        seen.add(operation.id);
      }
    },
  });
  const body = response.body;
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    } catch {
      // closed
    }
  })();
  return {
    validated(id) {
      if (seen.delete(id)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`payment ${id} not announced validated within ${VALIDATED_WITHIN_MS} ms`));
        }, VALIDATED_WITHIN_MS);
        waiting.set(id, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    close: () => abort.abort(),
  };
}

export async function benchMemory(ctx: BenchContext): Promise<Figure[]> {
  const payments = ctx.sizes.memoryPayments;
  const every = ctx.sizes.memorySampleEvery;
  const warmup = Math.max(every, Math.floor(payments / 10 / every) * every);
  let sandbox: RunningSandbox | null = null;
  let host: CompanionProcess | null = null;
  const samples: Array<{ payments: number; rss: number }> = [];
  const paymentMs: number[] = [];
  try {
    sandbox = await startSandbox({ port: 0 });
    const platformUrl = sandbox.url;
    await sandboxAdmin(platformUrl, '/sandbox/wallets', { walletId: BENCH_WALLET, balance: 1_000_000_000 });
    const dataDir = join(ctx.workDir, 'memory');
    host = await spawnCompanion({ dataDir, args: ['--platform-url', platformUrl], bundled: true });
    const running = host;
    const login = await running.call('session.login', DEMO);
    if (!login.body.ok) throw new Error(`session.login: ${JSON.stringify(login.body)}`);
    const pid = hostPid(dataDir);
    const events = await watchValidated(running);
    try {
      samples.push({ payments: 0, rss: residentMegabytes(pid) });
      let next = 0;
      let done = 0;
      const till = async () => {
        for (let i = next++; i < payments; i = next++) {
          const started = performance.now();
          const created = await running.call('payments.create', { amount: 100 + (i % 9_000), basketNumber: `MEM${String(i).padStart(6, '0')}` });
          if (!created.body.ok) throw new Error(`payments.create: ${JSON.stringify(created.body)}`);
          const operation = created.body.value as Operation;
          const validated = events.validated(operation.id);
          await payAsCustomer(platformUrl, operation.qrPayload!, operation.amountRequested, BENCH_WALLET);
          await validated;
          paymentMs.push(performance.now() - started);
          done += 1;
          if (done % every === 0) {
            samples.push({ payments: done, rss: residentMegabytes(pid) });
            if (done % (every * 4) === 0) ctx.progress(`memory: ${done}/${payments} payments, ${samples.at(-1)!.rss.toFixed(0)} MB`);
          }
        }
      };
      await Promise.all(Array.from({ length: AT_ONCE }, till));
    } finally {
      events.close();
    }
  } finally {
    await host?.stop();
    await sandbox?.close();
  }

  ctx.progress('memory: the live heap, the same load in a process started with --expose-gc…');
  const heapPlatform = await startSandbox({ port: 0 });
  let heap: Array<{ payments: number; heapMb: number; rssMb: number }>;
  try {
    await sandboxAdmin(heapPlatform.url, '/sandbox/wallets', { walletId: BENCH_WALLET, balance: 1_000_000_000 });
    // Asynchronous: the platform it pays on runs in this very process.
    const { stdout: output } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'tests/bench/memory-child.ts', heapPlatform.url, join(ctx.workDir, 'memory-heap'), String(payments), String(every), BENCH_WALLET],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' }, maxBuffer: 16 * 1024 * 1024 },
    );
    heap = JSON.parse(output.trim().split('\n').pop()!);
  } finally {
    await heapPlatform.close();
  }
  const heapAtWarmup = heap.find((sample) => sample.payments === warmup) ?? heap[0]!;
  const heapGrowth = heap[heap.length - 1]!.heapMb - heapAtWarmup.heapMb;

  const atWarmup = samples.find((sample) => sample.payments === warmup) ?? samples[0]!;
  const after = samples.filter((sample) => sample.payments >= warmup);
  const last = samples[samples.length - 1]!;
  const growth = last.rss - atWarmup.rss;
  const peak = Math.max(...after.map((sample) => sample.rss));
  const part = `memory (${payments.toLocaleString('en-US')} payments)`;
  const pace = distribution(paymentMs);
  const curve = samples.map((sample) => `${sample.payments}:${sample.rss.toFixed(1)}`).join(' ');
  if (ctx.results) {
    const svg = linePlot({
      title: `Headless host memory over ${payments.toLocaleString('en-US')} payments (create + pay)`,
      xLabel: 'payments handled',
      yLabel: 'MB',
      series: [
        { label: 'host RSS', color: '#1f5fa8', points: samples.map((sample) => ({ x: sample.payments, y: sample.rss })) },
        { label: 'live heap after a full GC (core + local API, own process)', color: '#2e8b57', points: heap.map((sample) => ({ x: sample.payments, y: sample.heapMb })) },
      ],
      shadeUntil: { x: warmup, label: 'warm-up' },
      limit: { y: atWarmup.rss + GROWTH_GOAL_MB, label: `warm-up + ${GROWTH_GOAL_MB} MB` },
    });
    writeFileSync(join(ctx.results.dir, `${ctx.results.prefix}-memory.svg`), svg);
    writeFileSync(join(ctx.results.dir, `latest-${ctx.mode}-memory.svg`), svg);
  }
  return [
    {
      part,
      name: `host RSS growth after the warm-up (${warmup.toLocaleString('en-US')} payments)`,
      unit: 'MB',
      value: growth,
      goal: `≤ ${GROWTH_GOAL_MB} MB`,
      met: growth <= GROWTH_GOAL_MB,
      note:
        `${atWarmup.rss.toFixed(1)} MB at the end of the warm-up; RSS every ${every} payments (payments:MB): ${curve}; peak after the warm-up ${peak.toFixed(1)} MB; ` +
        `one payment (create → validated announced, ${AT_ONCE} at a time) p50 ${pace.p50.toFixed(0)} / p95 ${pace.p95.toFixed(0)} ms` +
        (ctx.results ? `; plotted in tests/bench/results/${ctx.results.prefix}-memory.svg` : ''),
    },
    {
      part,
      name: `live heap after a full GC, growth after the warm-up (core + local API, --expose-gc)`,
      unit: 'MB',
      value: heapGrowth,
      note: `${heapAtWarmup.heapMb.toFixed(1)} MB at the end of the warm-up; live heap every ${every} payments (payments:MB): ${heap.map((sample) => `${sample.payments}:${sample.heapMb.toFixed(1)}`).join(' ')}`,
    },
  ];
}
