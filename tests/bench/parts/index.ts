// The parts of the bench, in the order they run; each can run alone with --only.
import type { BenchContext } from '../context';
import type { Figure } from '../stats';
import { benchCaisseAp } from './caisse-ap';
import { benchColdStart } from './cold-start';
import { benchCreate } from './create';
import { benchDayClose } from './day-close';
import { benchFootprint } from './footprint';
import { benchMemory } from './memory';
import { benchOperationLog } from './operation-log';
import { benchReconciliation } from './reconciliation';
import { benchStatus } from './status';
import { benchStreamDown } from './stream-down';

export const PARTS = {
  status: benchStatus,
  stream: benchStreamDown,
  create: benchCreate,
  log: benchOperationLog,
  reconcile: benchReconciliation,
  'caisse-ap': benchCaisseAp,
  footprint: benchFootprint,
  dayclose: benchDayClose,
  coldstart: benchColdStart,
  memory: benchMemory,
} satisfies Record<string, (ctx: BenchContext) => Promise<Figure[]>>;

export type PartName = keyof typeof PARTS;
