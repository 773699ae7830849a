// What every bench part receives: where to write, how big to go, where to say what it is doing.

export type BenchMode = 'full' | 'quick' | 'smoke';

export interface BenchSizes {
  logRows: number;
  queryRuns: number;
  insertRuns: number;
  reconcileOperations: number;
  statusPayments: number;
  /** Payments followed again with the platform's event stream cut (the 2 s polling fallback). */
  statusCutPayments: number;
  /** Rounds run before the browser figures are recorded (first paint of each screen, JIT). */
  warmupRuns: number;
  createRuns: number;
  caisseApRuns: number;
  footprintPayments: number;
  /** Pairs timed per first page of the operations list (its p95 decides a ratio of 1.2). */
  pageRuns: number;
  /** Platform stream down: how many requests are pending, and payments followed at each level. */
  streamDownPending: number[];
  streamDownPayments: number;
  /** Cold starts of the headless host timed (after one untimed start on the same data folder). */
  coldStarts: number;
  /** Payments (create + pay) for the host's memory curve, and how often its RSS is sampled. */
  memoryPayments: number;
  memorySampleEvery: number;
}

export const SIZES: Record<BenchMode, BenchSizes> = {
  full: {
    logRows: 1_000_000, queryRuns: 300, insertRuns: 200, reconcileOperations: 1_000, statusPayments: 60, statusCutPayments: 30, warmupRuns: 2, createRuns: 50, caisseApRuns: 30, footprintPayments: 100,
    pageRuns: 1_000, streamDownPending: [1, 50, 300], streamDownPayments: 20, coldStarts: 10, memoryPayments: 10_000, memorySampleEvery: 500,
  },
  quick: {
    logRows: 100_000, queryRuns: 100, insertRuns: 50, reconcileOperations: 1_000, statusPayments: 15, statusCutPayments: 6, warmupRuns: 2, createRuns: 15, caisseApRuns: 10, footprintPayments: 100,
    pageRuns: 300, streamDownPending: [1, 50, 300], streamDownPayments: 6, coldStarts: 4, memoryPayments: 2_000, memorySampleEvery: 250,
  },
  smoke: {
    logRows: 2_000, queryRuns: 5, insertRuns: 5, reconcileOperations: 20, statusPayments: 3, statusCutPayments: 2, warmupRuns: 0, createRuns: 3, caisseApRuns: 2, footprintPayments: 5,
    pageRuns: 5, streamDownPending: [1, 3], streamDownPayments: 1, coldStarts: 1, memoryPayments: 20, memorySampleEvery: 5,
  },
};

export interface BenchContext {
  mode: BenchMode;
  sizes: BenchSizes;
  /** A temp folder owned by this run (removed at the end). */
  workDir: string;
  /** The 1 M-row log, once built, for parts that reuse it (footprint). */
  shared: { logFile?: string };
  /** Where a part may write a file next to the JSON results (a plot), named after the run; absent
   *  when the run writes no results (the smoke mode inside `npm test`). */
  results?: { dir: string; prefix: string };
  progress(message: string): void;
}
