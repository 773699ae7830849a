// Polls the requests a StatusSink watches, on a schedule the adapter chooses: the sandbox polls
// everything every 2 s while its event stream is down (and only overdue requests while it is
// up); a platform without push polls each request with backoff. Either way a request the
// platform does not know is reported once, and a refused session stops nothing by itself: the
// sink decides (it asks the merchant to log in again).
import type { PlatformPaymentRequest, StatusSink, WatchedRequest } from './gateway';
import { PlatformError } from './platform-error';

export interface PollSchedule {
  /** Which of the watched requests to ask about now. */
  due(watched: readonly WatchedRequest[], now: number): WatchedRequest[];
  /** After an answer (or a failure: `changed` false): when to ask again. */
  answered(ref: string, changed: boolean, now: number): void;
}

export interface StatusPollerOptions {
  get(ref: string): Promise<PlatformPaymentRequest>;
  sink: StatusSink;
  schedule: PollSchedule;
  /** How often the schedule is consulted. */
  tickMs: number;
  /** Requests asked about at once. */
  parallel?: number;
}

export class StatusPoller {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private ticking = false;
  private readonly inFlight = new Set<string>();
  /** What each request looked like at its last answer, to tell a change from a repeat. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly options: StatusPollerOptions) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Asks about every watched request now, whatever the schedule says. */
  async pollNow(): Promise<void> {
    await this.poll([...this.options.sink.watched()]);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const watched = this.options.sink.watched();
      const live = new Set(watched.map((w) => w.ref));
      for (const ref of this.seen.keys()) if (!live.has(ref)) this.seen.delete(ref);
      await this.poll(this.options.schedule.due(watched, Date.now()));
    } finally {
      this.ticking = false;
    }
  }

  private async poll(requests: WatchedRequest[]): Promise<void> {
    const todo = requests.filter((w) => !this.inFlight.has(w.ref));
    let next = 0;
    const worker = async () => {
      while (next < todo.length && !this.stopped) {
        const { ref } = todo[next++]!;
        this.inFlight.add(ref);
        try {
          await this.pollOne(ref);
        } finally {
          this.inFlight.delete(ref);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.parallel ?? 8, todo.length) }, worker));
  }

  private async pollOne(ref: string): Promise<void> {
    const { sink, schedule } = this.options;
    try {
      const request = await this.options.get(ref);
      if (this.stopped) return;
      const fingerprint = `${request.status}:${request.amountReceived}:${request.expiresAt}`;
      const changed = this.seen.get(ref) !== fingerprint;
      this.seen.set(ref, fingerprint);
      schedule.answered(ref, changed, Date.now());
      sink.onRequest(request, 'poll');
    } catch (error) {
      if (this.stopped) return;
      schedule.answered(ref, false, Date.now());
      if (error instanceof PlatformError && error.kind === 'not_found') {
        sink.onUnknown(ref);
        return;
      }
      if (error instanceof PlatformError && (error.kind === 'unauthorized' || error.kind === 'token_expired')) {
        sink.onUnauthorized();
        return;
      }
      // Network trouble or a platform hiccup: the next round asks again; the outcome stays
      // what it was (pending), never a guess.
      sink.log?.warn('poll failed', { ref, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** While a push stream is up it brings the news, so only requests past their expiry (plus a
 *  safety margin) are asked about; while it is down, every watched request is. */
export function fallbackSchedule(options: { pushUp(): boolean; expirySafetyMs: number }): PollSchedule {
  return {
    due(watched, now) {
      if (!options.pushUp()) return [...watched];
      return watched.filter((w) => w.expiresAt !== null && Date.parse(w.expiresAt) + options.expirySafetyMs < now);
    },
    answered() {},
  };
}

/**
 * Polling only: each request is first asked about `minMs` after it is first watched, then
 * less and less often (×`factor`, up to `maxMs`) while nothing changes, once more just after
 * its expiry, and at `minMs` again after any change. Jitter keeps many tills from asking in step.
 */
export function backoffSchedule(options: { minMs: number; maxMs: number; factor: number; jitter?: number }): PollSchedule {
  const state = new Map<string, { nextAt: number; delay: number; expiryAsked: boolean }>();
  const jittered = (ms: number) => {
    const jitter = options.jitter ?? 0.2;
    return ms * (1 - jitter + Math.random() * 2 * jitter);
  };
  return {
    due(watched, now) {
      const live = new Set(watched.map((w) => w.ref));
      for (const ref of state.keys()) if (!live.has(ref)) state.delete(ref);
      const due: WatchedRequest[] = [];
      for (const w of watched) {
        let s = state.get(w.ref);
        if (!s) {
          state.set(w.ref, (s = { nextAt: now + jittered(options.minMs), delay: options.minMs, expiryAsked: false }));
        }
        const expired = w.expiresAt !== null && Date.parse(w.expiresAt) <= now;
        if (s.nextAt <= now) due.push(w);
        else if (expired && !s.expiryAsked) {
          s.expiryAsked = true;
          due.push(w);
        }
      }
      return due;
    },
    answered(ref, changed, now) {
      const s = state.get(ref);
      if (!s) return;
      s.delay = changed ? options.minMs : Math.min(options.maxMs, s.delay * options.factor);
      s.nextAt = now + jittered(s.delay);
    },
  };
}
