// The parts of the bench, in the order they run; each can run alone with --only.
import type { BenchContext } from '../context';
import type { Figure } from '../stats';
import { benchOperationLog } from './operation-log';
import { benchReconciliation } from './reconciliation';

export const PARTS = {
  log: benchOperationLog,
  reconcile: benchReconciliation,
} satisfies Record<string, (ctx: BenchContext) => Promise<Figure[]>>;

export type PartName = keyof typeof PARTS;
