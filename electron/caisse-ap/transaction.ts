// The terminal side of Caisse-AP: what a complete request becomes. A debit creates a payment
// request through the core (the QR then shows on the customer display by itself), waits for its
// final status and answers the till; one debit at a time. Every exchange is recorded in the log.
import { Operation } from '../common/contract';
import { formatCents, MAX_AMOUNT_CENTS } from '../common/money';
import type { Logger } from '../core/ports';
import { chooseBasketNumber } from './basket';
import type { CaisseApCore } from './core';
import { FinalStatusWatch, type FinalOutcome } from './final-status';
import {
  authorisationNumber,
  echoOf,
  encodeAnswer,
  EURO,
  readRequest,
  resultCode,
  type AnswerEcho,
  type TillRequest,
  type TillResult,
} from './messages';
import { notices, type TillNoticeDraft } from './notices';
import type { Field } from './protocol';

/** The connection a request came on, as the terminal sees it. */
export interface TillLink {
  readonly remoteAddress: string;
  /** True once the till has hung up. */
  readonly gone: boolean;
  /** Writes the answer (once) and closes; true when it left for a till still connected. Never throws. */
  answer(text: string): Promise<boolean>;
}

export class TillTerminal {
  private inProgress = false;
  private readonly watches = new Set<FinalStatusWatch>();

  constructor(
    private readonly core: CaisseApCore,
    private readonly options: { finalStatusGraceMs: number; log?: Logger },
  ) {}

  /** A debit is being handled: other debits are refused until it ends. */
  get busy(): boolean {
    return this.inProgress;
  }

  /** A frame the parser refused: `AE=01 AF=09`, echoing what could be read. */
  async rejectMalformed(exchangeId: number | null, fields: readonly Field[], link: TillLink): Promise<void> {
    await this.finish(exchangeId, link, echoOf(fields), { kind: 'not_done', reason: 'bad_format' });
  }

  /** A complete, well-formed run of fields. Resolves when the exchange is over (answered or not). */
  async handle(exchangeId: number | null, fields: readonly Field[], link: TillLink): Promise<void> {
    const read = readRequest(fields);
    if (!read.ok) {
      this.options.log?.warn('caisse-ap: malformed request', { remote: link.remoteAddress, detail: read.detail });
      return this.rejectMalformed(exchangeId, fields, link);
    }
    const request = read.request;
    const echo: AnswerEcho = request.tags;
    switch (request.action) {
      case 'identification':
        return this.reply(exchangeId, link, echo, { kind: 'identification' });
      case 'credit':
      case 'cancellation':
        this.notify(notices.actionRefused(request.tags.CA, request.action));
        return this.reply(exchangeId, link, echo, { kind: 'not_done', reason: 'unknown_action' });
      case 'debit':
        break;
      default: {
        const unreachable: never = request.action;
        return unreachable;
      }
    }
    if (request.currency !== EURO) {
      this.notify(notices.actionRefused(request.tags.CA, 'currency'));
      return this.reply(exchangeId, link, echo, { kind: 'not_done', reason: 'currency_not_supported' });
    }
    if (request.amount <= 0) return this.reply(exchangeId, link, echo, { kind: 'not_done', reason: 'bad_format' });
    if (this.inProgress) {
      this.notify(notices.busy(request.tags.CA, request.amount));
      return this.reply(exchangeId, link, echo, { kind: 'not_done', reason: 'busy' });
    }
    this.inProgress = true;
    try {
      await this.debit(exchangeId, request, link);
    } finally {
      this.inProgress = false;
    }
  }

  /** Stops waiting for final statuses (the server is closing): no answer is sent after this. */
  close(): void {
    for (const watch of this.watches) watch.abort();
    this.watches.clear();
  }

  private async debit(exchangeId: number | null, request: TillRequest, link: TillLink): Promise<void> {
    const echo: AnswerEcho = request.tags;
    if (request.amount > MAX_AMOUNT_CENTS) {
      this.notify(notices.refused(null, `montant supérieur au plafond de ${formatCents(MAX_AMOUNT_CENTS)} par demande.`));
      return this.reply(exchangeId, link, echo, { kind: 'not_done', reason: 'refused' });
    }
    const basket = chooseBasketNumber(request);
    // Listen before creating: the outcome can be announced before the create call returns.
    const watch = new FinalStatusWatch(this.core, this.options.finalStatusGraceMs);
    this.watches.add(watch);
    try {
      const created = await this.core.invoke(
        'payments.create',
        { amount: request.amount, basketNumber: basket.basketNumber },
        { origin: 'caisse-ap' },
      );
      if (!created.ok) {
        // One till request at a time: the only till intent announced meanwhile is this one's.
        const refusedId = watch.announcedId;
        if (refusedId) this.exchanges((log) => exchangeId !== null && log.link(exchangeId, refusedId));
        this.notify(notices.refused(refusedId, created.error.message));
        return this.reply(exchangeId, link, echo, { kind: 'not_done', reason: 'refused' });
      }
      const operation = Operation.parse(created.value);
      this.exchanges((log) => exchangeId !== null && log.link(exchangeId, operation.id));
      if (basket.source === 'generated') {
        this.notify(notices.basketGenerated(operation.id, basket.basketNumber, request.tags.CA, basket.unusable));
      }
      this.options.log?.info('caisse-ap: payment request created', {
        operationId: operation.id,
        basketNumber: operation.basketNumber,
        amount: request.amount,
        remote: link.remoteAddress,
      });

      let answeredAtOnce = false;
      if (request.answerAtOnce) {
        const text = encodeAnswer(echo, { kind: 'taken_into_account' });
        const delivered = await link.answer(text);
        this.exchanges((log) =>
          exchangeId !== null && log.answer(exchangeId, { answerFrame: text, resultCode: '11', delivery: delivered ? 'immediate' : 'undelivered' }),
        );
        answeredAtOnce = true;
      }

      const outcome = await watch.follow(operation);
      if (outcome.kind === 'aborted') return;
      const result = this.resultOf(outcome, request);
      if (answeredAtOnce) {
        this.exchanges((log) => exchangeId !== null && log.result(exchangeId, resultCode(result)));
        return;
      }
      const delivered = await this.finish(exchangeId, link, echo, result);
      if (!delivered) this.notify(notices.undelivered(operation.id, operation.basketNumber));
    } finally {
      watch.dispose();
      this.watches.delete(watch);
    }
  }

  /** The answer a final status deserves, and what the cashier must be told about it. */
  private resultOf(outcome: Exclude<FinalOutcome, { kind: 'aborted' }>, request: TillRequest): TillResult {
    const operation = outcome.operation;
    if (outcome.kind === 'unknown') {
      this.notify(notices.statusUnknown(operation.id, operation.basketNumber));
      return { kind: 'not_done', reason: 'timeout' };
    }
    switch (operation.status) {
      case 'validated':
        // The truth, whatever the till accepts: it must not record money that was not received.
        if (operation.amountReceived < operation.amountRequested && request.partialAccepted !== true) {
          this.notify(notices.partialReported(operation.id, operation.basketNumber, operation.amountReceived, operation.amountRequested));
        }
        return { kind: 'done', amountPaid: operation.amountReceived, authorisation: authorisationNumber(operation.platformId) };
      case 'expired':
        return { kind: 'not_done', reason: 'timeout' };
      case 'cancelled':
        return { kind: 'not_done', reason: 'operator_abandon' };
      case 'failed':
        this.notify(notices.refused(operation.id, operation.failure?.message ?? 'la plateforme a refusé la demande.'));
        return { kind: 'not_done', reason: 'refused' };
      case 'creating':
      case 'pending':
        // A watch only resolves `final` on a final status; should that ever change, say "timeout".
        return { kind: 'not_done', reason: 'timeout' };
      default: {
        const unreachable: never = operation.status;
        return unreachable;
      }
    }
  }

  private async reply(exchangeId: number | null, link: TillLink, echo: AnswerEcho, result: TillResult): Promise<void> {
    await this.finish(exchangeId, link, echo, result);
  }

  /** Answers the till and records the exchange; true when the answer left for a connected till. */
  private async finish(exchangeId: number | null, link: TillLink, echo: AnswerEcho, result: TillResult): Promise<boolean> {
    const text = encodeAnswer(echo, result);
    const delivered = link.gone ? false : await link.answer(text);
    this.exchanges(
      (log) => exchangeId !== null && log.answer(exchangeId, { answerFrame: text, resultCode: resultCode(result), delivery: delivered ? 'sent' : 'undelivered' }),
    );
    return delivered;
  }

  private notify(notice: TillNoticeDraft): void {
    this.options.log?.info('caisse-ap notice', { code: notice.code, operationId: notice.operationId });
    this.core.till.notice(notice);
  }

  /** A log write that fails (the core closing under us) must not take the server down. */
  private exchanges(write: (log: CaisseApCore['till']['exchanges']) => unknown): void {
    try {
      write(this.core.till.exchanges);
    } catch (error) {
      this.options.log?.error('caisse-ap: could not record the exchange', { error: String(error) });
    }
  }
}
