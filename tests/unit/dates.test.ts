import { describe, expect, it } from 'vitest';
import { formatCountdown, formatDateTime, isParisDay, parisDay, parisDayRange } from '../../electron/common/dates';

describe('dates: stored in UTC, shown in Paris time', () => {
  it('writes the guide format in summer time (UTC+2)', () => {
    expect(formatDateTime('2020-04-30T08:06:00Z')).toBe('30/04/2020 10h06');
    expect(formatDateTime('2020-04-30T08:06:00Z', 'en')).toBe('30/04/2020 10:06');
  });
  it('writes the guide format in winter time (UTC+1)', () => {
    expect(formatDateTime('2026-11-26T23:30:00Z')).toBe('27/11/2026 00h30');
  });
  it('finds the Paris day of an instant', () => {
    expect(parisDay('2026-11-26T23:30:00Z')).toBe('2026-11-27');
    expect(parisDay('2026-11-26T22:59:59Z')).toBe('2026-11-26');
  });
  it('covers a whole Paris day in UTC, including the daylight-saving change days', () => {
    expect(parisDayRange('2026-11-26')).toEqual({ from: '2026-11-25T23:00:00.000Z', to: '2026-11-26T23:00:00.000Z' });
    expect(parisDayRange('2026-07-14')).toEqual({ from: '2026-07-13T22:00:00.000Z', to: '2026-07-14T22:00:00.000Z' });
    // 29 March 2026: clocks go forward, the day lasts 23 hours.
    expect(parisDayRange('2026-03-29')).toEqual({ from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' });
    // 25 October 2026: clocks go back, the day lasts 25 hours.
    expect(parisDayRange('2026-10-25')).toEqual({ from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T23:00:00.000Z' });
  });
  it('counts down in minutes and seconds, never below zero', () => {
    expect(formatCountdown(299_001)).toBe('05:00');
    expect(formatCountdown(61_000)).toBe('01:01');
    expect(formatCountdown(-5)).toBe('00:00');
  });
});

describe('calendar days', () => {
  it('knows which days exist', () => {
    expect(['2026-02-28', '2028-02-29', '2000-02-29', '1970-01-01', '9998-12-31'].filter(isParisDay)).toHaveLength(5);
    expect(['2026-02-30', '2026-13-45', '2026-00-10', '2100-02-29', '9999-12-31', '0000-01-01', '2026-2-3', ''].some(isParisDay)).toBe(false);
  });
  it('refuses to compute the range of a day that does not exist', () => {
    expect(() => parisDayRange('2026-02-30')).toThrow(RangeError);
    expect(() => parisDayRange('9999-12-31')).toThrow(RangeError);
  });
});
