// What the Caisse-AP server needs from the companion core: the contract (`invoke`, with the
// `caisse-ap` origin), its events, and the till hooks (exchange log, notices, settings changes).
import type { Companion } from '../core/ports';

export type CaisseApCore = Pick<Companion, 'invoke' | 'on' | 'till'>;
