// Operations and payments: statuses, the operation as the log keeps it, the day's totals, and
// the inputs of the payments and operations channels.
import { z } from 'zod';
import { MAX_AMOUNT_CENTS } from '../money';
import { BASKET_NUMBER_PATTERN, CUSTOMER_REFERENCE_MAX, LABEL_MAX, SELLER_ID_MAX } from '../platform-api';
import { cents, instantOrParisDay, isoTimestamp, NO_CONTROLS, optionalText, parisDayText } from './schema-parts';

export const OPERATION_STATUSES = ['creating', 'pending', 'validated', 'cancelled', 'expired', 'failed'] as const;
export const OperationStatus = z.enum(OPERATION_STATUSES);
export type OperationStatus = z.infer<typeof OperationStatus>;

/** Statuses after which nothing changes any more. */
export const FINAL_OPERATION_STATUSES: readonly OperationStatus[] = ['validated', 'cancelled', 'expired', 'failed'];
export function isFinalStatus(status: OperationStatus): boolean {
  return FINAL_OPERATION_STATUSES.includes(status);
}

export const StatusFilter = z.enum(['all', 'pending', 'validated', 'cancelled', 'expired', 'failed']);
export type StatusFilter = z.infer<typeof StatusFilter>;

// ---- values --------------------------------------------------------------------------------

/** How the remainder of a partial payment was collected when not with Chèque-Vacances Connect:
 *  espèces, carte bancaire, chèque, Chèque-Vacances papier, autre. */
export const REMAINDER_MEANS = ['cash', 'card', 'cheque', 'paper_cheque_vacances', 'other'] as const;
export const RemainderMeans = z.enum(REMAINDER_MEANS);
export type RemainderMeans = z.infer<typeof RemainderMeans>;

export const RemainderCollected = z.object({
  means: RemainderMeans,
  /** The remainder when it was recorded, in cents. */
  amount: cents,
  at: isoTimestamp,
});
export type RemainderCollected = z.infer<typeof RemainderCollected>;

export const Operation = z.object({
  id: z.string(),
  platformId: z.string().nullable(),
  basketNumber: z.string(),
  amountRequested: cents,
  amountReceived: cents,
  /** What is left to collect by another means of payment once the request is final. */
  remainder: cents,
  status: OperationStatus,
  label: z.string().nullable(),
  customerReference: z.string().nullable(),
  sellerId: z.string().nullable(),
  qrPayload: z.string().nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  expiresAt: isoTimestamp.nullable(),
  /** Why a `failed` operation failed, in the cashier's words. */
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The operation this one collects the remainder of ("Demander le reste"). */
  followUpOf: z.string().nullable(),
  /** Which till and which channel created it (`cashier`, `caisse-ap`, `api`). */
  tillId: z.string(),
  origin: z.string(),
  /** The remainder of this partial payment, collected another way ("Reste encaissé autrement"). */
  remainderCollected: RemainderCollected.nullable(),
});
export type Operation = z.infer<typeof Operation>;

const DayTotals = z.object({ count: z.number().int(), amountRequested: cents, amountReceived: cents });
export type RequestTotals = z.infer<typeof DayTotals>;

/** Per basket: a first request with the follow-ups asked for its remainder, its amount asked once. */
export const BasketTotals = z.object({
  /** Baskets whose first request reached the platform. */
  count: z.number().int(),
  amountRequested: cents,
  /** Received in Chèque-Vacances Connect, over each basket's request and follow-ups. */
  amountReceived: cents,
  paidInFull: z.number().int(),
  partiallyPaid: z.number().int(),
  pending: z.number().int(),
  /** Cancelled or expired without anything received. */
  unpaid: z.number().int(),
  /** Remainders the cashier collected by another means of payment. */
  collectedOtherwise: cents,
  /** What partially paid baskets still lack. */
  leftToCollect: cents,
});
export type BasketTotals = z.infer<typeof BasketTotals>;

export const DaySummary = z.object({
  /** Paris calendar day, `YYYY-MM-DD`. */
  day: z.string(),
  from: isoTimestamp,
  to: isoTimestamp,
  /** Every request of the day per status, refused attempts (`failed`) included. */
  byStatus: z.record(OperationStatus, DayTotals),
  /** Requests that reached the platform: money asked. */
  total: DayTotals,
  /** Remainders of partial payments collected another way that day, per means (apart from the
   *  Chèque-Vacances Connect totals above). */
  remaindersCollected: z.object({
    byMeans: z.record(RemainderMeans, z.object({ count: z.number().int(), amount: cents })),
    total: z.object({ count: z.number().int(), amount: cents }),
  }),
  /** Attempts the platform refused or never received (« Tentatives refusées »): not money asked. */
  refused: DayTotals,
  baskets: BasketTotals,
});
export type DaySummary = z.infer<typeof DaySummary>;

export const CreatePaymentInput = z
  .object({
    amount: z.number().int().min(1).max(MAX_AMOUNT_CENTS),
    basketNumber: z.string().regex(BASKET_NUMBER_PATTERN, '1 to 20 letters, digits, - or _'),
    label: optionalText(LABEL_MAX),
    customerReference: optionalText(CUSTOMER_REFERENCE_MAX),
    sellerId: optionalText(SELLER_ID_MAX),
    /** "Demander le reste": the partially paid operation whose remainder this request collects. */
    followUpOf: z.string().min(1).max(64).optional(),
  })
  .strict();
export type CreatePaymentInput = z.input<typeof CreatePaymentInput>;

const OperationRef = z.object({ id: z.string().min(1).max(64) }).strict();

export const ListOperationsInput = z
  .object({
    status: StatusFilter.default('all'),
    /** Basket number (prefix) or text found in the label, customer reference or seller id. */
    query: z.string().trim().max(50).regex(NO_CONTROLS, 'control characters are not allowed').optional(),
    /** Created at or after: an instant, or a Paris day (from its start). */
    from: instantOrParisDay('start').optional(),
    /** Created before: an instant, or a Paris day (up to its end, the day included). */
    to: instantOrParisDay('end').optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type ListOperationsInput = z.input<typeof ListOperationsInput>;

export const OperationPage = z.object({ items: z.array(Operation), nextCursor: z.string().nullable() });
export type OperationPage = z.infer<typeof OperationPage>;

export const CollectRemainderInput = z
  .object({ id: z.string().min(1).max(64), means: RemainderMeans })
  .strict();

export const SummaryInput = z
  .object({ day: parisDayText.optional() })
  .strict();

export { DayTotals, OperationRef };
