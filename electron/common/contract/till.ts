// The till's requests (Caisse-AP) as the cashier screen shows them, what the till was not told,
// and the notices about them.
import { z } from 'zod';
import { cents, isoTimestamp } from './schema-parts';

// ---- the till's requests (Caisse-AP) ----------------------------------------------------

/**
 * A till request waiting for its answer, as the cashier screen shows it. `awaiting_payment`: the
 * QR is on the customer display; `partial`: the customer paid part of it and the till (which did
 * not accept partial payments) waits while the cashier chooses; `awaiting_remainder`: the rest
 * is asked for in Chèque-Vacances; `settling`: the till gave up or its time is nearly up, the
 * companion is cancelling what can still be paid before it answers.
 */
export const TILL_REQUEST_STATES = ['awaiting_payment', 'partial', 'awaiting_remainder', 'settling'] as const;
export const TillRequestState = z.enum(TILL_REQUEST_STATES);
export type TillRequestState = z.infer<typeof TillRequestState>;

export const TillWaitingRequest = z.object({
  /** The exchange's id in the log: what the cashier's choice names. */
  exchangeId: z.number().int().positive(),
  /** `CA`: the till's register number. */
  register: z.string(),
  basketNumber: z.string(),
  /** What the till asked (`CB`). */
  amountRequested: cents,
  /** Received over every request of this basket so far. */
  amountReceived: cents,
  remainder: cents,
  state: TillRequestState,
  /** The request on the customer display now (the first one, or the one for the rest). */
  operationId: z.string().nullable(),
  /** Every request made for this till request, oldest first. */
  operationIds: z.array(z.string()),
  startedAt: isoTimestamp,
  /** When the companion answers at the latest (before the till gives up). */
  answerBy: isoTimestamp,
});
export type TillWaitingRequest = z.infer<typeof TillWaitingRequest>;

/**
 * What the till was not told, kept against the exchange until the cashier confirms it was dealt
 * with. `partial_not_told`: part was paid, the till was answered "not done" (the cashier records
 * the amount received by hand); `paid_after_abandon`: the till had given up when the payment came;
 * `unresolved`: the till was answered, or gave up, while nobody knew whether the customer had
 * paid; `paid_after_unknown`: the truth came afterwards, and it was paid; `abandoned`: the till
 * gave up and its request was cancelled before any payment (nothing to do); `unpaid_after_unknown`:
 * the truth came afterwards, and nothing was paid (nothing to do).
 */
export const TILL_OUTCOMES = [
  'partial_not_told',
  'paid_after_abandon',
  'unresolved',
  'paid_after_unknown',
  'abandoned',
  'unpaid_after_unknown',
] as const;
export const TillOutcome = z.enum(TILL_OUTCOMES);
export type TillOutcome = z.infer<typeof TillOutcome>;
/** The outcomes the cashier must act on (record on the till, or check with the customer). */
export const TILL_OUTCOMES_TO_REPORT: readonly TillOutcome[] = ['partial_not_told', 'paid_after_abandon', 'unresolved', 'paid_after_unknown'];

export const TillReportItem = z.object({
  exchangeId: z.number().int().positive(),
  register: z.string().nullable(),
  basketNumber: z.string().nullable(),
  operationId: z.string().nullable(),
  outcome: TillOutcome,
  amountRequested: cents.nullable(),
  /** Received over every request of the basket when the outcome was known (null: not known). */
  amountReceived: cents.nullable(),
  /** `AE` (and `AF`) the till was answered, null when it had gone. */
  tillResult: z.string().nullable(),
  at: isoTimestamp,
  acknowledgedAt: isoTimestamp.nullable(),
});
export type TillReportItem = z.infer<typeof TillReportItem>;

/** `till.waiting` and the `till.changed` event: the requests waiting, and what the cashier must
 *  still deal with (until acknowledged). */
export const TillState = z.object({
  requests: z.array(TillWaitingRequest),
  attention: z.array(TillReportItem),
  /** Grows with every change (since the companion started): a screen keeps the newest state it has
   *  seen, since an action's answer may arrive after the event of a later change. */
  revision: z.number().int().nonnegative(),
});
export type TillState = z.infer<typeof TillState>;

const ExchangeRef = z.object({ exchangeId: z.number().int().positive() }).strict();
/** The cashier's choice on a partial payment the till was not told about. */
export const TillChoiceInput = ExchangeRef.extend({ choice: z.enum(['ask_remainder', 'paid_otherwise']) }).strict();
export type TillChoiceInput = z.infer<typeof TillChoiceInput>;

export const TillReport = z.object({ day: z.string(), items: z.array(TillReportItem) });
export type TillReport = z.infer<typeof TillReport>;

export { TillNotice } from '../till-notice';

export { ExchangeRef };
