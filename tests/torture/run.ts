// `npm run torture`: the companion on a bad day, measured. Kills, a misbehaving network, fuzzed
// inputs, floods, broken disks, a long soak and a search for leaked secrets; every count that
// must be 0 is checked, and the run exits non-zero when one is not.
//   npm run torture                                  the full run (default sizes, a random seed, printed)
//   npm run torture -- --seed 42 --cycles 20         reproduce a run, fewer kill cycles
//   npm run torture -- --only kill,storage           some parts only
//   npm run torture -- --smoke                       the short run `npm test` makes
// Prints a table, writes it as JSON in tests/torture/results/ (git-ignored).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { abandon } from './children';
import { unmount } from './files';
import { markdownTable, renderTable, verdictOf, failuresOf, type Check } from './checks';
import { newRegistry, SIZES, type TortureContext, type TortureMode, type TortureSizes } from './context';
import { PART_NAMES, PARTS, type PartName } from './parts';

export interface TortureRun {
  mode: TortureMode;
  seed: number;
  sizes: TortureSizes;
  parts: PartName[];
  machine: string;
  startedAt: string;
  seconds: number;
  /** How long each part took. */
  partSeconds: Partial<Record<PartName, number>>;
  checks: Check[];
}

export interface TortureOptions {
  mode: TortureMode;
  seed: number;
  only?: PartName[];
  sizes?: Partial<TortureSizes>;
  quiet?: boolean;
  /** Keep the work folder (data folders, logs) for a post-mortem. */
  keep?: boolean;
}

/** A fresh password per seed: long, and unlike anything else the run writes. */
function runPassword(seed: number): string {
  return `Tort-${(seed >>> 0).toString(36)}-${Math.random().toString(36).slice(2, 10)}-pw`;
}

export async function runTorture(options: TortureOptions): Promise<TortureRun> {
  const workDir = mkdtempSync(join(tmpdir(), 'cvc-torture-'));
  const started = performance.now();
  const sizes = { ...SIZES[options.mode], ...options.sizes };
  const parts = PART_NAMES.filter((name) => !options.only || options.only.includes(name));
  const ctx: TortureContext = {
    mode: options.mode,
    seed: options.seed,
    sizes,
    workDir,
    password: runPassword(options.seed),
    registry: newRegistry(),
    cleanups: [],
    shared: {},
    progress: (message) => {
      if (!options.quiet) console.error(`  … ${message}`);
    },
  };
  const checks: Check[] = [];
  const partSeconds: TortureRun['partSeconds'] = {};
  const runPart = async (name: PartName): Promise<Check[]> => {
    if (!options.quiet) console.error(`• ${name}`);
    const partStarted = performance.now();
    try {
      return await PARTS[name](ctx);
    } catch (error) {
      // A part that could not finish is a finding too: it shows as a failed check.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      return [{ part: name, name: 'the part ran to its end', ran: 'aborted', mustBeZero: { 'aborted runs': 1 }, examples: [message.slice(0, 2_000)] }];
    } finally {
      partSeconds[name] = Math.round((performance.now() - partStarted) / 100) / 10;
      if (!options.quiet) console.error(`• ${name} done in ${partSeconds[name]} s`);
    }
  };
  try {
    const last = parts.filter((name) => name === 'secrets');
    const first = parts.filter((name) => name !== 'secrets');
    if (sizes.parallel) {
      for (const found of await Promise.all(first.map(runPart))) checks.push(...found);
    } else {
      for (const name of first) checks.push(...(await runPart(name)));
    }
    for (const name of last) checks.push(...(await runPart(name)));
  } finally {
    for (const cleanup of ctx.cleanups.reverse()) await cleanup().catch(() => undefined);
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
    else if (!options.quiet) console.error(`work folder kept: ${workDir}`);
  }
  return {
    mode: options.mode,
    seed: options.seed,
    sizes,
    parts,
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`,
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    seconds: (performance.now() - started) / 1000,
    partSeconds,
    checks,
  };
}

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} expects a whole number, got "${text}"`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      cycles: { type: 'string' },
      only: { type: 'string' },
      smoke: { type: 'boolean' },
      frames: { type: 'string' },
      inputs: { type: 'string' },
      responses: { type: 'string' },
      soak: { type: 'string' },
      keep: { type: 'boolean' },
      markdown: { type: 'boolean' },
    },
    strict: true,
  });
  const mode: TortureMode = values.smoke ? 'smoke' : 'full';
  const only = values.only?.split(',').map((s) => s.trim()) as PartName[] | undefined;
  for (const name of only ?? []) {
    if (!PART_NAMES.includes(name)) throw new Error(`unknown part "${name}"; parts: ${PART_NAMES.join(', ')}`);
  }
  const seed = positive('seed', values.seed) ?? Math.floor(Math.random() * 2 ** 31);
  const sizes: Partial<TortureSizes> = {};
  const set = <K extends keyof TortureSizes>(key: K, value: TortureSizes[K] | undefined) => {
    if (value !== undefined) sizes[key] = value;
  };
  set('cycles', positive('cycles', values.cycles));
  set('frames', positive('frames', values.frames));
  set('inputsPerChannel', positive('inputs', values.inputs));
  set('platformResponses', positive('responses', values.responses));
  set('soakPayments', positive('soak', values.soak));
  console.error(`npm run torture — seed ${seed}${mode === 'smoke' ? ' (smoke)' : ''}`);

  const run = await runTorture({ mode, seed, sizes, keep: values.keep ?? false, ...(only ? { only } : {}) });
  const command = `npm run torture -- --seed ${seed}${mode === 'smoke' ? ' --smoke' : ''}${only ? ` --only ${only.join(',')}` : ''}`;
  console.log(`\n${command} — ${run.machine} — ${run.seconds.toFixed(0)} s\n`);
  console.log(values.markdown ? markdownTable(run.checks) : renderTable(run.checks));
  console.log(`\nSeconds per part: ${Object.entries(run.partSeconds).map(([part, s]) => `${part} ${s}`).join(', ')}`);
  const failed = run.checks.filter((check) => verdictOf(check) === 'FAIL');
  for (const check of run.checks) {
    if (!check.examples?.length || verdictOf(check) !== 'FAIL') continue;
    console.log(`\n  ${check.part}: ${check.name} — ${failuresOf(check).join(', ')}`);
    for (const example of check.examples.slice(0, 8)) console.log(`    · ${example.split('\n')[0]}`);
  }
  const out = resolve(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  const json = JSON.stringify(run, null, 2);
  writeFileSync(join(out, `${run.startedAt.replace(/[:.]/g, '-')}-${mode}.json`), json);
  writeFileSync(join(out, `latest-${mode}.json`), json);
  console.log(failed.length ? `\n${failed.length} check(s) with a count that must be 0 and is not.` : '\nEvery count that must be 0 is 0.');
  return failed.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  // Interrupted: leave no host, platform or mount behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const dir of abandon()) unmount(dir);
      console.error(`\n${signal}: stopped; the hosts and platforms it started are killed.`);
      process.exit(130);
    });
  }
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(2);
    },
  );
}
