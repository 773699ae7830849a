// Polls for status changes on behalf of a StatusSink, at a pace the platform can bear: at most
// one platform call per tick, whatever the number of requests pending. While a platform can say
// "what changed since", that one call covers every request; otherwise one watched request is
// asked about per tick, chosen by a schedule (the sandbox while its stream is down and it cannot
// list changes: each in turn; a platform without push: each with backoff, a fresh request
// first). A request the platform does not know is reported once; a refused session stops nothing
// by itself: the sink decides (it asks the merchant to log in again).
import type { ListPage, PlatformPaymentRequest, StatusSink, WatchedRequest } from './gateway';
import { PlatformError } from './platform-error';

export interface PollSchedule {
  /** Which of the watched requests are due now, the most urgent first. */
  due(watched: readonly WatchedRequest[], now: number): WatchedRequest[];
  /** After an answer (or a failure: `changed` false): when to ask again. */
  answered(ref: string, changed: boolean, now: number): void;
  /** Everything watched is due now (after a reconnection). */
  reset?(): void;
}

/**
 * At most one call per `intervalMs`: every platform call a follower makes waits for its turn
 * here, so a read that needs two calls (Worldline: the link, then its payment) still counts two.
 */
export class CallPacer {
  private nextAt = 0;
  private waiting: Promise<void> = Promise.resolve();

  constructor(private readonly intervalMs: number) {}

  /** Resolves when the next call may start. */
  turn(): Promise<void> {
    const mine = this.waiting.then(async () => {
      const wait = this.nextAt - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref?.());
      this.nextAt = Date.now() + this.intervalMs;
    });
    this.waiting = mine;
    return mine;
  }
}

/** Where "what changed" is read from: since an instant, possibly mid-way through its pages. */
interface ChangesPosition {
  since: string;
  cursor: string | null;
  /** The latest change seen while walking the pages of `since`. */
  latest: string | null;
}

/** Changes are asked for from a little before the last one seen: a platform may stamp a change
 *  a moment before it commits it, and seeing a state twice records it once. */
const CHANGES_OVERLAP_MS = 2_000;
/** Where to start when no platform time is known yet (our clock, with room for the platform's). */
const CHANGES_LOOKBACK_MS = 15 * 60_000;
const CHANGES_PAGE_SIZE = 100;

export interface StatusPollerOptions {
  sink: StatusSink;
  /** How often a poll may happen: one platform call per tick at most. */
  tickMs: number;
  /** Reads one request; each platform call inside waits for `pace.turn()`. */
  get(ref: string, pace: CallPacer): Promise<PlatformPaymentRequest>;
  /** One page of what changed, when the platform can list changes. */
  changes?(query: { since: string; cursor?: string; limit: number }): Promise<ListPage>;
  /** The latest `updatedAt` this platform has shown (its own clock), to ask for changes since. */
  latestPlatformTime?(): string | null;
  /** Which watched requests to ask about one by one (when changes cannot be listed, or while a
   *  push channel is up: those past their expiry). */
  schedule: PollSchedule;
  /** Whether a push channel brings the news now (polls then only cover what it cannot). */
  pushUp(): boolean;
}

export class StatusPoller {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private busy: Promise<void> | null = null;
  private changesUnsupported = false;
  private position: ChangesPosition | null = null;
  private readonly pace: CallPacer;
  /** What each request looked like at its last answer, to tell a change from a repeat. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly options: StatusPollerOptions) {
    this.pace = new CallPacer(options.tickMs);
  }

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

  /** Where "what changed" is read from is forgotten (a push channel came up or went down). */
  restartChanges(): void {
    this.position = null;
  }

  /** One poll now (still at most one call per tick); every watched request becomes due. */
  async pollNow(): Promise<void> {
    this.options.schedule.reset?.();
    await this.tick(true);
  }

  /** One tick: at most one platform call. Returns once it is done. */
  tick(force = false): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.busy) return force ? this.busy.then(() => this.tick()) : this.busy;
    this.busy = this.pollOnce().finally(() => {
      this.busy = null;
    });
    return this.busy;
  }

  private get listsChanges(): boolean {
    return this.options.changes !== undefined && !this.changesUnsupported;
  }

  private async pollOnce(): Promise<void> {
    const watched = this.options.sink.watched();
    const live = new Set(watched.map((w) => w.ref));
    for (const ref of this.seen.keys()) if (!live.has(ref)) this.seen.delete(ref);
    if (!this.options.pushUp() && this.listsChanges) {
      await this.readChanges();
      return;
    }
    const next = this.options.schedule.due(watched, Date.now())[0];
    if (!next) {
      // Nothing to ask: polling has nothing to report against the platform.
      if (!this.options.pushUp() && watched.length === 0) this.options.sink.onPollAnswered?.(true);
      return;
    }
    await this.readOne(next.ref);
  }

  private async readChanges(): Promise<void> {
    const position = (this.position ??= { since: this.startingPoint(), cursor: null, latest: null });
    let page: ListPage;
    try {
      await this.pace.turn();
      if (this.stopped) return;
      page = await this.options.changes!({
        since: position.since,
        limit: CHANGES_PAGE_SIZE,
        ...(position.cursor ? { cursor: position.cursor } : {}),
      });
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof PlatformError && error.kind === 'validation_error') {
        // A platform without "what changed": one request per tick, never a burst.
        this.options.sink.log?.warn('the platform cannot list what changed: asking one pending request per tick', { error: error.message });
        this.changesUnsupported = true;
        return;
      }
      this.failed(error);
      return;
    }
    if (this.stopped) return;
    const report = () => {
      for (const request of page.items) this.options.sink.onRequest(request, 'poll');
    };
    if (this.options.sink.inBatch) this.options.sink.inBatch(report);
    else report();
    for (const request of page.items) if (!position.latest || request.updatedAt > position.latest) position.latest = request.updatedAt;
    if (page.nextCursor) {
      position.cursor = page.nextCursor;
    } else {
      const next = position.latest ? new Date(Date.parse(position.latest) - CHANGES_OVERLAP_MS).toISOString() : position.since;
      this.position = { since: next > position.since ? next : position.since, cursor: null, latest: null };
    }
    this.options.sink.onPollAnswered?.(true);
  }

  /** From a little before the latest platform time seen (the platform's own clock), else from a
   *  while ago by ours. */
  private startingPoint(): string {
    const latest = this.options.latestPlatformTime?.() ?? null;
    const from = latest ? Date.parse(latest) - CHANGES_OVERLAP_MS : Date.now() - CHANGES_LOOKBACK_MS;
    return new Date(from).toISOString();
  }

  private async readOne(ref: string): Promise<void> {
    const { sink, schedule } = this.options;
    try {
      const request = await this.options.get(ref, this.pace);
      if (this.stopped) return;
      const fingerprint = `${request.status}:${request.amountReceived}:${request.expiresAt}:${request.platformState.status}`;
      const changed = this.seen.get(ref) !== fingerprint;
      this.seen.set(ref, fingerprint);
      schedule.answered(ref, changed, Date.now());
      sink.onRequest(request, 'poll');
      sink.onPollAnswered?.(true);
    } catch (error) {
      if (this.stopped) return;
      schedule.answered(ref, false, Date.now());
      if (error instanceof PlatformError && error.kind === 'not_found') {
        sink.onPollAnswered?.(true);
        sink.onUnknown(ref);
        return;
      }
      this.failed(error, ref);
    }
  }

  private failed(error: unknown, ref?: string): void {
    const { sink } = this.options;
    if (error instanceof PlatformError && (error.kind === 'unauthorized' || error.kind === 'token_expired')) {
      sink.onUnauthorized();
      return;
    }
    // Network trouble or a platform hiccup: the next round asks again; the outcome stays what it
    // was (pending), never a guess. A refusal is an answer; no answer at all is an unreachable platform.
    sink.log?.warn('poll failed', { ...(ref ? { ref } : {}), error: error instanceof Error ? error.message : String(error) });
    sink.onPollAnswered?.(error instanceof PlatformError && error.refusedForSure);
  }
}

/** While a push stream is up it brings the news, so only requests past their expiry (plus a
 *  safety margin) are due; while it is down, every watched request is (asked one per tick, in
 *  turn: the poller never asks about them all at once). */
export function fallbackSchedule(options: { pushUp(): boolean; expirySafetyMs: number }): PollSchedule {
  /** The next request in turn starts after the last one asked. */
  let lastAsked: string | null = null;
  return {
    due(watched, now) {
      const due = !options.pushUp()
        ? [...watched]
        : watched.filter((w) => w.expiresAt !== null && Date.parse(w.expiresAt) + options.expirySafetyMs < now);
      const after = lastAsked === null ? -1 : due.findIndex((w) => w.ref === lastAsked);
      return after < 0 ? due : [...due.slice(after + 1), ...due.slice(0, after + 1)];
    },
    answered(ref) {
      lastAsked = ref;
    },
  };
}

/**
 * Polling only: each request is first asked about `minMs` after it is first watched, then
 * less and less often (×`factor`, up to `maxMs`) while nothing changes, once more just after
 * its expiry, and at `minMs` again after any change. Jitter keeps many tills from asking in step.
 * When more are due than the pace allows, the freshest (shortest delay) go first, then the
 * longest overdue: nothing starves.
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
      const due: Array<{ w: WatchedRequest; priority: number; since: number }> = [];
      for (const w of watched) {
        let s = state.get(w.ref);
        if (!s) {
          state.set(w.ref, (s = { nextAt: now + jittered(options.minMs), delay: options.minMs, expiryAsked: false }));
        }
        const expired = w.expiresAt !== null && Date.parse(w.expiresAt) <= now;
        if (s.nextAt <= now) due.push({ w, priority: s.delay, since: s.nextAt });
        else if (expired && !s.expiryAsked) {
          s.expiryAsked = true;
          due.push({ w, priority: 0, since: now });
        }
      }
      return due.sort((a, b) => a.priority - b.priority || a.since - b.since).map((d) => d.w);
    },
    answered(ref, changed, now) {
      const s = state.get(ref);
      if (!s) return;
      s.delay = changed ? options.minMs : Math.min(options.maxMs, s.delay * options.factor);
      s.nextAt = now + jittered(s.delay);
    },
    reset() {
      for (const s of state.values()) s.nextAt = 0;
    },
  };
}
