// Till exchanges that ended without the truth: the till was answered "taken into account, result
// unknown" (AE=11) or gave up while the platform could not say whether the customer had paid.
// The core keeps following their requests (event stream, polling, reconciliation at start-up);
// when every request of the basket is final, the outcome is recorded and the cashier told, loudly
// when money came in that the till does not know of. Also, at start-up: exchanges left without an
// answer by a companion that stopped (its tills' connections died with it) are settled as
// abandoned ones: what is still payable is cancelled.
import { isFinalStatus } from '../common/contract';
import type { Logger } from '../core/ports';
import type { CaisseApCore } from './core';
import { notices, type TillNoticeDraft } from './notices';

interface Followed {
  exchangeId: number;
  firstOperationId: string;
  /** The till had gone (nothing was answered) rather than being answered AE=11. */
  tillGone: boolean;
}

export class UnresolvedExchanges {
  private readonly followed = new Map<number, Followed>();
  private readonly offs: Array<() => void>;

  constructor(
    private readonly core: CaisseApCore,
    private readonly notify: (notice: TillNoticeDraft) => void,
    private readonly log?: Logger,
  ) {
    this.offs = [
      core.on('payment.updated', (operation) => {
        if (!isFinalStatus(operation.status)) return;
        for (const entry of [...this.followed.values()]) this.check(entry, operation.id);
      }),
      // A cancel that failed because nobody was logged in is tried again once someone is: a till
      // that gave up must not leave its request payable.
      core.on('session.changed', (session) => {
        if (session.status !== 'logged_in') return;
        for (const entry of [...this.followed.values()]) if (entry.tillGone) void this.cancelOpen(entry.firstOperationId);
      }),
    ];
  }

  /** Picks up what an earlier run left: unresolved exchanges, and requests nobody answered. */
  async resume(): Promise<void> {
    const log = this.core.till.exchanges;
    try {
      for (const row of log.unresolved()) {
        if (row.operationId) this.follow(row.id, row.operationId, row.delivery !== 'sent');
      }
      for (const row of log.unanswered()) await this.settleOrphan(row.id, row.operationId!);
    } catch (error) {
      this.log?.error('caisse-ap: could not resume the unresolved till exchanges', { error: String(error) });
    }
  }

  follow(exchangeId: number, firstOperationId: string, tillGone: boolean): void {
    const entry = { exchangeId, firstOperationId, tillGone };
    this.followed.set(exchangeId, entry);
    this.check(entry, null);
  }

  close(): void {
    for (const off of this.offs) off();
    this.followed.clear();
  }

  private async cancelOpen(firstOperationId: string): Promise<void> {
    for (const op of this.core.till.exchanges.basket(firstOperationId).operations) {
      if (op.status !== 'pending' && op.status !== 'creating') continue;
      await this.core.invoke('payments.cancel', { id: op.id }, { origin: 'caisse-ap' }).catch(() => null);
    }
  }

  /** An exchange whose till connection died with an earlier run of the companion. */
  private async settleOrphan(exchangeId: number, firstOperationId: string): Promise<void> {
    const log = this.core.till.exchanges;
    await this.cancelOpen(firstOperationId);
    log.answer(exchangeId, { answerFrame: null, resultCode: null, delivery: 'none' });
    const basket = log.basket(firstOperationId);
    if (basket.open) {
      log.outcome(exchangeId, { outcome: 'unresolved', amountReceived: null });
      const first = basket.operations[0];
      if (first) this.notify(notices.unresolved(first.id, first.basketNumber, true));
      this.follow(exchangeId, firstOperationId, true);
      return;
    }
    this.conclude({ exchangeId, firstOperationId, tillGone: true });
  }

  private check(entry: Followed, changedId: string | null): void {
    try {
      const basket = this.core.till.exchanges.basket(entry.firstOperationId);
      if (changedId !== null && !basket.operations.some((op) => op.id === changedId)) return;
      if (basket.open) return;
      this.followed.delete(entry.exchangeId);
      this.conclude(entry);
    } catch (error) {
      this.log?.error('caisse-ap: could not settle an unresolved till exchange', { exchangeId: entry.exchangeId, error: String(error) });
    }
  }

  private conclude(entry: Followed): void {
    const log = this.core.till.exchanges;
    const basket = log.basket(entry.firstOperationId);
    const first = basket.operations[0];
    if (!first) return;
    if (basket.received > 0) {
      const outcome = entry.tillGone ? 'paid_after_abandon' : 'paid_after_unknown';
      log.outcome(entry.exchangeId, { outcome, amountReceived: basket.received });
      this.notify(
        entry.tillGone
          ? notices.paidAfterAbandon(first.id, first.basketNumber, basket.received)
          : notices.paidAfterUnknown(first.id, first.basketNumber, basket.received),
      );
    } else {
      log.outcome(entry.exchangeId, { outcome: entry.tillGone ? 'abandoned' : 'unpaid_after_unknown', amountReceived: 0 });
      this.notify(entry.tillGone ? notices.abandoned(first.id, first.basketNumber) : notices.unpaidAfterUnknown(first.id, first.basketNumber));
    }
    this.core.till.changed();
  }
}
