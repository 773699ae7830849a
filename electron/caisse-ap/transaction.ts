// The terminal side of Caisse-AP: what a complete request becomes. Identification, refunds and
// other currencies are answered at once; a debit becomes a payment request through the core (the
// QR then shows on the customer display by itself) followed to the till's answer by a TillDebit;
// one debit at a time. The terminal is also the desk behind the `till.*` channels: the request
// waiting, and the cashier's choice on a partial payment.
import type { TillChoiceInput, TillWaitingRequest } from '../common/contract';
import { MAX_AMOUNT_CENTS } from '../common/money';
import type { TallyKind } from '../core/db/till-exchanges';
import type { Logger, TillDesk } from '../core/ports';
import { chooseBasketNumber } from './basket';
import type { CaisseApCore } from './core';
import { ExchangeTally } from './exchange-tally';
import { echoOf, encodeAnswer, EURO, readRequest, resultCode, type AnswerEcho, type TillRequest, type TillResult } from './messages';
import { notices, type TillNoticeDraft } from './notices';
import type { CaisseApTiming } from './options';
import type { Field } from './protocol';
import { TillDebit } from './till-debit';
import { UnresolvedExchanges } from './unresolved';
import { contractError } from '../common/error-messages';

/** The connection a request came on, as the terminal sees it. */
export interface TillLink {
  readonly remoteAddress: string;
  /** True once the till has hung up. */
  readonly gone: boolean;
  /** Writes the answer (once) and closes; true when it left for a till still connected. Never throws. */
  answer(text: string): Promise<boolean>;
  /** Called once if the till hangs up before it has its answer. */
  onGone(listener: () => void): void;
}

/** The bytes of a request, as the exchange log keeps them. */
export interface ReceivedFrame {
  frame: string;
  bytes: number;
}

export type TerminalTiming = Pick<CaisseApTiming, 'tillTimeoutMs' | 'settleLeadMs' | 'answerLeadMs' | 'finalStatusGraceMs' | 'tallyFlushMs'>;

export class TillTerminal implements TillDesk {
  private active: TillDebit | null = null;
  private readonly timing: TerminalTiming;
  readonly tally: ExchangeTally;
  private readonly unresolved: UnresolvedExchanges;
  private readonly unregisterDesk: () => void;
  private closed = false;

  constructor(
    private readonly core: CaisseApCore,
    options: { timing: TerminalTiming; log?: Logger },
  ) {
    this.timing = { ...options.timing };
    this.log = options.log;
    this.tally = new ExchangeTally(core, this.timing.tallyFlushMs, options.log);
    this.unresolved = new UnresolvedExchanges(core, (notice) => this.notify(notice), options.log);
    this.unregisterDesk = core.till.registerDesk(this);
    void this.unresolved.resume();
  }

  private readonly log: Logger | undefined;

  /** A debit is being handled: other debits are refused until it ends. */
  get busy(): boolean {
    return this.active !== null;
  }

  /** The till's own timeout changed (Paramètres): applies to the next requests. */
  setTillTimeout(ms: number): void {
    this.timing.tillTimeoutMs = ms;
  }

  waiting(): TillWaitingRequest[] {
    const view = this.active?.view();
    return view ? [view] : [];
  }

  async choose(input: TillChoiceInput): ReturnType<TillDesk['choose']> {
    const debit = this.active;
    if (!debit || debit.exchangeId !== input.exchangeId) {
      return { ok: false, error: contractError('not_found', { reason: 'till_request_not_waiting' }) };
    }
    return debit.choose(input.choice);
  }

  /** A frame the parser refused: `AE=01 AF=09`, echoing what could be read. */
  async rejectMalformed(fields: readonly Field[], link: TillLink, received: ReceivedFrame): Promise<void> {
    await this.answerAtOnce(link, echoOf(fields), { kind: 'not_done', reason: 'bad_format' }, 'malformed', received);
  }

  /** A complete, well-formed run of fields. Resolves when the exchange is over (answered or not). */
  async handle(fields: readonly Field[], link: TillLink, received: ReceivedFrame): Promise<void> {
    const read = readRequest(fields);
    if (!read.ok) {
      this.log?.warn('caisse-ap: malformed request', { remote: link.remoteAddress, detail: read.detail });
      return this.rejectMalformed(fields, link, received);
    }
    const request = read.request;
    const echo: AnswerEcho = request.tags;
    const refuse = (result: TillResult, notice?: TillNoticeDraft) => {
      if (notice) this.notify(notice);
      return this.answerAtOnce(link, echo, result, result.kind === 'not_done' && result.reason === 'bad_format' ? 'malformed' : 'refused', received);
    };
    switch (request.action) {
      case 'identification':
        return this.answerAtOnce(link, echo, { kind: 'identification' }, 'identification', received);
      case 'credit':
      case 'cancellation':
        return refuse({ kind: 'not_done', reason: 'unknown_action' }, notices.actionRefused(request.tags.CA, request.action));
      case 'debit':
        break;
      default: {
        const unreachable: never = request.action;
        return unreachable;
      }
    }
    if (request.currency !== EURO) return refuse({ kind: 'not_done', reason: 'currency_not_supported' }, notices.actionRefused(request.tags.CA, 'currency'));
    if (request.amount <= 0) return refuse({ kind: 'not_done', reason: 'bad_format' });
    if (this.active) return refuse({ kind: 'not_done', reason: 'busy' }, notices.busy(request.tags.CA, request.amount));
    if (request.amount > MAX_AMOUNT_CENTS) {
      return refuse({ kind: 'not_done', reason: 'refused' }, notices.refused(null, { cause: 'ceiling', maxAmount: MAX_AMOUNT_CENTS }));
    }
    // Nobody logged in: refused before anything is written (a flood of such requests costs nothing).
    const session = await this.core.invoke('session.get', {});
    if (!session.ok || session.value.status !== 'logged_in') {
      return refuse({ kind: 'not_done', reason: 'refused' }, notices.refused(null, { cause: 'not_logged_in' }));
    }
    if (this.active) return refuse({ kind: 'not_done', reason: 'busy' }, notices.busy(request.tags.CA, request.amount));
    // What this till was not told is still on the cashier's screen: its next request could be the
    // same basket asked again, and the customer would pay twice.
    if (this.hasUntold(request)) return refuse({ kind: 'not_done', reason: 'busy' }, notices.tillLocked(request.tags.CA, request.amount));
    return this.debit(request, link, received);
  }

  /** Stops waiting for final statuses (the server is closing): no answer is sent after this. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.active?.abort();
    this.active = null;
    this.unresolved.close();
    this.tally.flush();
    this.unregisterDesk();
  }

  private async debit(request: TillRequest, link: TillLink, received: ReceivedFrame): Promise<void> {
    const debit = new TillDebit(received, request, chooseBasketNumber(request), link, {
      core: this.core,
      timing: this.timing,
      notify: (notice) => this.notify(notice),
      countRefusal: (code) => this.tally.add({ kind: 'refused', remoteAddress: link.remoteAddress, resultCode: code, request: received.frame, bytes: received.bytes }),
      followUnresolved: (id, firstOperationId, tillGone) => this.unresolved.follow(id, firstOperationId, tillGone),
      ...(this.log ? { log: this.log } : {}),
    });
    this.active = debit;
    try {
      await debit.run();
    } finally {
      if (this.active === debit) this.active = null;
      this.core.till.changed();
    }
  }

  private hasUntold(request: TillRequest): boolean {
    try {
      return this.core.till.exchanges.toReport().some((item) => item.register === request.tags.CA);
    } catch (error) {
      this.log?.error('caisse-ap: could not read what the till was not told', { error: String(error) });
      return false;
    }
  }

  /** Answers at once a request that creates no payment request, and counts it. */
  private async answerAtOnce(
    link: TillLink,
    echo: AnswerEcho,
    result: TillResult,
    kind: TallyKind,
    received: ReceivedFrame,
    notice?: TillNoticeDraft,
  ): Promise<void> {
    if (notice) this.notify(notice);
    const text = encodeAnswer(echo, result);
    if (!link.gone) await link.answer(text);
    this.tally.add({ kind, remoteAddress: link.remoteAddress, resultCode: resultCode(result), request: received.frame, bytes: received.bytes });
  }

  private notify(notice: TillNoticeDraft): void {
    this.log?.info('caisse-ap notice', { code: notice.code, operationId: notice.operationId });
    try {
      this.core.till.notice(notice);
    } catch (error) {
      this.log?.error('caisse-ap: could not send a notice', { error: String(error) });
    }
  }
}
