// The `till.*` channels: the till requests waiting for an answer (from the Caisse-AP terminal,
// when one runs) and what the till was not told (from the operation log, until the cashier
// acknowledges it), and the day's report of those. The core keeps no till state of its own.
import type Database from 'better-sqlite3';
import type { ParsedInput, TillReport, TillState } from '../common/contract';
import { parisDay, parisDayRange } from '../common/dates';
import { acknowledgeTillExchange, tillExchangesToReport, tillReport } from './db/till-exchanges';
import type { EventHub } from './event-hub';
import { CompanionFailure } from './failure';
import type { TillDesk, Unsubscribe } from './ports';

export class TillDeskChannels {
  private desk: TillDesk | null = null;
  private revision = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly hub: EventHub,
  ) {}

  register(desk: TillDesk): Unsubscribe {
    this.desk = desk;
    this.changed();
    return () => {
      if (this.desk !== desk) return;
      this.desk = null;
      this.changed();
    };
  }

  state(): TillState {
    return { requests: this.desk?.waiting() ?? [], attention: tillExchangesToReport(this.db), revision: this.revision };
  }

  changed(): void {
    this.revision += 1;
    this.hub.emit('till.changed', this.state());
  }

  async choose(input: ParsedInput<'till.choose'>): Promise<TillState> {
    if (!this.desk) throw CompanionFailure.of('not_found');
    const done = await this.desk.choose(input);
    if (!done.ok) throw new CompanionFailure(done.error);
    return this.state();
  }

  acknowledge(input: ParsedInput<'till.acknowledge'>): TillState {
    if (!acknowledgeTillExchange(this.db, input.exchangeId, new Date().toISOString())) throw CompanionFailure.of('not_found');
    this.changed();
    return this.state();
  }

  report(input: ParsedInput<'till.report'>): TillReport {
    const day = input.day ?? parisDay();
    let range: { from: string; to: string };
    try {
      range = parisDayRange(day);
    } catch {
      throw CompanionFailure.of('bad_request', { field: 'day' });
    }
    // 2026-02-30 would otherwise be read as 2 March: a day that does not exist is refused.
    if (parisDay(range.from) !== day) throw CompanionFailure.of('bad_request', { field: 'day' });
    return { day, items: tillReport(this.db, range) };
  }
}
