// Part 3: the operation log at scale. A seeded log of N operations with their history, then the
// operations list (each status filter, basket search, date range, next page), the day totals,
// inserts as the app does them, and opening the file — each beside the same SQL run straight on
// better-sqlite3 against the same file.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { StatusFilter, type Result } from '../../../electron/common/contract';
import { parisDayRange } from '../../../electron/common/dates';
import { createCompanion } from '../../../electron/core/companion';
import { openDatabase } from '../../../electron/core/db/open';
import {
  insertIntent,
  listQuerySql,
  recordPlatformState,
  verifyOperationLog,
  type ListQuery,
} from '../../../electron/core/db/operation-log';
import { silentLogger } from '../../../electron/core/logger';
import { BASKET_FOLLOW_UPS_SQL, requestGroupsSql } from '../../../electron/core/reports/day-report';
import { remaindersByMeansSql } from '../../../electron/core/reports/report-hooks';
import { fromApiV1 } from '../../../electron/core/platform/sandbox-gateway';
import { MemorySecretStore, MemorySettingsStore } from '../../../electron/core/stores';
import { sandboxPlatform } from '../../support/companion';
import { buildOperationLog } from '../log-fixture';
import { distribution, timeSync, type Figure } from '../stats';
import type { BenchContext } from '../context';

/** The app's own SQL for a list query, prepared and run straight on better-sqlite3. */
function rawList(raw: Database.Database, query: ListQuery): () => unknown {
  const { sql, params } = listQuerySql(query);
  const statement = raw.prepare(sql);
  // As fast as better-sqlite3 goes: nothing bound when the SQL has no parameter.
  if (Object.keys(params).length === 0) return () => statement.all();
  return () => statement.all(params);
}

/**
 * Times the app's call and the same SQL run raw, interleaved (alternating which goes first), so
 * both see the same page cache and the same machine noise: running one loop after the other
 * would hand the second a cache the first warmed.
 */
async function timePair(app: () => Promise<unknown>, raw: () => unknown, n: number): Promise<{ app: number[]; raw: number[] }> {
  for (let i = 0; i < Math.min(20, n); i++) {
    await app();
    raw();
  }
  const samples = { app: [] as number[], raw: [] as number[] };
  const timeApp = async () => {
    const start = performance.now();
    await app();
    samples.app.push(performance.now() - start);
  };
  const timeRaw = () => {
    const start = performance.now();
    raw();
    samples.raw.push(performance.now() - start);
  };
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      await timeApp();
      timeRaw();
    } else {
      timeRaw();
      await timeApp();
    }
  }
  return samples;
}

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`bench call failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

export async function benchOperationLog(ctx: BenchContext): Promise<Figure[]> {
  const rows = ctx.sizes.logRows;
  const dataDir = join(ctx.workDir, 'log');
  const file = join(dataDir, 'operations.sqlite3');
  ctx.progress(`building a log of ${rows.toLocaleString('fr-FR')} operations…`);
  const buildStart = performance.now();
  const info = buildOperationLog(file, { operations: rows, end: new Date() });
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const figures: Figure[] = [];
  const part = `log (${rows.toLocaleString('en-US')} rows)`;
  const n = ctx.sizes.queryRuns;
  const pages = ctx.sizes.pageRuns;
  /** First pages: the contract call costs at most a fifth of the SQL under it. */
  const goalPage = (f: Figure, ratio = 1.2) => {
    const value = f.value as { p95: number };
    const base = f.baseline!.value as { p95: number };
    f.goal = `≤ 5 ms, ≤ ${ratio}× raw`;
    f.met = value.p95 <= 5 && value.p95 <= base.p95 * ratio;
    return f;
  };

  figures.push({ part, name: 'file size', unit: 'MB', value: statSync(file).size / 1e6, note: `${info.events} history rows; built in ${buildSeconds.toFixed(0)} s` });

  // Opening: pragmas, the migrations check and the file's validation, as the app does at start.
  const openSamples = timeSync(() => {
    const db = openDatabase(file);
    verifyOperationLog(db);
    db.close();
  }, Math.max(5, Math.floor(n / 10)));
  const rawOpen = timeSync(() => new Database(file).close(), Math.max(5, Math.floor(n / 10)));
  figures.push({ part, name: 'open (migrations check included)', unit: 'ms', value: distribution(openSamples), baseline: { name: 'raw open', value: distribution(rawOpen) } });

  const companion = await createCompanion({
    dataDir,
    platform: sandboxPlatform('http://127.0.0.1:9', { kind: 'api-v1' }),
    secretStore: new MemorySecretStore(),
    settingsStore: new MemorySettingsStore(),
    log: silentLogger,
  });
  const raw = new Database(file, { readonly: true });
  try {
    for (const status of StatusFilter.options) {
      const { app, raw: base } = await timePair(() => companion.invoke('operations.list', { status, limit: 50 }), rawList(raw, { status, limit: 50 }), pages);
      figures.push(goalPage({ part, name: `first page, ${status}`, unit: 'ms', value: distribution(app), baseline: { name: 'raw SQL', value: distribution(base) } }));
    }

    const basket = info.sampleBasket;
    const { app: appBasket, raw: baseBasket } = await timePair(
      () => companion.invoke('operations.list', { query: basket, limit: 50 }),
      rawList(raw, { status: 'all', query: basket, limit: 50 }),
      pages,
    );
    figures.push(goalPage({ part, name: `first page, basket search "${basket}"`, unit: 'ms', value: distribution(appBasket), baseline: { name: 'raw SQL', value: distribution(baseBasket) }, note: 'basket-number prefix (index) united with a text search of labels, references and seller ids (trigram index)' }));

    const { from } = parisDayRange(info.sampleDay);
    const to = new Date(Date.parse(from) + 31 * 86_400_000).toISOString();
    const { app: appRange, raw: baseRange } = await timePair(
      () => companion.invoke('operations.list', { from, to, limit: 50 }),
      rawList(raw, { status: 'all', from, to, limit: 50 }),
      pages,
    );
    figures.push(goalPage({ part, name: 'first page, one month', unit: 'ms', value: distribution(appRange), baseline: { name: 'raw SQL', value: distribution(baseRange) } }));

    const first = expectOk(await companion.invoke('operations.list', { status: 'validated', limit: 50 }));
    const cursor = first.nextCursor!;
    const { app: appNext, raw: baseNext } = await timePair(
      () => companion.invoke('operations.list', { status: 'validated', limit: 50, cursor }),
      rawList(raw, { status: 'validated', limit: 50, cursor }),
      n,
    );
    figures.push(goalPage({ part, name: 'next page (keyset), validated', unit: 'ms', value: distribution(appNext), baseline: { name: 'raw SQL', value: distribution(baseNext) } }, 1.5));

    const day = parisDayRange(info.sampleDay);
    // The day's true totals read the day's requests grouped, its baskets' follow-ups, and the
    // remainders collected another way.
    const rawGroups = raw.prepare(requestGroupsSql(false));
    const rawFollowUps = raw.prepare(BASKET_FOLLOW_UPS_SQL);
    const rawRemainders = raw.prepare(remaindersByMeansSql());
    const { app: appTotals, raw: baseTotals } = await timePair(
      () => companion.invoke('operations.summary', { day: info.sampleDay }),
      () => [rawGroups.all(day.from, day.to), rawFollowUps.all(day.from, day.to), rawRemainders.all(day.from, day.to)],
      n,
    );
    const totals: Figure = { part, name: 'day totals', unit: 'ms', value: distribution(appTotals), baseline: { name: 'raw SQL', value: distribution(baseTotals) } };
    totals.goal = '≤ 20 ms, ≤ 1.5× raw';
    totals.met = (totals.value as { p95: number }).p95 <= 20 && (totals.value as { p95: number }).p95 <= distribution(baseTotals).p95 * 1.5;
    figures.push(totals);
  } finally {
    raw.close();
    await companion.close();
  }

  // Inserts one transaction each, as the app writes them: the intent, then the platform's answer.
  const db = openDatabase(file);
  try {
    const inserts = ctx.sizes.insertRuns;
    const app: number[] = [];
    for (let i = 0; i < inserts; i++) {
      const start = performance.now();
      const id = `bench-${i}-${Date.now()}`;
      const at = new Date().toISOString();
      insertIntent(db, {
        id,
        idempotencyKey: `key-${id}`,
        conventionNumber: '643736001001',
        basketNumber: `BENCH${i}`,
        amountRequested: 2000,
        label: null,
        customerReference: null,
        sellerId: null,
        followUpOf: null,
        tillId: 'caisse-1',
        origin: 'cashier',
        at,
      });
      recordPlatformState(
        db,
        id,
        fromApiV1({
          id: `pr-${id}`,
          basketNumber: `BENCH${i}`,
          amountRequested: 2000,
          amountReceived: 0,
          currency: 'EUR',
          status: 'pending',
          label: null,
          customerReference: null,
          sellerId: null,
          qrPayload: `http://127.0.0.1/wallet?qr=${id}`,
          createdAt: at,
          updatedAt: at,
          expiresAt: at,
        }),
        'local',
        at,
      );
      app.push(performance.now() - start);
    }
    const rawInsert = db.prepare(
      `INSERT INTO operations (id, idempotency_key, convention_number, basket_number, amount_requested_cents, status, till_id, origin, created_at, updated_at)
       VALUES (?, ?, '643736001001', ?, 2000, 'creating', 'caisse-1', 'cashier', ?, ?)`,
    );
    const base: number[] = [];
    for (let i = 0; i < inserts; i++) {
      const start = performance.now();
      const id = `raw-${i}-${Date.now()}`;
      const at = new Date().toISOString();
      db.transaction(() => rawInsert.run(id, `key-${id}`, `RAW${i}`, at, at))();
      base.push(performance.now() - start);
    }
    figures.push({
      part,
      name: 'create as the app writes it (intent + answer, 2 transactions, synchronous=FULL)',
      unit: 'ms',
      value: distribution(app),
      baseline: { name: 'one raw INSERT transaction', value: distribution(base) },
      note: 'two fsync-ed commits plus history and text index rows against one bare row: the durability the log promises',
    });
  } finally {
    db.close();
  }
  return figures;
}
