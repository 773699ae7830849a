// The day close: reports, the accountant's CSV, the check against the platform, every till's
// requests, receipts.
import { z } from 'zod';
import { ContractError } from './errors';
import { BasketTotals, DayTotals, Operation, OperationStatus, RemainderMeans } from './operations';
import { cents, isoTimestamp, parisDayText } from './schema-parts';

// ---- the day close: reports, the accountant's CSV, receipts, every till ---------------------

/** The longest period a report or an export covers: ten years of trading. */
export const MAX_REPORT_DAYS = 3_660;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

function checkPeriod(period: { from: string; to?: string | undefined }, context: z.RefinementCtx): void {
  const days = dayNumber(period.to ?? period.from) - dayNumber(period.from) + 1;
  if (days < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'the last day comes before the first' });
  else if (days > MAX_REPORT_DAYS) context.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_REPORT_DAYS} days` });
}

/** A period of Paris calendar days, both included; `to` defaults to `from`. */
export const ReportPeriod = z
  .object({ from: parisDayText, to: parisDayText.optional() })
  .strict()
  .superRefine(checkPeriod)
  .transform((period) => ({ from: period.from, to: period.to ?? period.from }));
export type ReportPeriod = z.output<typeof ReportPeriod>;

export const ReportInput = z
  .object({
    from: parisDayText,
    to: parisDayText.optional(),
    /** Also count the other tills' requests of the convention, from the platform's list. */
    includeOtherTills: z.boolean().default(false),
  })
  .strict()
  .superRefine(checkPeriod);

/** One line of a breakdown (a seller, a till, an origin); `key` null: not given (no seller id),
 *  or another till of the convention. */
export const ReportBreakdown = z.object({
  key: z.string().nullable(),
  total: DayTotals,
  validated: DayTotals,
  refused: z.number().int(),
});
export type ReportBreakdown = z.infer<typeof ReportBreakdown>;

export const RemainderTotals = z.object({ means: RemainderMeans, count: z.number().int(), amount: cents });
export type RemainderTotals = z.infer<typeof RemainderTotals>;

/** An operation whose till (Caisse-AP) was never told the outcome. */
export const UntoldTillOperation = z.object({
  operationId: z.string(),
  basketNumber: z.string(),
  amountRequested: cents,
  amountReceived: cents,
  status: OperationStatus,
  at: isoTimestamp,
  delivery: z.string(),
});
export type UntoldTillOperation = z.infer<typeof UntoldTillOperation>;

export const DayReport = z.object({
  /** First and last Paris days of the period, `YYYY-MM-DD`, and the UTC instants `[start, end)`. */
  from: z.string(),
  to: z.string(),
  start: isoTimestamp,
  end: isoTimestamp,
  generatedAt: isoTimestamp,
  merchant: z.object({ conventionNumber: z.string().nullable(), name: z.string().nullable() }),
  tillId: z.string(),
  requests: z.object({ byStatus: z.record(OperationStatus, DayTotals), total: DayTotals, refused: DayTotals }),
  baskets: BasketTotals,
  bySeller: z.array(ReportBreakdown),
  byTill: z.array(ReportBreakdown),
  byOrigin: z.array(ReportBreakdown),
  remaindersByMeans: z.array(RemainderTotals),
  /** Still waiting for the customer, or without an answer from the platform yet (oldest first). */
  pending: z.array(Operation),
  pendingCount: z.number().int(),
  tillNotTold: z.array(UntoldTillOperation),
  /** The other tills of the convention: not asked, counted in, or unreadable (the report then
   *  covers this till only, and says so). */
  otherTills: z.object({
    status: z.enum(['not_requested', 'included', 'unavailable']),
    count: z.number().int(),
    error: ContractError.nullable(),
  }),
});
export type DayReport = z.infer<typeof DayReport>;

/** A request of the convention as the platform lists it, marked when this till's log lacks it. */
export const ConventionOperation = z.object({
  platformId: z.string(),
  /** This till's operation for it, or null: another till's (« Autre caisse »). */
  operationId: z.string().nullable(),
  otherTill: z.boolean(),
  basketNumber: z.string(),
  amountRequested: cents,
  amountReceived: cents,
  status: OperationStatus,
  label: z.string().nullable(),
  customerReference: z.string().nullable(),
  sellerId: z.string().nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type ConventionOperation = z.infer<typeof ConventionOperation>;

export const ConventionListInput = z
  .object({
    /** Paris day, default today. */
    day: parisDayText.optional(),
    onlyOtherTills: z.boolean().default(false),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export const ConventionPage = z.object({ items: z.array(ConventionOperation), nextCursor: z.string().nullable() });
export type ConventionPage = z.infer<typeof ConventionPage>;

const CheckSide = z.object({ status: OperationStatus, amountRequested: cents, amountReceived: cents });
export const CheckDifference = z.object({
  kind: z.enum(['only_local', 'only_platform', 'status_differs', 'amount_differs']),
  operationId: z.string().nullable(),
  platformId: z.string().nullable(),
  basketNumber: z.string(),
  createdAt: isoTimestamp,
  local: CheckSide.nullable(),
  platform: CheckSide.nullable(),
});
export type CheckDifference = z.infer<typeof CheckDifference>;

export const DayCheck = z.object({
  day: z.string(),
  checkedAt: isoTimestamp,
  /** This till's requests that reached the platform, and the platform's requests of the day. */
  localCount: z.number().int(),
  platformCount: z.number().int(),
  matching: z.number().int(),
  differences: z.array(CheckDifference),
});
export type DayCheck = z.infer<typeof DayCheck>;

export const CheckInput = z.object({ day: parisDayText }).strict();

/** What a customer's receipt (« ticket ») says about a basket. */
export const Receipt = z.object({
  merchant: z.object({ name: z.string().nullable(), conventionNumber: z.string() }),
  operationId: z.string(),
  basketNumber: z.string(),
  label: z.string().nullable(),
  /** When the last payment of the basket was validated. */
  paidAt: isoTimestamp,
  printedAt: isoTimestamp,
  /** The basket's amount, asked once. */
  amountRequested: cents,
  /** Received in Chèque-Vacances Connect over the basket's requests. */
  amountReceived: cents,
  remainder: cents,
  remainderCollected: z.object({ means: RemainderMeans, amount: cents }).nullable(),
  /** The platform's references of the basket's validated requests. */
  payments: z.array(z.object({ platformId: z.string(), amountReceived: cents, at: isoTimestamp })),
  tillId: z.string(),
});
export type Receipt = z.infer<typeof Receipt>;

export const ReceiptPrinted = z.object({ printer: z.string(), bytes: z.number().int() });
