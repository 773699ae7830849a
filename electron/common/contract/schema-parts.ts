// The building blocks the contract's schemas share (timestamps, cents, free texts, days). Not
// re-exported by the contract: a caller uses the schemas built from them.
import { z } from 'zod';
import { isParisDay, parisDayRange } from '../dates';

const isoTimestamp = z.iso.datetime({ offset: true });
const cents = z.number().int().nonnegative();
const empty = z.object({}).strict();

/** Characters refused in free texts: control characters, bidirectional controls (a U+202E can
 *  make "0001 €" read "€ 1000" on a receipt or a screen) and line or paragraph separators. */
const NO_CONTROLS = /^[^\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]*$/u;

/** Optional free text: trimmed, no control characters; an empty field counts as absent. */
function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .regex(NO_CONTROLS, 'control characters, bidirectional controls and line separators are not allowed')
    .optional()
    .transform((value) => (value === '' ? undefined : value));
}

/** A Paris calendar day, `YYYY-MM-DD`, that exists (no 30 February). */
const parisDayText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD')
  .refine(isParisDay, 'not a calendar day (or outside 1970–9998)');

/**
 * A bound of a time filter: an instant with any UTC offset, normalised to UTC (the log stores
 * UTC text, and `+14:00` text does not compare with `Z` text), or a Paris day, meaning its
 * first instant (`start`) or the first instant of the next day (`end`, so the day is included).
 */
function instantOrParisDay(edge: 'start' | 'end') {
  return z
    .string()
    .max(40)
    .transform((value, context) => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        if (isParisDay(value)) return parisDayRange(value)[edge === 'start' ? 'from' : 'to'];
      } else if (isoTimestamp.safeParse(value).success) {
        return new Date(value).toISOString();
      }
      context.addIssue({ code: 'custom', message: 'an ISO-8601 instant or a day YYYY-MM-DD that exists' });
      return z.NEVER;
    });
}

export { cents, empty, instantOrParisDay, isoTimestamp, NO_CONTROLS, optionalText, parisDayText };
