// The parts of `npm run torture`, in the order they run. `secrets` runs last: it searches what
// the others left behind.
import type { Check } from '../checks';
import type { TortureContext } from '../context';
import { tortureFlood } from './flood';
import { tortureFuzz } from './fuzz';
import { tortureKill } from './kill';
import { tortureProxy } from './proxy';
import { tortureSecrets } from './secrets';
import { tortureSoak } from './soak';
import { tortureStorage } from './storage';

export const PARTS = {
  kill: tortureKill,
  proxy: tortureProxy,
  fuzz: tortureFuzz,
  flood: tortureFlood,
  storage: tortureStorage,
  soak: tortureSoak,
  secrets: tortureSecrets,
} satisfies Record<string, (ctx: TortureContext) => Promise<Check[]>>;

export type PartName = keyof typeof PARTS;
export const PART_NAMES = Object.keys(PARTS) as PartName[];
