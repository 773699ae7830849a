// The basket number of a till's request: the till's own reference when it can be one (CF, the
// merchant reference, then CH), else one made up from the register number and the Paris time.
import { SHOP_TIME_ZONE } from '../common/dates';
import { BASKET_NUMBER_PATTERN } from '../common/platform-api';
import type { TillRequest } from './messages';

const stamp = new Intl.DateTimeFormat('fr-FR', {
  timeZone: SHOP_TIME_ZONE,
  year: '2-digit',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `CAP-<register>-<yyMMddHHmmss>` in Paris time: 19 characters, a valid basket number. */
export function generatedBasketNumber(register: string, at: Date = new Date()): string {
  const parts: Record<string, string> = {};
  for (const part of stamp.formatToParts(at)) parts[part.type] = part.value;
  const safeRegister = register.replace(/[^A-Za-z0-9]/g, '0');
  return `CAP-${safeRegister}-${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}`;
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
