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
// prefix out once per UTC hour it meets (rows read in time order meet each hour many times in a row).
export function parisMinuteFormatter(): (iso: string) => string {
  let cachedHour = '';
  let cachedPrefix = '';
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
      const c = wallClock(new Date(`${hour}:00:00.000Z`));
      cachedPrefix = `${c.day}/${c.month}/${c.year} ${c.hour}:`;
      cachedHour = hour;
    }
    return cachedPrefix + utc.slice(14, 16);
  };
}

/** `2026-03-29T00:59:00.000Z` → `29/03/2026 01:59`; `2026-03-29T01:00:00.000Z` → `29/03/2026 03:00`. */
export const formatParisMinute = parisMinuteFormatter();
