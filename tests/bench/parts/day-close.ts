// The day close at scale, on the same seeded log as the operation-log part (N operations over
// three years): « Clôture de journée » of one day and of a year through the contract, each
// beside the very same SQL run raw on better-sqlite3; then the accountant's CSV of the whole log,
// exported in a process of its own (rows per second, peak memory growth), beside Debian's
// `sqlite3 -csv` running the export's own query on the same file.
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Result } from '../../../electron/common/contract';
import { parisDay } from '../../../electron/common/dates';
import { createCompanion } from '../../../electron/core/companion';
import { silentLogger } from '../../../electron/core/logger';
import { CSV_EXPORT_SQL } from '../../../electron/core/reports/csv-export';
import { periodRange, reportStatements } from '../../../electron/core/reports/day-report';
import { LATEST_CONVENTION_SQL } from '../../../electron/core/reports/report-service';
import { MemorySecretStore, MemorySettingsStore } from '../../../electron/core/stores';
import { sandboxPlatform } from '../../support/companion';
import type { BenchContext } from '../context';
import { buildOperationLog } from '../log-fixture';
import { distribution, type Distribution, type Figure } from '../stats';

const ROOT = resolve(import.meta.dirname, '../../..');

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`bench call failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** The app's call and the raw SQL, interleaved so both see the same cache and the same noise. */
async function timePair(app: () => Promise<unknown>, raw: () => unknown, n: number, warmup: number): Promise<{ app: number[]; raw: number[] }> {
  for (let i = 0; i < warmup; i++) {
    await app();
    raw();
  }
  const samples = { app: [] as number[], raw: [] as number[] };
  for (let i = 0; i < n; i++) {
    const order = i % 2 === 0 ? (['app', 'raw'] as const) : (['raw', 'app'] as const);
    for (const which of order) {
      const start = performance.now();
      if (which === 'app') await app();
      else raw();
      samples[which].push(performance.now() - start);
    }
  }
  return samples;
}

function withGoal(figure: Figure, limitMs: number): Figure {
  const p95 = (figure.value as Distribution).p95;
  const base = (figure.baseline!.value as Distribution).p95;
  figure.goal = `p95 ≤ ${limitMs} ms, ≤ 1.5× raw`;
  figure.met = p95 <= limitMs && p95 <= base * 1.5;
  return figure;
}

function sqliteCli(): string {
  const found = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error('the CSV baseline needs Debian\'s sqlite3 command (apt-get install -y sqlite3)');
  return 'sqlite3';
}

/** The export's query with its two bounds written in, for the sqlite3 command line. */
function literalSql(sql: string, start: string, end: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `'${[start, end][index++]}'`);
}

export async function benchDayClose(ctx: BenchContext): Promise<Figure[]> {
  const rows = ctx.sizes.logRows;
  const dataDir = join(ctx.workDir, 'day-close');
  const file = join(dataDir, 'operations.sqlite3');
  ctx.progress(`building a log of ${rows.toLocaleString('fr-FR')} operations…`);
  const info = buildOperationLog(file, { operations: rows, end: new Date() });
  const part = `day close (${rows.toLocaleString('en-US')} rows)`;
  const n = Math.max(3, Math.floor(ctx.sizes.queryRuns / 3));
  const figures: Figure[] = [];

  const companion = await createCompanion({
    dataDir,
    platform: sandboxPlatform('http://127.0.0.1:9', { kind: 'api-v1' }),
    secretStore: new MemorySecretStore(),
    settingsStore: new MemorySettingsStore(),
    log: silentLogger,
  });
  const raw = new Database(file, { readonly: true });
  try {
    const lastDay = parisDay(info.to);
    const yearAgo = parisDay(new Date(Date.parse(info.to) - 364 * 86_400_000));
    for (const [name, period, limit, runs] of [
      ['report of one day', { from: info.sampleDay, to: info.sampleDay }, 50, n],
      ['report of a year', { from: yearAgo, to: lastDay }, 500, Math.max(3, Math.floor(n / 4))],
    ] as const) {
      ctx.progress(`« Clôture de journée »: ${name}…`);
      const { start, end, days } = periodRange(period);
      const statements = reportStatements(days).map((sql) => raw.prepare(sql));
      const convention = raw.prepare(LATEST_CONVENTION_SQL);
      const report = expectOk(await companion.invoke('report.day', period));
      const samples = await timePair(
        () => companion.invoke('report.day', period),
        () => {
          for (const statement of statements) statement.all(start, end);
          convention.get();
        },
        runs,
        Math.min(5, runs),
      );
      figures.push(
        withGoal(
          {
            part,
            name,
            unit: 'ms',
            value: distribution(samples.app),
            baseline: { name: 'the same SQL raw', value: distribution(samples.raw) },
            note: `${period.from} → ${period.to}: ${report.requests.total.count + report.requests.refused.count} requests, ${report.baskets.count} baskets`,
          },
          limit,
        ),
      );
    }
  } finally {
    raw.close();
    await companion.close();
  }

  // The whole log as the accountant's CSV, in a child process (its memory is its own).
  const period = { from: parisDay(info.from), to: parisDay(info.to) };
  const { start, end } = periodRange(period);
  const exportRuns = ctx.mode === 'full' ? 3 : ctx.mode === 'quick' ? 2 : 1;
  const app: Array<{ rows: number; seconds: number; cpuSeconds: number; peakGrowthMb: number }> = [];
  for (let i = 0; i < exportRuns; i++) {
    ctx.progress(`CSV export ${i + 1}/${exportRuns}…`);
    const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/bench/csv-export-child.ts', dataDir, period.from, period.to, join(ctx.workDir, 'export.csv')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      maxBuffer: 1024 * 1024,
    });
    app.push(JSON.parse(output.trim().split('\n').pop()!));
  }
  const cli = sqliteCli();
  const baseline: number[] = [];
  const query = literalSql(CSV_EXPORT_SQL, start, end);
  const rawOut = join(ctx.workDir, 'export-sqlite3.csv');
  for (let i = 0; i < exportRuns; i++) {
    ctx.progress(`sqlite3 -csv ${i + 1}/${exportRuns}…`);
    const started = performance.now();
    execFileSync('sh', ['-c', `${cli} -csv -readonly "$0" "$1" > "$2"`, file, query, rawOut]);
    baseline.push((performance.now() - started) / 1000);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const exported = app[0]!.rows;
  if (exported !== rows) throw new Error(`the CSV has ${exported} rows, the log ${rows}`);
  const seconds = median(app.map((run) => run.seconds));
  const rowsPerSecond = rows / seconds;
  const rowsPerCpuSecond = median(app.map((run) => run.rows / run.cpuSeconds));
  // Timed as a whole export, so that lower is better like every other figure; the goal is the
  // issue's throughput.
  figures.push({
    part,
    name: `CSV export of ${rows.toLocaleString('en-US')} rows (streamed to a file)`,
    unit: 's',
    value: seconds,
    baseline: { name: 'sqlite3 -csv, same query', value: median(baseline) },
    goal: '≥ 200 000 rows/s',
    met: rowsPerSecond >= 200_000,
    note: `median of ${exportRuns}: ${Math.round(rowsPerSecond).toLocaleString('en-US')} rows/s (sqlite3 -csv: ${Math.round(rows / median(baseline)).toLocaleString('en-US')} rows/s); ${Math.round(rowsPerCpuSecond).toLocaleString('en-US')} rows per CPU second of the exporting process; ${(statSync(join(ctx.workDir, 'export.csv')).size / 1e6).toFixed(0)} MB of CSV`,
  });
  const peak = Math.max(...app.map((run) => run.peakGrowthMb));
  figures.push({
    part,
    name: `CSV export of ${rows.toLocaleString('en-US')} rows: peak RSS growth`,
    unit: 'MB',
    value: peak,
    goal: '≤ 50 MB',
    met: peak <= 50,
    note: 'VmHWM during the export minus RSS before it, worst run',
  });
  return figures;
}
