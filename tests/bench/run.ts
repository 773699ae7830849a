// `npm run bench`: what a till needs to be fast, measured beside a baseline from the same run.
//   npm run bench                  the full run (1 000 000-row log; under fifteen minutes on 2 cores)
//   npm run bench -- --quick       a shorter run (under two minutes)
//   npm run bench -- --only log,reconcile
//   npm run bench -- --markdown     the table as Markdown (for the README)
// Prints a table, writes it as JSON in tests/bench/results/ (git-ignored).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SIZES, type BenchContext, type BenchMode } from './context';
import { PARTS, type PartName } from './parts';
import { markdownTable, renderTable, type Figure } from './stats';

export interface BenchRun {
  mode: BenchMode;
  machine: string;
  startedAt: string;
  seconds: number;
  figures: Figure[];
}

export const RESULTS_DIR = resolve(import.meta.dirname, 'results');

export async function runBench(options: { mode: BenchMode; only?: PartName[]; quiet?: boolean; writeResults?: boolean }): Promise<BenchRun> {
  const workDir = mkdtempSync(join(tmpdir(), 'cvc-bench-'));
  const started = performance.now();
  const startedAt = new Date().toISOString();
  if (options.writeResults) mkdirSync(RESULTS_DIR, { recursive: true });
  const ctx: BenchContext = {
    mode: options.mode,
    sizes: SIZES[options.mode],
    workDir,
    shared: {},
    ...(options.writeResults ? { results: { dir: RESULTS_DIR, prefix: `${startedAt.replace(/[:.]/g, '-')}-${options.mode}` } } : {}),
    progress: (message) => {
      if (!options.quiet) console.error(`  … ${message}`);
    },
  };
  const figures: Figure[] = [];
  try {
    for (const [name, part] of Object.entries(PARTS) as Array<[PartName, (typeof PARTS)[PartName]]>) {
      if (options.only && !options.only.includes(name)) continue;
      if (!options.quiet) console.error(`• ${name}`);
      figures.push(...(await part(ctx)));
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return {
    mode: options.mode,
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`,
    startedAt,
    seconds: (performance.now() - started) / 1000,
    figures,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, smoke: { type: 'boolean' }, only: { type: 'string' }, markdown: { type: 'boolean' } },
    strict: true,
  });
  const mode: BenchMode = values.smoke ? 'smoke' : values.quick ? 'quick' : 'full';
  const only = values.only?.split(',').map((s) => s.trim()) as PartName[] | undefined;
  for (const name of only ?? []) {
    if (!(name in PARTS)) throw new Error(`unknown part "${name}"; parts: ${Object.keys(PARTS).join(', ')}`);
  }
  const run = await runBench({ mode, writeResults: true, ...(only ? { only } : {}) });
  console.log(`\nnpm run bench${mode === 'full' ? '' : ` -- --${mode}`}${only ? ` --only ${only.join(',')}` : ''} — ${run.machine} — ${run.seconds.toFixed(0)} s\n`);
  console.log(values.markdown ? markdownTable(run.figures) : renderTable(run.figures));
  for (const figure of run.figures) if (figure.note) console.log(`  · ${figure.part}: ${figure.name} — ${figure.note}`);
  const out = RESULTS_DIR;
  mkdirSync(out, { recursive: true });
  const json = JSON.stringify(run, null, 2);
  writeFileSync(join(out, `${run.startedAt.replace(/[:.]/g, '-')}-${mode}.json`), json);
  writeFileSync(join(out, `latest-${mode}.json`), json);
  const missed = run.figures.filter((f) => f.met === false);
  console.log(missed.length ? `\n${missed.length} figure(s) miss their goal.` : '\nEvery figure with a goal meets it.');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
