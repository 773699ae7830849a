// What every torture part receives: the seed, the sizes, a work folder, the merchant's password
// (a fresh one per run, so finding it anywhere means it leaked), and a registry of every data
// folder, host output and platform token the run produced, which the secrets part searches.
import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type TortureMode = 'full' | 'smoke';

export interface TortureSizes {
  /** kill -9 cycles of the host. */
  cycles: number;
  /** Concurrent creates per burst, inclusive range. */
  burst: [number, number];
  /** When the kill lands after the burst starts, inclusive range in ms. */
  killAfterMs: [number, number];
  /** Creates whose answer the kill took, sent again with their Idempotency-Key, per cycle. */
  idempotentRetries: number;
  /** Rounds of each fault-proxy scenario. */
  proxyRounds: number;
  /** Creates per burst in the proxy scenarios that use bursts. */
  proxyBurst: number;
  /** The fault-proxy scenarios that take half a minute each by nature (every attempt past the
   *  client timeout; a till waiting past a request's expiry with the platform link cut). */
  slowProxyScenarios: boolean;
  /** Caisse-AP frames fuzzed. */
  frames: number;
  /** Contract inputs per channel through the local API. */
  inputsPerChannel: number;
  /** Malformed or inconsistent platform responses served through the proxy. */
  platformResponses: number;
  /** Trickling connections of the slowloris. */
  slowloris: number;
  /** Connections of the flood. */
  floodConnections: number;
  /** Real till requests sent one after another under a sustained trickle. */
  trickleRequests: number;
  /** Payments of the soak. */
  soakPayments: number;
  /** How long a comparison waits for the log to settle against the platform. */
  settleMs: number;
  /** Run the parts at the same time (the smoke: most of their time is waiting). */
  parallel: boolean;
  /** One platform process for the parts that neither kill it nor expire its tokens (the smoke:
   *  starting processes is most of its cost on a loaded machine). */
  sharePlatform: boolean;
}

export const SIZES: Record<TortureMode, TortureSizes> = {
  full: {
    cycles: 100,
    burst: [40, 60],
    killAfterMs: [3, 1_500],
    idempotentRetries: 2,
    proxyRounds: 3,
    proxyBurst: 20,
    slowProxyScenarios: true,
    frames: 10_000,
    inputsPerChannel: 1_000,
    platformResponses: 1_000,
    slowloris: 16,
    floodConnections: 200,
    trickleRequests: 30,
    soakPayments: 10_000,
    settleMs: 90_000,
    parallel: false,
    sharePlatform: false,
  },
  smoke: {
    cycles: 2,
    burst: [6, 10],
    killAfterMs: [3, 400],
    idempotentRetries: 1,
    proxyRounds: 1,
    proxyBurst: 4,
    slowProxyScenarios: false,
    frames: 200,
    inputsPerChannel: 15,
    platformResponses: 40,
    slowloris: 10,
    floodConnections: 40,
    trickleRequests: 1,
    soakPayments: 20,
    settleMs: 40_000,
    parallel: true,
    sharePlatform: true,
  },
};

export interface TortureRegistry {
  /** Every companion data folder the run created (searched for secrets at the end). */
  dataDirs: Set<string>;
  /** stdout and stderr of every host process, once it ended. */
  outputs: Array<{ what: string; stdout: string; stderr: string }>;
  /** Platform access tokens seen (in the secret stores, on the wire through the proxy). */
  tokens: Set<string>;
  /** Data folders where the harness itself wrote or copied files (their modes are not the companion's). */
  preparedByHarness: Set<string>;
}

export interface TortureContext {
  mode: TortureMode;
  seed: number;
  sizes: TortureSizes;
  /** A folder owned by this run. */
  workDir: string;
  /** The demo merchant's password on the platforms of this run: fresh, so that it can be looked for. */
  password: string;
  registry: TortureRegistry;
  /** Things to stop once every part has run (the shared platform). */
  cleanups: Array<() => Promise<void>>;
  /** The platform the parts share, once started (see `sharePlatform`). */
  shared: { platform?: Promise<unknown> };
  progress(message: string): void;
}

/** A seed of its own for each part, so that `--only` reproduces the same part as a full run. */
export function partSeed(ctx: TortureContext, part: string): number {
  let hash = ctx.seed | 0;
  for (const char of part) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/** `count` values of an arbitrary, drawn with a seed (fast-check's generator, reproducible). */
export function draw<T>(arbitrary: fc.Arbitrary<T>, seed: number, count: number): T[] {
  return fc.sample(arbitrary, { seed, numRuns: count });
}

export function drawOne<T>(arbitrary: fc.Arbitrary<T>, seed: number): T {
  return draw(arbitrary, seed, 1)[0]!;
}

export function newRegistry(): TortureRegistry {
  return { dataDirs: new Set(), outputs: [], tokens: new Set(), preparedByHarness: new Set() };
}

/** A companion data folder under the run's work folder, registered for the secrets search;
 *  `preparedByHarness` when the harness puts files of its own making in it. */
export function dataDir(ctx: TortureContext, name: string, options: { preparedByHarness?: boolean } = {}): string {
  const dir = join(ctx.workDir, 'companion', name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  ctx.registry.dataDirs.add(dir);
  if (options.preparedByHarness) ctx.registry.preparedByHarness.add(dir);
  return dir;
}

/** A folder under the work folder for platform files (the platform's own, not searched). */
export function platformDir(ctx: TortureContext, name: string): string {
  const dir = join(ctx.workDir, 'platform', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
