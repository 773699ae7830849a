// Timestamps are stored and exchanged in UTC (ISO-8601) and shown in Europe/Paris, the way
// the ANCV guide writes them: "30/04/2020 10h06".
import type { Language } from './money';

export const SHOP_TIME_ZONE = 'Europe/Paris';

const partsFormatter = new Intl.DateTimeFormat('fr-FR', {
  timeZone: SHOP_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

/** The shop's wall clock (Paris) at an instant, as two-digit parts (four for the year). */
export function wallClock(instant: Date): WallClock {
  const out: Record<string, string> = {};
  for (const part of partsFormatter.formatToParts(instant)) out[part.type] = part.value;
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour!,
    minute: out.minute!,
    second: out.second!,
  };
}

function toDate(value: string | Date): Date {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${String(value)}`);
  return date;
}

/** `2020-04-30T08:06:00Z` → `30/04/2020 10h06` (fr) or `30/04/2020 10:06` (en), Paris time. */
export function formatDateTime(value: string | Date, language: Language = 'fr'): string {
  const c = wallClock(toDate(value));
  const separator = language === 'fr' ? 'h' : ':';
  return `${c.day}/${c.month}/${c.year} ${c.hour}${separator}${c.minute}`;
}

/** `10h06` (fr) or `10:06` (en), Paris time. */
export function formatTime(value: string | Date, language: Language = 'fr'): string {
  const c = wallClock(toDate(value));
  return `${c.hour}${language === 'fr' ? 'h' : ':'}${c.minute}`;
}

/** The shop's calendar day (Paris) of an instant, as `YYYY-MM-DD`. */
export function parisDay(value: string | Date = new Date()): string {
  const c = wallClock(toDate(value));
  return `${c.year}-${c.month}-${c.day}`;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Days the log can total: from the Unix epoch to the last full day a 4-digit ISO year can bound. */
const FIRST_YEAR = 1970;
const LAST_YEAR = 9998;

/** Whether `day` is a real calendar day (`YYYY-MM-DD`: no 30 February, no 13th month) that the
 *  log can total. */
export function isParisDay(day: string): boolean {
  const match = DAY_PATTERN.exec(day);
  if (!match) return false;
  const [year, month, date] = [+match[1]!, +match[2]!, +match[3]!];
  if (year < FIRST_YEAR || year > LAST_YEAR) return false;
  const noon = new Date(Date.UTC(year, month - 1, date, 12));
  return noon.getUTCFullYear() === year && noon.getUTCMonth() === month - 1 && noon.getUTCDate() === date;
}

/** Minutes Paris is ahead of UTC at an instant (60 in winter, 120 in summer). */
function parisOffsetMinutes(instant: Date): number {
  const c = wallClock(instant);
  const asUtc = Date.UTC(+c.year, +c.month - 1, +c.day, +c.hour, +c.minute, +c.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The UTC instant of a Paris wall-clock midnight, correct across daylight-saving changes. */
function parisMidnight(day: string): Date {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a day: ${day}`);
  const naive = Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!);
  let guess = naive - parisOffsetMinutes(new Date(naive)) * 60_000;
  guess = naive - parisOffsetMinutes(new Date(guess)) * 60_000;
  return new Date(guess);
}

const dayRanges = new Map<string, { from: string; to: string }>();

/** The UTC range `[from, to)` covering one Paris calendar day, for day totals. Remembered: the
 *  time-zone arithmetic costs more than the day's SQL. */
export function parisDayRange(day: string): { from: string; to: string } {
  const known = dayRanges.get(day);
  if (known) return known;
  if (!isParisDay(day)) throw new RangeError(`not a calendar day: ${day}`);
  const start = parisMidnight(day);
  const next = new Date(start.getTime() + 36 * 3_600_000); // lands inside the next day, DST or not
  const range = { from: start.toISOString(), to: parisMidnight(parisDay(next)).toISOString() };
  if (dayRanges.size > 1_000) dayRanges.clear();
  dayRanges.set(day, range);
  return range;
}

/** `mm:ss` left before an expiry, never negative: the countdown under the QR code. */
export function formatCountdown(msLeft: number): string {
  const total = Math.max(0, Math.ceil(msLeft / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}
