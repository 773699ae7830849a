// Part 4: start-up reconciliation of N unsettled operations (a mix of `creating` and `pending`;
// some paid, some expired, some never sent, some created on the platform without the answer
// ever coming back), against the real sandbox: the time until all are settled, and the count
// of wrong or duplicate results (must be 0).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Operation } from '../../../electron/common/contract';
import { createCompanion, DEFAULT_TIMING, type CoreCompanion } from '../../../electron/core/companion';
import { insertIntent } from '../../../electron/core/db/operation-log';
import { openDatabase } from '../../../electron/core/db/open';
import { silentLogger } from '../../../electron/core/logger';
import { MemorySecretStore, MemorySettingsStore } from '../../../electron/core/stores';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER } from '../../../electron/sandbox/index';
import { sandboxPlatform } from '../../support/companion';
import { spawnSandbox } from '../../support/sandbox-process';
import type { BenchContext } from '../context';
import type { Figure } from '../stats';

/** Long enough to create and pay every pending request before the first ones expire. */
function expirySecondsFor(pending: number): number {
  return Math.max(4, Math.ceil(pending / 40));
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await response.json().catch(() => null)) as any;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

export async function benchReconciliation(ctx: BenchContext): Promise<Figure[]> {
  const total = ctx.sizes.reconcileOperations;
  const dataDir = join(ctx.workDir, 'reconcile');
  const pendingCount = Math.round(total * 0.6);
  const creatingCount = total - pendingCount;
  // The platform in its own process, as in real life: sharing the companion's thread would
  // count the platform's work as the companion's.
  const sandbox = await spawnSandbox([
    '--db',
    join(ctx.workDir, 'reconcile-platform.sqlite3'),
    '--expiry-seconds',
    String(expirySecondsFor(pendingCount)),
  ]);
  const secrets = new MemorySecretStore();
  const open = () =>
    createCompanion({
      dataDir,
      // The companion's own timings, as the app runs.
      platform: sandboxPlatform(sandbox.url, { timing: DEFAULT_TIMING }),
      secretStore: secrets,
      settingsStore: new MemorySettingsStore(),
      log: silentLogger,
    });
  try {
    // Shape of the log: 60 % pending (half paid while the app was down, half expired meanwhile),
    // 40 % creating (half never reached the platform, half created there without an answer).
    ctx.progress(`preparing ${total} unsettled operations…`);
    let companion: CoreCompanion = await open();
    const login = await companion.invoke('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD });
    if (!login.ok) throw new Error(login.error.message);
    const pending: Operation[] = [];
    await inBatches(Array.from({ length: pendingCount }, (_, i) => i), 16, async (i) => {
      const r = await companion.invoke('payments.create', { amount: 1000 + i, basketNumber: `PEND-${i}` });
      if (!r.ok) throw new Error(r.error.message);
      pending.push(r.value);
    });
    const expiresAt = Math.max(...pending.map((op) => Date.parse(op.expiresAt!)));
    await companion.close();

    // While the app is down: customers pay half of the pending requests; the others expire.
    await post(`${sandbox.url}/sandbox/wallets`, { walletId: 'demo-wallet-1', balance: 100_000_000 });
    const paid = pending.slice(0, Math.floor(pending.length / 2));
    await inBatches(paid, 16, (op) => post(`${sandbox.url}/v1/wallet/payments`, { qrPayload: op.qrPayload, walletId: 'demo-wallet-1', amount: op.amountRequested }));
    ctx.progress('waiting for the sandbox to expire requests…');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now() + 600)));

    // Creates cut short (after the wait, so those that reached the platform are still payable
    // there): intents in the log; half of them made it to the platform.
    const db = openDatabase(join(dataDir, 'operations.sqlite3'));
    const token = (await post(`${sandbox.url}/v1/auth/login`, { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD })).accessToken as string;
    const reached: string[] = [];
    const neverReached: string[] = [];
    await inBatches(Array.from({ length: creatingCount }, (_, i) => i), 16, async (i) => {
      const basketNumber = `CUT-${i}`;
      const id = `cut-${i}`;
      insertIntent(db, {
        id, idempotencyKey: `key-cut-${i}`, conventionNumber: DEMO_CONVENTION_NUMBER, basketNumber, amountRequested: 3000 + i,
        label: null, customerReference: null, sellerId: null, followUpOf: null, tillId: 'caisse-1', origin: 'cashier', at: new Date().toISOString(),
      });
      if (i % 2 === 0) {
        await post(`${sandbox.url}/v1/payment-requests`, { amount: 3000 + i, basketNumber }, { authorization: `Bearer ${token}`, 'idempotency-key': `key-cut-${i}` });
        reached.push(id);
      } else neverReached.push(id);
    });
    db.close();

    ctx.progress('restarting the companion: reconciliation…');
    const start = performance.now();
    companion = await open();
    const report = await companion.startupReconciliation;
    const seconds = (performance.now() - start) / 1000;
    await companion.close();

    // Check every result against the platform's truth.
    const log = new Database(join(dataDir, 'operations.sqlite3'), { readonly: true });
    const rows = log.prepare('SELECT id, basket_number, platform_id, status, amount_received_cents, failure_code FROM operations').all() as Array<{
      id: string; basket_number: string; platform_id: string | null; status: string; amount_received_cents: number; failure_code: string | null;
    }>;
    log.close();
    let wrong = 0;
    const platformIds = new Set<string>();
    let duplicates = 0;
    for (const row of rows) {
      if (row.platform_id) {
        if (platformIds.has(row.platform_id)) duplicates++;
        platformIds.add(row.platform_id);
        const response = await fetch(`${sandbox.url}/v1/payment-requests/${row.platform_id}`, { headers: { authorization: `Bearer ${token}` } });
        const truth = (await response.json()) as { status: string; amountReceived: number };
        if (truth.status !== row.status || truth.amountReceived !== row.amount_received_cents) wrong++;
      }
      if (neverReached.includes(row.id) && (row.status !== 'failed' || row.failure_code !== 'never_reached')) wrong++;
      if (reached.includes(row.id) && row.status !== 'cancelled') wrong++;
      if (row.status === 'creating' || row.status === 'pending') wrong++;
    }
    const errors = wrong + duplicates + (report?.errors ?? 1);
    const part = `reconciliation (${total} unsettled)`;
    return [
      {
        part,
        name: 'start-up until all settled',
        unit: 's',
        value: seconds,
        goal: '≤ 2 s',
        met: seconds <= 2,
        note: `${paid.length} paid and ${pending.length - paid.length} expired meanwhile, ${reached.length} orphans cancelled, ${neverReached.length} never reached`,
      },
      { part, name: 'wrong or duplicate results', unit: 'count', value: errors, goal: '0', met: errors === 0 },
    ];
  } finally {
    await sandbox.stop();
  }
}
