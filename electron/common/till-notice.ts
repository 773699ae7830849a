// What the cashier must see about a till's Caisse-AP request: a closed list of cases, each with
// the facts its sentence needs. The screens word them from `code` and `params`; `message` is a
// French fallback for logs and for integrators reading the event stream.
import { z } from 'zod';
import { ErrorCode } from './contract/errors';
import { ErrorReason } from './error-details';

const cents = z.number().int().nonnegative();
const isoTimestamp = z.iso.datetime({ offset: true });
const basketNumber = z.string();
/** The till's name as it sent it (Caisse-AP tag CA). */
const register = z.string();

/** Why a till's request was refused before or by the platform. */
export const TillRefusal = z.discriminatedUnion('cause', [
  /** Above the per-request ceiling (`maxAmount`, cents). */
  z.object({ cause: z.literal('ceiling'), maxAmount: cents }),
  /** Nobody is logged in to Chèque-Vacances Connect. */
  z.object({ cause: z.literal('not_logged_in') }),
  /** The platform (or the companion) refused: the contract error's code and details. */
  z.object({
    cause: z.literal('error'),
    error: z.object({ code: ErrorCode, details: z.object({ reason: ErrorReason.optional(), field: z.string().optional(), minAmount: cents.optional(), maxAmount: cents.optional() }).optional() }),
  }),
  /** The operation ended `failed`: its failure code (a contract code, a reconciliation code or the platform's own). */
  z.object({ cause: z.literal('failed'), failureCode: z.string() }),
]);
export type TillRefusal = z.infer<typeof TillRefusal>;

const notice = <C extends string, P extends z.ZodRawShape>(code: C, params: P) =>
  z.object({
    operationId: z.string().nullable(),
    level: z.enum(['info', 'warning', 'error']),
    code: z.literal(code),
    params: z.object(params),
    /** French fallback, for logs and integrators; screens word the notice from code and params. */
    message: z.string(),
    at: isoTimestamp,
  });

export const TillNotice = z.discriminatedUnion('code', [
  /** info: the till sent no usable reference, a basket number was made up (`unusable`: what it sent). */
  notice('caisse_ap.basket_generated', { register, basketNumber, unusable: z.string().nullable() }),
  /** error: the request was refused (platform, ceiling, nobody logged in). */
  notice('caisse_ap.refused', { refusal: TillRefusal }),
  /** warning: the platform did not answer the create: it is being checked, the till waits. */
  notice('caisse_ap.create_unknown', { basketNumber }),
  /** warning: a till request came while another was in progress, and was refused. */
  notice('caisse_ap.busy', { register, amount: cents }),
  /** warning: the till asked for a refund, a cancellation or another currency. */
  notice('caisse_ap.action_refused', { register, action: z.enum(['credit', 'cancellation', 'currency']) }),
  /** warning: the till had hung up when the result came. */
  notice('caisse_ap.undelivered', { basketNumber }),
  /** error: the Caisse-AP server could not listen on its address (`inUse`: someone else holds it). */
  notice('caisse_ap.listen_failed', { address: z.string(), inUse: z.boolean(), detail: z.string() }),
  /** warning: part was paid, the till (no BF=1) waits while the cashier chooses. */
  notice('caisse_ap.partial_waiting', { basketNumber, received: cents, remainder: cents }),
  /** error: part was paid, the till was answered "not done": record it on the till by hand. */
  notice('caisse_ap.partial_not_told', {
    basketNumber,
    received: cents,
    remainder: cents,
    why: z.enum(['paid_otherwise', 'till_timeout', 'till_gone']),
  }),
  /** warning: the till gave up, its request was cancelled before any payment. */
  notice('caisse_ap.abandoned', { basketNumber }),
  /** error: the till had given up when the customer paid. */
  notice('caisse_ap.paid_after_abandon', { basketNumber, received: cents }),
  /** warning: the till's time was nearly up: its request was cancelled, the till told "not done". */
  notice('caisse_ap.timed_out', { basketNumber }),
  /** error: the till was answered (or gave up) while nobody knew whether the customer paid. */
  notice('caisse_ap.unresolved', { basketNumber, tillGone: z.boolean() }),
  /** error: the truth came after an answer given without knowing: it was paid. */
  notice('caisse_ap.paid_after_unknown', { basketNumber, received: cents }),
  /** info: the truth came after an answer given without knowing: nothing was paid. */
  notice('caisse_ap.unpaid_after_unknown', { basketNumber }),
  /** error: the till asked again while what it was not told is still on the cashier screen. */
  notice('caisse_ap.till_locked', { register, amount: cents }),
]);
export type TillNotice = z.infer<typeof TillNotice>;
export type TillNoticeCode = TillNotice['code'];
export const TILL_NOTICE_CODES = TillNotice.options.map((option) => option.shape.code.value) as TillNoticeCode[];
/** A notice before the core stamps its time. */
export type TillNoticeDraft = TillNotice extends infer N ? (N extends TillNotice ? Omit<N, 'at'> : never) : never;
