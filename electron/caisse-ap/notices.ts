// What the cashier must see about a till's request, as `till.notice` events: each case has a
// code, a level and the facts its sentence needs (the screens word it in the cashier's language
// from those), plus its French sentence from the same catalogue for the logs and integrators.
import { wordTillNotice } from '../common/core-words';
import type { TillNoticeDraft, TillRefusal } from '../common/till-notice';

export { TILL_NOTICE_CODES, type TillNoticeCode, type TillNoticeDraft } from '../common/till-notice';

type Unworded = TillNoticeDraft extends infer N ? (N extends TillNoticeDraft ? Omit<N, 'message'> : never) : never;

function worded(notice: Unworded): TillNoticeDraft {
  return { ...notice, message: wordTillNotice(notice, 'fr') } as TillNoticeDraft;
}

export const notices = {
  basketGenerated(operationId: string | null, basketNumber: string, register: string, unusable: string | null): TillNoticeDraft {
    return worded({
      operationId,
      level: 'info',
      code: 'caisse_ap.basket_generated',
      params: { register, basketNumber, unusable },
    });
  },
  createUnknown(operationId: string, basketNumber: string): TillNoticeDraft {
    return worded({
      operationId,
      level: 'warning',
      code: 'caisse_ap.create_unknown',
      params: { basketNumber },
    });
  },
  refused(operationId: string | null, refusal: TillRefusal): TillNoticeDraft {
    return worded({ operationId, level: 'error', code: 'caisse_ap.refused', params: { refusal } });
  },
  busy(register: string, amount: number): TillNoticeDraft {
    return worded({
      operationId: null,
      level: 'warning',
      code: 'caisse_ap.busy',
      params: { register, amount },
    });
  },
  actionRefused(register: string, what: 'credit' | 'cancellation' | 'currency'): TillNoticeDraft {
    return worded({ operationId: null, level: 'warning', code: 'caisse_ap.action_refused', params: { register, action: what } });
  },
  undelivered(operationId: string, basketNumber: string): TillNoticeDraft {
    return worded({
      operationId,
      level: 'warning',
      code: 'caisse_ap.undelivered',
      params: { basketNumber },
    });
  },
  partialWaiting(operationId: string, basketNumber: string, received: number, remainder: number): TillNoticeDraft {
    return worded({
      operationId,
      level: 'warning',
      code: 'caisse_ap.partial_waiting',
      params: { basketNumber, received, remainder },
    });
  },
  partialNotTold(operationId: string, basketNumber: string, received: number, remainder: number, why: 'paid_otherwise' | 'till_timeout' | 'till_gone'): TillNoticeDraft {
    return worded({
      operationId,
      level: 'error',
      code: 'caisse_ap.partial_not_told',
      params: { basketNumber, received, remainder, why },
    });
  },
  abandoned(operationId: string, basketNumber: string): TillNoticeDraft {
    return worded({
      operationId,
      level: 'warning',
      code: 'caisse_ap.abandoned',
      params: { basketNumber },
    });
  },
  paidAfterAbandon(operationId: string, basketNumber: string, received: number): TillNoticeDraft {
    return worded({
      operationId,
      level: 'error',
      code: 'caisse_ap.paid_after_abandon',
      params: { basketNumber, received },
    });
  },
  timedOut(operationId: string, basketNumber: string): TillNoticeDraft {
    return worded({
      operationId,
      level: 'warning',
      code: 'caisse_ap.timed_out',
      params: { basketNumber },
    });
  },
  unresolved(operationId: string, basketNumber: string, tillGone: boolean): TillNoticeDraft {
    return worded({
      operationId,
      level: 'error',
      code: 'caisse_ap.unresolved',
      params: { basketNumber, tillGone },
    });
  },
  paidAfterUnknown(operationId: string, basketNumber: string, received: number): TillNoticeDraft {
    return worded({
      operationId,
      level: 'error',
      code: 'caisse_ap.paid_after_unknown',
      params: { basketNumber, received },
    });
  },
  unpaidAfterUnknown(operationId: string, basketNumber: string): TillNoticeDraft {
    return worded({
      operationId,
      level: 'info',
      code: 'caisse_ap.unpaid_after_unknown',
      params: { basketNumber },
    });
  },
  tillLocked(register: string, amount: number): TillNoticeDraft {
    return worded({
      operationId: null,
      level: 'error',
      code: 'caisse_ap.till_locked',
      params: { register, amount },
    });
  },
  /** `detail`: the system's own words when the address is not simply in use. */
  listenFailed(address: string, inUse: boolean, detail: string): TillNoticeDraft {
    return worded({
      operationId: null,
      level: 'error',
      code: 'caisse_ap.listen_failed',
      params: { address, inUse, detail },
    });
  },
};
