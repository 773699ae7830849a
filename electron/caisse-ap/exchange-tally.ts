// Frames that never became a payment request (malformed, identification, refusals, tills gone in
// the middle of their request) are counted, not kept one by one: per UTC day, address, kind and
// result, in memory, written in one transaction every few seconds. A flood of junk then costs one
// commit per flush instead of an fsync-ed row per frame, and the counts are pruned after a while.
import type { TallyKind, TillTally } from '../core/db/till-exchanges';
import type { Logger } from '../core/ports';
import type { CaisseApCore } from './core';

/** Counts older than this are dropped at the next flush. */
export const TALLY_RETENTION_DAYS = 90;

export class ExchangeTally {
  private readonly pending = new Map<string, TillTally>();
  private timer: NodeJS.Timeout | null = null;
  private prunedDay: string | null = null;

  constructor(
    private readonly core: Pick<CaisseApCore, 'till'>,
    private readonly flushMs: number,
    private readonly log?: Logger,
  ) {}

  add(entry: { kind: TallyKind; remoteAddress: string; resultCode: string | null; request: string; bytes: number }): void {
    const at = new Date().toISOString();
    const day = at.slice(0, 10);
    const resultCode = entry.resultCode ?? '';
    const key = `${day}\u0000${entry.remoteAddress}\u0000${entry.kind}\u0000${resultCode}`;
    const known = this.pending.get(key);
    if (known) {
      known.count += 1;
      known.bytes += entry.bytes;
      known.lastAt = at;
      known.sampleRequest = entry.request;
    } else {
      this.pending.set(key, {
        day,
        remoteAddress: entry.remoteAddress,
        kind: entry.kind,
        resultCode,
        count: 1,
        bytes: entry.bytes,
        firstAt: at,
        lastAt: at,
        sampleRequest: entry.request,
      });
    }
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes what was counted since the last flush (one transaction). Never throws. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    try {
      this.core.till.exchanges.addTallies(batch);
      const today = new Date().toISOString().slice(0, 10);
      if (this.prunedDay !== today) {
        this.prunedDay = today;
        const cutoff = new Date(Date.now() - TALLY_RETENTION_DAYS * 86_400_000).toISOString().slice(0, 10);
        this.core.till.exchanges.pruneTallies(cutoff);
      }
    } catch (error) {
      this.log?.error('caisse-ap: could not record the counts of rejected frames', { error: String(error) });
    }
  }
}
