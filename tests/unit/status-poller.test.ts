// The polling schedules: when a request is asked about, on a clock the test moves.
import { describe, expect, it } from 'vitest';
import { backoffSchedule, fallbackSchedule } from '../../electron/core/platform/status-poller';

const at = (ms: number) => new Date(ms).toISOString();

describe('backoff schedule (platforms without push)', () => {
  const schedule = () => backoffSchedule({ minMs: 1_000, maxMs: 5_000, factor: 2, jitter: 0 });
  const watched = [{ ref: 'a', expiresAt: at(60_000) }];

  it('asks first after the minimum, then less and less often up to the maximum while nothing changes', () => {
    const s = schedule();
    expect(s.due(watched, 0)).toEqual([]);
    expect(s.due(watched, 999)).toEqual([]);
    expect(s.due(watched, 1_000).map((w) => w.ref)).toEqual(['a']);
    s.answered('a', true, 1_000); // first answer: a change (nothing seen before)
    expect(s.due(watched, 1_999)).toEqual([]);
    expect(s.due(watched, 2_000)).toHaveLength(1);
    s.answered('a', false, 2_000);
    expect(s.due(watched, 3_999)).toEqual([]);
    expect(s.due(watched, 4_000)).toHaveLength(1);
    s.answered('a', false, 4_000);
    expect(s.due(watched, 7_999)).toEqual([]);
    expect(s.due(watched, 8_000)).toHaveLength(1);
    s.answered('a', false, 8_000);
    // Capped: 5 s, not 8 s.
    expect(s.due(watched, 12_999)).toEqual([]);
    expect(s.due(watched, 13_000)).toHaveLength(1);
  });

  it('comes back to the minimum after a change, and asks once more just after the expiry', () => {
    const s = schedule();
    const soon = [{ ref: 'b', expiresAt: at(2_500) }];
    s.due(soon, 0);
    expect(s.due(soon, 1_000)).toHaveLength(1);
    s.answered('b', false, 1_000);
    s.answered('b', false, 1_000); // next in 4 s
    expect(s.due(soon, 2_499)).toEqual([]);
    expect(s.due(soon, 2_500)).toHaveLength(1); // its expiry
    expect(s.due(soon, 2_600)).toEqual([]); // only once
    s.answered('b', true, 2_600);
    expect(s.due(soon, 3_600)).toHaveLength(1);
  });

  it('forgets requests that are no longer watched', () => {
    const s = schedule();
    s.due(watched, 0);
    expect(s.due([], 10_000)).toEqual([]);
    // Watched again: a fresh start, first ask after the minimum.
    expect(s.due(watched, 10_000)).toEqual([]);
    expect(s.due(watched, 11_000)).toHaveLength(1);
  });
});

describe('fallback schedule (platforms with push)', () => {
  it('asks about everything while the push channel is down, and only about overdue requests while it is up', () => {
    let up = false;
    const s = fallbackSchedule({ pushUp: () => up, expirySafetyMs: 3_000 });
    const watched = [
      { ref: 'due', expiresAt: at(10_000) },
      { ref: 'later', expiresAt: at(60_000) },
    ];
    expect(s.due(watched, 0).map((w) => w.ref)).toEqual(['due', 'later']);
    up = true;
    expect(s.due(watched, 12_000)).toEqual([]);
    expect(s.due(watched, 13_001).map((w) => w.ref)).toEqual(['due']);
  });
});
