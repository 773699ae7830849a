// The accountant's values: amounts with a decimal comma, Paris wall-clock minutes across both
// daylight-saving nights, checked against the shop's formatter for every minute of those days.
import { describe, expect, it } from 'vitest';
import { wallClock } from '../../electron/common/dates';
import { formatAmount, formatParisMinute } from '../../electron/core/reports/csv-values';

describe('formatAmount', () => {
  it('writes cents with a decimal comma and no currency sign', () => {
    expect(formatAmount(0)).toBe('0,00');
    expect(formatAmount(5)).toBe('0,05');
    expect(formatAmount(2050)).toBe('20,50');
    expect(formatAmount(100_000_000)).toBe('1000000,00');
    expect(formatAmount(-500)).toBe('-5,00');
  });
});

describe('formatParisMinute', () => {
  it('follows Paris time through the spring-forward and fall-back nights', () => {
    expect(formatParisMinute('2026-03-29T00:59:00.000Z')).toBe('29/03/2026 01:59');
    expect(formatParisMinute('2026-03-29T01:00:00.000Z')).toBe('29/03/2026 03:00');
    expect(formatParisMinute('2026-10-25T00:30:00.000Z')).toBe('25/10/2026 02:30');
    expect(formatParisMinute('2026-10-25T01:30:00.000Z')).toBe('25/10/2026 02:30');
    expect(formatParisMinute('2026-12-31T23:15:00.000Z')).toBe('01/01/2027 00:15');
    expect(formatParisMinute('2026-07-14T10:06:00+02:00')).toBe('14/07/2026 10:06');
    expect(formatParisMinute('pas une date')).toBe('');
  });

  it('agrees with the shop\'s formatter for every minute of both change days', () => {
    for (const day of ['2026-03-28T22:00:00.000Z', '2026-10-24T22:00:00.000Z']) {
      const start = Date.parse(day);
      for (let minute = 0; minute < 26 * 60; minute += 7) {
        const instant = new Date(start + minute * 60_000);
        const c = wallClock(instant);
        expect(formatParisMinute(instant.toISOString())).toBe(`${c.day}/${c.month}/${c.year} ${c.hour}:${c.minute}`);
      }
    }
  });
});
