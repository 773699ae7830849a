// One debit from a till, from its payment request to the till's answer. The rules, each for a
// way a merchant could take money twice or hand goods over unpaid:
// - The till is answered "not done" (AE=01) only when nothing of the basket can still be paid:
//   every request for it is final (cancelled first if need be).
// - A till that did not accept partial payments (no BF=1) is never told a smaller amount with
//   AE=10: it keeps waiting while the cashier chooses to ask the rest in Chèque-Vacances (a
//   follow-up request; AE=10 with the whole amount once the basket is paid) or to have it paid
//   otherwise (AE=01 AF=11, and the cashier records the amount received on the till by hand).
// - A till that gives up (its connection closes) leaves nothing payable: what is pending is
//   cancelled at once, and a payment that lands anyway is announced loudly.
// - Before the till's own timeout, the companion cancels what is pending and answers what it
//   then knows; when it cannot know (the platform unreachable), it answers AE=11 ("taken into
//   account", no result) and the cashier is told; the truth is followed and announced.
// What the till was not told is recorded against the exchange until the cashier acknowledges it.
import { Operation, type ContractError, type TillOutcome, type TillWaitingRequest } from '../common/contract';
import type { BasketOperation, BasketProgress } from '../core/db/till-exchanges';
import type { Logger } from '../core/ports';
import type { TillRefusal } from '../common/till-notice';
import type { BasketChoice } from './basket';
import type { CaisseApCore } from './core';
import { authorisationNumber, encodeAnswer, resultCode, type AnswerEcho, type FailureReason, type TillRequest, type TillResult } from './messages';
import { notices, type TillNoticeDraft } from './notices';
import { tillSchedule, type CaisseApTiming } from './options';
import type { ReceivedFrame, TillLink } from './transaction';
import { contractError } from '../common/error-messages';

type Stage = 'creating' | 'awaiting_payment' | 'partial' | 'awaiting_remainder' | 'settling' | 'done';

export interface TillDebitDeps {
  core: CaisseApCore;
  /** A request that never became a payment request (the create failed before any intent): counted. */
  countRefusal(resultCode: string): void;
  timing: Pick<CaisseApTiming, 'tillTimeoutMs' | 'settleLeadMs' | 'answerLeadMs' | 'finalStatusGraceMs'>;
  notify(notice: TillNoticeDraft): void;
  /** The exchange ended without the truth: follow it until it is known. */
  followUnresolved(exchangeId: number, firstOperationId: string, tillGone: boolean): void;
  log?: Logger;
}

export type ChoiceResult = { ok: true } | { ok: false; error: ContractError };

/** A create answered with these may have made the request: its outcome is unknown, not refused. */
const OUTCOME_UNKNOWN_CODES = new Set<ContractError['code']>(['outcome_unknown', 'timeout']);

const NO_CHOICE_PENDING: ContractError = contractError('not_pending', { reason: 'till_choice_not_waiting' });

/** What a till notice keeps of a refusal: the code and the details its sentence needs. */
function refusalError(error: ContractError): Extract<TillRefusal, { cause: 'error' }>['error'] {
  const { reason, field, minAmount, maxAmount } = error.details ?? {};
  const details = {
    ...(reason ? { reason } : {}),
    ...(field ? { field } : {}),
    ...(minAmount !== undefined ? { minAmount } : {}),
    ...(maxAmount !== undefined ? { maxAmount } : {}),
  };
  return Object.keys(details).length ? { code: error.code, details } : { code: error.code };
}

export class TillDebit {
  private stage: Stage = 'creating';
  private first: Operation | null = null;
  private basket: BasketProgress = { operations: [], received: 0, open: true };
  private readonly startedAt = new Date();
  private readonly answerBy: Date;
  private tillGone = false;
  /** The time to settle came while the create call was still out. */
  private settleDue = false;
  /** BA=1: "taken into account" was sent at once; the result is only recorded. */
  private answeredAtOnce = false;
  private partialAnnounced = false;
  private followUpCreate: Promise<unknown> | null = null;
  private settling: Promise<void> | null = null;
  private truthWaiter: (() => void) | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly off: () => void;
  private finishRun!: () => void;
  private readonly finished = new Promise<void>((resolve) => (this.finishRun = resolve));

  /** The exchange's row in the log: written once the payment request exists (null before, or
   *  when the create failed before any intent was written, or the log could not be written). */
  private exchange: number | null = null;

  constructor(
    private readonly received: ReceivedFrame,
    private readonly request: TillRequest,
    private readonly basketChoice: BasketChoice,
    private readonly link: TillLink,
    private readonly deps: TillDebitDeps,
  ) {
    const schedule = tillSchedule(deps.timing);
    this.answerBy = new Date(this.startedAt.getTime() + schedule.answerAfterMs);
    this.off = deps.core.on('payment.updated', (operation) => this.onUpdate(operation));
    if (!request.answerAtOnce) {
      this.after(schedule.settleAfterMs, () => void this.settle('deadline'));
      this.after(schedule.answerAfterMs, () => this.truthWaiter?.());
    }
    link.onGone(() => this.onTillGone());
  }

  /** Creates the payment request and resolves once the till's exchange is over. */
  async run(): Promise<void> {
    const { core } = this.deps;
    const created = await core.invoke(
      'payments.create',
      { amount: this.request.amount, basketNumber: this.basketChoice.basketNumber },
      { origin: 'caisse-ap' },
    );
    // The row is written once the payment request exists (not before: one commit less between the
    // till's request and the QR). One till request at a time: the only till intent announced
    // meanwhile is this one's, even when the platform refused it.
    const operationId = created.ok ? (created.value as Operation).id : (created.error.details?.operationId ?? this.announcedId);
    if (operationId) this.openExchange(operationId);
    if (this.stage === 'done') return this.finished; // aborted meanwhile: an earlier run's exchange, settled at the next start
    // The platform may have made the request although it did not say so: that is not a refusal.
    // The till waits while reconciliation finds out (and cancels it if it exists: its QR was
    // never shown), then hears the truth.
    const unknown = !created.ok && operationId !== null && OUTCOME_UNKNOWN_CODES.has(created.error.code);
    const read = unknown ? await core.invoke('payments.get', { id: operationId }, { origin: 'caisse-ap' }) : null;
    if (!created.ok && !read?.ok) {
      this.deps.notify(notices.refused(operationId, { cause: 'error', error: refusalError(created.error) }));
      await this.reply({ kind: 'not_done', reason: 'refused' });
      if (!operationId) this.deps.countRefusal(resultCode({ kind: 'not_done', reason: 'refused' }));
      return this.finished;
    }
    const operation = Operation.parse(created.ok ? created.value : read!.ok ? read!.value : null);
    if (!created.ok) this.deps.notify(notices.createUnknown(operation.id, operation.basketNumber));
    this.first = operation;
    if (this.basketChoice.source === 'generated') {
      this.deps.notify(notices.basketGenerated(operation.id, this.basketChoice.basketNumber, this.request.tags.CA, this.basketChoice.unusable));
    }
    this.deps.log?.info('caisse-ap: payment request created', {
      operationId: operation.id,
      basketNumber: operation.basketNumber,
      amount: this.request.amount,
      remote: this.link.remoteAddress,
    });
    if (this.request.answerAtOnce) {
      const text = encodeAnswer(this.echo, { kind: 'taken_into_account' });
      const delivered = await this.link.answer(text);
      this.exchanges((log, id) => log.answer(id, { answerFrame: text, resultCode: '11', delivery: delivered ? 'immediate' : 'undelivered' }));
      this.answeredAtOnce = true;
    }
    this.stage = 'awaiting_payment';
    this.changed();
    if (this.tillGone) void this.settle('gone');
    else if (this.settleDue) void this.settle('deadline');
    else this.evaluate();
    return this.finished;
  }

  /** What the cashier screen lists while the till waits. */
  view(): TillWaitingRequest | null {
    if (this.answeredAtOnce || this.stage === 'done' || this.exchange === null) return null;
    const current = this.currentOperationId();
    return {
      exchangeId: this.exchange,
      register: this.request.tags.CA,
      basketNumber: this.first?.basketNumber ?? this.basketChoice.basketNumber,
      amountRequested: this.request.amount,
      amountReceived: this.basket.received,
      remainder: Math.max(0, this.request.amount - this.basket.received),
      state: this.stage === 'creating' ? 'awaiting_payment' : this.stage,
      operationId: current,
      operationIds: this.operationIds(),
      startedAt: this.startedAt.toISOString(),
      answerBy: this.answerBy.toISOString(),
    };
  }

  /** The cashier's choice on a partial payment. */
  async choose(choice: 'ask_remainder' | 'paid_otherwise'): Promise<ChoiceResult> {
    if (this.stage !== 'partial' || !this.first) return { ok: false, error: NO_CHOICE_PENDING };
    const received = this.basket.received;
    const remainder = this.request.amount - received;
    if (choice === 'paid_otherwise') {
      await this.reply({ kind: 'not_done', reason: 'operator_abandon' }, { outcome: 'partial_not_told', why: 'paid_otherwise' });
      return { ok: true };
    }
    const partial = this.lastPartialOperation();
    if (!partial) return { ok: false, error: NO_CHOICE_PENDING };
    this.stage = 'awaiting_remainder';
    this.changed();
    const creating = this.deps.core.invoke(
      'payments.create',
      { amount: remainder, basketNumber: partial.basketNumber, followUpOf: partial.id },
      { origin: 'caisse-ap' },
    );
    this.followUpCreate = creating;
    const created = await creating;
    this.followUpCreate = null;
    if (this.over()) return created.ok ? { ok: true } : { ok: false, error: created.error };
    if (!created.ok) {
      this.stage = 'partial';
      this.evaluate();
      this.changed();
      return { ok: false, error: created.error };
    }
    this.evaluate();
    return { ok: true };
  }

  /** The server is shutting down: no answer is sent after this. */
  abort(): void {
    if (this.stage === 'done') return;
    this.stage = 'done';
    this.dispose();
    this.finishRun();
  }

  // ---- what happens -----------------------------------------------------------------------

  private announced: string | null = null;
  private get announcedId(): string | null {
    return this.announced;
  }

  private onUpdate(operation: Operation): void {
    if (operation.status === 'creating' && operation.origin === 'caisse-ap' && !this.first) this.announced ??= operation.id;
    if (!this.first || this.stage === 'done') return;
    const ids = this.operationIds();
    const ours = ids.includes(operation.id) || (operation.followUpOf !== null && ids.includes(operation.followUpOf));
    if (!ours) return;
    if (this.stage === 'settling') {
      this.refreshBasket();
      if (!this.basket.open) this.truthWaiter?.();
      return;
    }
    this.evaluate();
  }

  /** Decides from the basket's requests as the log has them (the truth the core recorded). */
  private evaluate(): void {
    if (!this.first || this.stage === 'done' || this.stage === 'settling' || this.stage === 'creating') return;
    this.refreshBasket();
    const { received, open } = this.basket;
    const requested = this.request.amount;
    if (open) {
      const next = received > 0 || this.basket.operations.length > 1 ? 'awaiting_remainder' : 'awaiting_payment';
      if (next !== this.stage) {
        this.stage = next;
        this.changed();
      }
      this.watchExpiry();
      return;
    }
    if (this.answeredAtOnce) {
      // BA=1: the till has its answer; record what became of the request.
      this.exchanges((log, id) => log.result(id, resultCode(this.resultFor(received))));
      this.stage = 'done';
      this.dispose();
      return;
    }
    if (received >= requested || (received > 0 && this.request.partialAccepted === true)) {
      void this.reply(this.resultFor(received));
      return;
    }
    if (received === 0) {
      void this.reply(this.resultFor(0));
      return;
    }
    if (this.followUpCreate) return; // the follow-up is being created: its announcement comes next
    if (this.stage !== 'partial') {
      this.stage = 'partial';
      if (!this.partialAnnounced) {
        this.partialAnnounced = true;
        this.deps.notify(notices.partialWaiting(this.first.id, this.first.basketNumber, received, requested - received));
      }
      this.changed();
    }
  }

  /** The answer for what was received when nothing is payable any more. */
  private resultFor(received: number): TillResult {
    if (received > 0) {
      const paid = this.basket.operations.filter((op) => op.amountReceived > 0).at(-1);
      return { kind: 'done', amountPaid: received, authorisation: authorisationNumber(paid?.platformId ?? this.first?.platformId ?? null) };
    }
    const first = this.first ? this.latest(this.first.id) : null;
    const reason: FailureReason = first?.status === 'cancelled' ? 'operator_abandon' : first?.status === 'failed' ? 'refused' : 'timeout';
    if (first?.status === 'failed') {
      this.deps.notify(notices.refused(first.id, { cause: 'failed', failureCode: first.failureCode ?? 'platform_error' }));
    }
    return { kind: 'not_done', reason };
  }

  private onTillGone(): void {
    if (this.stage === 'done' || this.answeredAtOnce) return;
    this.tillGone = true;
    this.deps.log?.info('caisse-ap: the till gave up before its answer', { exchangeId: this.exchange, stage: this.stage });
    if (this.stage === 'creating') return; // settled once the create has returned
    // Waiting for the truth before answering: there is nobody left to answer.
    this.truthWaiter?.();
    void this.settle('gone');
  }

  /** The till is gone, or its time is nearly up: cancel what can still be paid, then conclude. */
  private settle(reason: 'gone' | 'deadline'): Promise<void> {
    if (this.stage === 'creating' && reason === 'deadline') this.settleDue = true;
    if (this.stage === 'done' || this.stage === 'creating' || this.answeredAtOnce) return Promise.resolve();
    this.settling ??= this.settleNow(reason);
    return this.settling;
  }

  private async settleNow(reason: 'gone' | 'deadline'): Promise<void> {
    this.refreshBasket();
    const receivedBefore = this.basket.received;
    this.stage = 'settling';
    this.changed();
    if (this.followUpCreate) await this.followUpCreate.catch(() => undefined);
    for (const id of this.operationIds()) {
      const status = this.latest(id)?.status;
      if (status !== 'pending' && status !== 'creating') continue;
      const cancelled = await this.deps.core.invoke('payments.cancel', { id }, { origin: 'caisse-ap' }).catch(() => null);
      if (!cancelled?.ok) {
        this.deps.log?.warn('caisse-ap: could not cancel a request nobody waits for', { operationId: id, error: cancelled?.error.code ?? 'unknown' });
      }
    }
    this.refreshBasket();
    if (this.basket.open && !this.tillGone) {
      // The platform did not say: wait for the truth as long as the till still waits.
      await new Promise<void>((resolve) => {
        this.truthWaiter = resolve;
        if (Date.now() >= this.answerBy.getTime()) resolve();
      });
      this.truthWaiter = null;
      this.refreshBasket();
    }
    await this.conclude(reason === 'gone' || this.tillGone, receivedBefore);
  }

  private async conclude(tillGone: boolean, receivedBefore: number): Promise<void> {
    if (this.stage === 'done') return;
    const first = this.first!;
    const { received, open } = this.basket;
    const requested = this.request.amount;
    if (open) {
      // Nobody knows whether the customer paid: never "not done"; the truth is followed.
      if (tillGone) await this.endWithoutAnswer({ outcome: 'unresolved' });
      else await this.reply({ kind: 'unknown' }, { outcome: 'unresolved' });
      this.deps.notify(notices.unresolved(first.id, first.basketNumber, tillGone));
      if (this.exchange !== null) this.deps.followUnresolved(this.exchange, first.id, tillGone);
      return;
    }
    if (tillGone) {
      if (received === 0) {
        await this.endWithoutAnswer({ outcome: 'abandoned' });
        this.deps.notify(notices.abandoned(first.id, first.basketNumber));
      } else if (received > receivedBefore) {
        await this.endWithoutAnswer({ outcome: 'paid_after_abandon' });
        this.deps.notify(notices.paidAfterAbandon(first.id, first.basketNumber, received));
      } else {
        await this.endWithoutAnswer({ outcome: 'partial_not_told' });
        this.deps.notify(notices.partialNotTold(first.id, first.basketNumber, received, requested - received, 'till_gone'));
      }
      return;
    }
    if (received >= requested || (received > 0 && this.request.partialAccepted === true)) {
      await this.reply(this.resultFor(received));
    } else if (received === 0) {
      const cancelledByUs = this.latest(first.id)?.status === 'cancelled';
      await this.reply({ kind: 'not_done', reason: 'timeout' });
      if (cancelledByUs) this.deps.notify(notices.timedOut(first.id, first.basketNumber));
    } else {
      await this.reply({ kind: 'not_done', reason: 'timeout' }, { outcome: 'partial_not_told', why: 'till_timeout' });
    }
  }

  /** Answers the till (once), records the exchange and what the till was not told. */
  private async reply(result: TillResult, untold?: { outcome: TillOutcome; why?: 'paid_otherwise' | 'till_timeout' }): Promise<void> {
    if (this.stage === 'done') return;
    this.stage = 'done';
    this.dispose();
    const text = encodeAnswer(this.echo, result);
    const delivered = await this.link.answer(text);
    this.exchanges((log, id) => log.answer(id, { answerFrame: text, resultCode: resultCode(result), delivery: delivered ? 'sent' : 'undelivered' }));
    const first = this.first;
    const received = this.basket.received;
    if (!delivered && first && untold?.outcome !== 'unresolved') {
      // Gone at the last moment: the till knows nothing of what was received.
      if (received > 0) {
        this.recordOutcome('partial_not_told');
        this.deps.notify(notices.partialNotTold(first.id, first.basketNumber, received, Math.max(0, this.request.amount - received), 'till_gone'));
      } else {
        this.deps.notify(notices.undelivered(first.id, first.basketNumber));
      }
    } else if (untold && first) {
      this.recordOutcome(untold.outcome);
      if (untold.why) this.deps.notify(notices.partialNotTold(first.id, first.basketNumber, received, this.request.amount - received, untold.why));
    }
    this.changed();
    this.finishRun();
  }

  private async endWithoutAnswer(untold: { outcome: TillOutcome }): Promise<void> {
    if (this.stage === 'done') return;
    this.stage = 'done';
    this.dispose();
    this.exchanges((log, id) => log.answer(id, { answerFrame: null, resultCode: null, delivery: 'none' }));
    this.recordOutcome(untold.outcome);
    this.changed();
    this.finishRun();
  }

  private recordOutcome(outcome: TillOutcome): void {
    this.exchanges((log, id) => log.outcome(id, { outcome, amountReceived: outcome === 'unresolved' ? null : this.basket.received }));
  }

  // ---- helpers ------------------------------------------------------------------------------

  private get echo(): AnswerEcho {
    return this.request.tags;
  }

  private refreshBasket(): void {
    if (!this.first) return;
    try {
      this.basket = this.deps.core.till.exchanges.basket(this.first.id);
    } catch (error) {
      this.deps.log?.error('caisse-ap: could not read the basket', { error: String(error) });
    }
  }

  get exchangeId(): number | null {
    return this.exchange;
  }

  private openExchange(operationId: string): void {
    try {
      this.exchange = this.deps.core.till.exchanges.open({
        remoteAddress: this.link.remoteAddress,
        requestFrame: this.received.frame,
        register: this.request.tags.CA,
        amountRequested: this.request.amount,
        operationId,
      });
    } catch (error) {
      this.deps.log?.error('caisse-ap: could not record the exchange', { error: String(error) });
    }
  }

  /** Settling or answered: the cashier's choices no longer apply (read through a method so the
   *  compiler does not narrow `stage` across the awaits that may change it). */
  private over(): boolean {
    return this.stage === 'settling' || this.stage === 'done';
  }

  private operationIds(): string[] {
    if (this.basket.operations.length) return this.basket.operations.map((op) => op.id);
    return this.first ? [this.first.id] : [];
  }

  private currentOperationId(): string | null {
    const open = this.basket.operations.filter((op) => op.status === 'pending' || op.status === 'creating').at(-1);
    return open?.id ?? this.operationIds().at(-1) ?? null;
  }

  /** The request as the log had it at the last refresh (a local read, no platform call). */
  private latest(id: string): BasketOperation | null {
    return this.basket.operations.find((op) => op.id === id) ?? null;
  }

  /** The latest request of the basket that was paid in part: the rest is asked as its follow-up. */
  private lastPartialOperation(): BasketOperation | null {
    return this.basket.operations.filter((op) => op.status === 'validated' && op.amountReceived < op.amountRequested).at(-1) ?? null;
  }

  private watchExpiry(): void {
    // The core follows pending requests (stream, or polling while it is down); well past the
    // expiry with no final status, ask the platform once more for the current request.
    const id = this.currentOperationId();
    const operation = id ? this.latest(id) : null;
    if (!operation?.expiresAt || this.expiryWatched.has(operation.id)) return;
    this.expiryWatched.add(operation.id);
    const wait = Math.max(0, Date.parse(operation.expiresAt) - Date.now()) + this.deps.timing.finalStatusGraceMs;
    this.after(wait, () => {
      if (this.latest(operation.id)?.status === 'pending') {
        void this.deps.core.invoke('payments.refresh', { id: operation.id }, { origin: 'caisse-ap' }).catch(() => undefined);
      }
    });
  }

  private readonly expiryWatched = new Set<string>();

  private after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private dispose(): void {
    this.off();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.truthWaiter?.();
  }

  private changed(): void {
    try {
      this.deps.core.till.changed();
    } catch (error) {
      this.deps.log?.error('caisse-ap: could not announce the till state', { error: String(error) });
    }
  }

  /** A log write that fails (the core closing under us) must not take the server down. */
  private exchanges(write: (log: CaisseApCore['till']['exchanges'], id: number) => unknown): void {
    if (this.exchange === null) return;
    try {
      write(this.deps.core.till.exchanges, this.exchange);
    } catch (error) {
      this.deps.log?.error('caisse-ap: could not record the exchange', { error: String(error) });
    }
  }

  get done(): Promise<void> {
    return this.finished;
  }
}
