// Part 6: footprint. The JavaScript each window loads (cashier: index.html, customer display:
// display.html), raw and gzip; and the headless host's resident memory after opening the big
// operation log (the one the log part left, or one built here) and handling N payments (create on
// the local API, the customer pays, `payment.updated` validated), beside the same host on an
// empty log before any payment. The platform runs in the bench process (not in the host with
// --sandbox), so the host's memory is the companion's alone.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Operation } from '../../../electron/common/contract';
import { startSandbox, type RunningSandbox } from '../../../electron/sandbox/index';
import { payAsCustomer, sandboxAdmin } from '../../support/companion';
import { spawnCompanion, type CompanionProcess } from '../../support/companion-process';
import { DEMO } from '../../e2e/support/cashier-actions';
import { RENDERER_DIR, requireBuiltRenderer } from '../../e2e/support/built-renderer';
import { BENCH_WALLET } from '../bench-host';
import type { BenchContext } from '../context';
import { hostPid, residentMegabytes } from '../host-memory';
import { buildOperationLog } from '../log-fixture';
import { buildIsStale, windowScripts } from '../renderer-size';
import type { Figure } from '../stats';
import { openTimedEvents } from '../timed-events';

const ROOT = resolve(import.meta.dirname, '../../..');
const GOAL_KB = 200;

function scriptFigures(part: string, window: string, page: string, stale: boolean): Figure[] {
  const scripts = windowScripts(RENDERER_DIR, page);
  const files = `${scripts.files.join(' + ')}${scripts.lazyFiles.length ? `; loaded later: ${scripts.lazyFiles.join(', ')}` : ''}`;
  const gzipKb = scripts.gzipBytes / 1000;
  return [
    { part, name: `${window} JavaScript, raw`, unit: 'KB', value: scripts.rawBytes / 1000, note: files },
    {
      part,
      name: `${window} JavaScript, gzip`,
      unit: 'KB',
      value: gzipKb,
      goal: `≤ ${GOAL_KB} KB gzip`,
      met: gzipKb <= GOAL_KB,
      ...(stale ? { note: 'the build is older than renderer/ or electron/common/: run `npm run build` first' } : {}),
    },
  ];
}

/** Starts the host on `dataDir` against `platformUrl`, logs in, and hands it over; always stopped. */
async function withHost<T>(dataDir: string, platformUrl: string, work: (host: CompanionProcess, pid: number) => Promise<T>): Promise<T> {
  const host = await spawnCompanion({ dataDir, args: ['--platform-url', platformUrl] });
  try {
    const login = await host.call('session.login', DEMO);
    if (!login.body.ok) throw new Error(`session.login: ${JSON.stringify(login.body)}`);
    return await work(host, hostPid(dataDir));
  } finally {
    await host.stop();
  }
}

async function handlePayments(host: CompanionProcess, platformUrl: string, count: number, prefix: string): Promise<void> {
  const events = await openTimedEvents(host.url, host.token);
  try {
    for (let i = 0; i < count; i++) {
      const created = await host.call('payments.create', { amount: 500 + i, basketNumber: `${prefix}${String(i).padStart(4, '0')}` });
      if (!created.body.ok) throw new Error(`payments.create: ${JSON.stringify(created.body)}`);
      const operation = created.body.value as Operation;
      await payAsCustomer(platformUrl, operation.qrPayload!, operation.amountRequested, BENCH_WALLET);
      await events.waitFor((event) => event.event === 'payment.updated' && event.data?.id === operation.id && event.data?.status === 'validated');
    }
  } finally {
    events.close();
  }
}

export async function benchFootprint(ctx: BenchContext): Promise<Figure[]> {
  requireBuiltRenderer();
  const stale = buildIsStale(RENDERER_DIR, [join(ROOT, 'renderer'), join(ROOT, 'electron/common')]);
  const figures = [
    ...scriptFigures('footprint', 'cashier window', 'index.html', stale),
    ...scriptFigures('footprint', 'customer display window', 'display.html', stale),
  ];

  // The log part leaves its file in workDir/log; alone, this part builds one the same way.
  let logDir = join(ctx.workDir, 'log');
  if (!existsSync(join(logDir, 'operations.sqlite3'))) {
    logDir = join(ctx.workDir, 'footprint-log');
    ctx.progress(`footprint: building a log of ${ctx.sizes.logRows.toLocaleString('fr-FR')} operations…`);
    buildOperationLog(join(logDir, 'operations.sqlite3'), { operations: ctx.sizes.logRows, end: new Date() });
  }
  const emptyDir = join(ctx.workDir, 'footprint-empty');
  mkdirSync(emptyDir, { recursive: true });

  let sandbox: RunningSandbox | null = null;
  try {
    sandbox = await startSandbox({ port: 0, dbPath: join(ctx.workDir, 'footprint-platform.sqlite3') });
    const platformUrl = sandbox.url;
    await sandboxAdmin(platformUrl, '/sandbox/wallets', { walletId: BENCH_WALLET, balance: 1_000_000_000 });
    ctx.progress('footprint: the host on an empty log…');
    // The same payments on the empty log too, to tell the log's share from the heap's growth.
    const empty = await withHost(emptyDir, platformUrl, async (host, pid) => {
      const before = residentMegabytes(pid);
      await handlePayments(host, platformUrl, ctx.sizes.footprintPayments, 'EMPTY');
      return { before, after: residentMegabytes(pid) };
    });
    ctx.progress(`footprint: the host on the ${ctx.sizes.logRows.toLocaleString('fr-FR')}-row log, ${ctx.sizes.footprintPayments} payments…`);
    const { opened, after } = await withHost(logDir, platformUrl, async (host, pid) => {
      // What the cashier's screens read at once: "Mes opérations" and the day totals.
      for (const [channel, input] of [['operations.list', { limit: 50 }], ['operations.summary', {}]] as const) {
        const read = await host.call(channel, input);
        if (!read.body.ok) throw new Error(`${channel}: ${JSON.stringify(read.body)}`);
      }
      const opened = residentMegabytes(pid);
      await handlePayments(host, platformUrl, ctx.sizes.footprintPayments, 'MEM');
      return { opened, after: residentMegabytes(pid) };
    });
    figures.push({
      part: 'footprint',
      name: `headless host memory (RSS), ${ctx.sizes.logRows.toLocaleString('en-US')}-row log, after ${ctx.sizes.footprintPayments} payments`,
      unit: 'MB',
      value: after,
      baseline: { name: 'empty log, before any payment', value: empty.before },
      note:
        `${opened.toFixed(0)} MB once the log is open and its first page and day totals read, before any payment; ` +
        `the empty log after the same ${ctx.sizes.footprintPayments} payments: ${empty.after.toFixed(0)} MB`,
    });
  } finally {
    await sandbox?.close();
  }
  return figures;
}
