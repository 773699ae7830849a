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
}

export const SIZES: Record<BenchMode, BenchSizes> = {
  full: { logRows: 1_000_000, queryRuns: 300, insertRuns: 200, reconcileOperations: 1_000, statusPayments: 60, statusCutPayments: 30, warmupRuns: 2, createRuns: 50, caisseApRuns: 30, footprintPayments: 100 },
  quick: { logRows: 100_000, queryRuns: 100, insertRuns: 50, reconcileOperations: 1_000, statusPayments: 15, statusCutPayments: 6, warmupRuns: 2, createRuns: 15, caisseApRuns: 10, footprintPayments: 100 },
  smoke: { logRows: 2_000, queryRuns: 5, insertRuns: 5, reconcileOperations: 20, statusPayments: 3, statusCutPayments: 2, warmupRuns: 0, createRuns: 3, caisseApRuns: 2, footprintPayments: 5 },
};

export interface BenchContext {
  mode: BenchMode;
  sizes: BenchSizes;
  /** A temp folder owned by this run (removed at the end). */
  workDir: string;
  /** The 1 M-row log, once built, for parts that reuse it (footprint). */
  shared: { logFile?: string };
  progress(message: string): void;
}
