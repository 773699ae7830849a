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

// Paris's offset changes only on whole UTC hours (daylight saving starts and ends at 01:00 UTC),
// so the offset of an instant is the offset of its UTC hour, found once per hour.
let cachedHour = '';
let cachedOffsetMs = 0;

function offsetOfHour(iso: string): number {
  const hour = iso.slice(0, 13);
  if (hour !== cachedHour) {
    const instant = new Date(`${hour}:00:00.000Z`);
    const c = wallClock(instant);
    cachedOffsetMs = Date.UTC(+c.year, +c.month - 1, +c.day, +c.hour, +c.minute) - instant.getTime();
    cachedHour = hour;
  }
  return cachedOffsetMs;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `2026-03-29T00:59:00.000Z` → `29/03/2026 01:59`; `2026-03-29T01:00:00.000Z` → `29/03/2026 03:00`. */
export function formatParisMinute(iso: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return '';
  // Stored instants are already `toISOString()` text; anything else is normalised first.
  const utc = iso.length === 24 && iso.endsWith('Z') ? iso : new Date(instant).toISOString();
  const wall = new Date(instant + offsetOfHour(utc));
  return `${two(wall.getUTCDate())}/${two(wall.getUTCMonth() + 1)}/${wall.getUTCFullYear()} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;
}
