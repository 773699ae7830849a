// Values as the accountant's spreadsheet reads them, fast enough for a million rows: amounts with
// a decimal comma and no currency sign, instants as the shop's wall clock `dd/mm/yyyy HH:mm`.
import { wallClock } from '../../common/dates';

/** `2050` → `20,50`; `-500` → `-5,00`. */
export function formatAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${sign}${units},${rest < 10 ? '0' : ''}${rest}`;
}

// Paris is a whole number of hours ahead of UTC, and its offset changes only on whole UTC hours
// (daylight saving starts and ends at 01:00 UTC). So the Paris wall clock of every instant of one
// UTC hour reads "the same date and hour, then the instant's own minutes": a formatter works that
// prefix out once per UTC hour it meets (rows read in time order meet each hour many times in a
// row), from the day's offset, asked of the time-zone database twice a UTC day.
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

function offsetHours(instant: Date): number {
  const c = wallClock(instant);
  return Math.round((Date.UTC(+c.year, +c.month - 1, +c.day, +c.hour) - instant.getTime()) / 3_600_000);
}

export function parisMinuteFormatter(): (iso: string) => string {
  let cachedHour = '';
  let cachedPrefix = '';
  let cachedDay = '';
  /** The day's offset in hours, or null on the two days a year it changes. */
  let dayOffset: number | null = null;
  return (iso) => {
    // Stored instants are `toISOString()` text; anything else is normalised first.
    let utc = iso;
    if (iso.length !== 24 || iso.charCodeAt(23) !== 90 /* Z */) {
      const instant = Date.parse(iso);
      if (Number.isNaN(instant)) return '';
      utc = new Date(instant).toISOString();
    }
    const hour = utc.slice(0, 13);
    if (hour !== cachedHour) {
      const day = utc.slice(0, 10);
      if (day !== cachedDay) {
        const first = offsetHours(new Date(`${day}T00:00:00.000Z`));
        dayOffset = first === offsetHours(new Date(`${day}T23:00:00.000Z`)) ? first : null;
        cachedDay = day;
      }
      const start = new Date(`${hour}:00:00.000Z`);
      const offset = dayOffset ?? offsetHours(start);
      const wall = new Date(start.getTime() + offset * 3_600_000);
      cachedPrefix = `${two(wall.getUTCDate())}/${two(wall.getUTCMonth() + 1)}/${wall.getUTCFullYear()} ${two(wall.getUTCHours())}:`;
      cachedHour = hour;
    }
    return cachedPrefix + utc.slice(14, 16);
  };
}
/** `2026-03-29T00:59:00.000Z` → `29/03/2026 01:59`; `2026-03-29T01:00:00.000Z` → `29/03/2026 03:00`. */
export const formatParisMinute = parisMinuteFormatter();
