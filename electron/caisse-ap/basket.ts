// The basket number of a till's request: the till's own reference when it can be one (CF, the
// merchant reference, then CH), else one made up from the register number and the Paris time.
import { wallClock } from '../common/dates';
import { BASKET_NUMBER_PATTERN } from '../common/platform-api';
import type { TillRequest } from './messages';

/** `CAP-<register>-<yyMMddHHmmss>` in Paris time: 19 characters, a valid basket number. */
export function generatedBasketNumber(register: string, at: Date = new Date()): string {
  const c = wallClock(at);
  const safeRegister = register.replace(/[^A-Za-z0-9]/g, '0');
  return `CAP-${safeRegister}-${c.year.slice(2)}${c.month}${c.day}${c.hour}${c.minute}${c.second}`;
}

export type BasketChoice =
  | { source: 'till'; basketNumber: string }
  /** `unusable`: the till's reference that could not serve (null when it sent none). */
  | { source: 'generated'; basketNumber: string; unusable: string | null };

export function chooseBasketNumber(request: TillRequest, at: Date = new Date()): BasketChoice {
  const candidates = [request.tags.CF, request.tags.CH].filter((value): value is string => value !== undefined);
  const usable = candidates.find((value) => BASKET_NUMBER_PATTERN.test(value));
  if (usable) return { source: 'till', basketNumber: usable };
  return { source: 'generated', basketNumber: generatedBasketNumber(request.tags.CA, at), unusable: candidates[0] ?? null };
}
