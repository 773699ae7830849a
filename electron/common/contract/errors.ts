// The contract's errors: the codes, their HTTP statuses, and a schema failure as `bad_request`.
import { z } from 'zod';
import { cents } from './schema-parts';

// ---- errors (STYLE.md §4: results, not thrown strings) -------------------------------------

export const ERROR_CODES = [
  'bad_request', // the input failed its schema
  'validation_error', // the platform refused a field
  'not_logged_in',
  'invalid_credentials',
  'account_locked',
  'token_expired',
  'network_unreachable',
  'timeout',
  'basket_in_progress',
  'not_pending',
  'not_found',
  'idempotency_conflict',
  'platform_error',
  'unauthorized', // local API: missing or wrong bearer token
  'forbidden', // local API: a display-only token on a cashier channel
  'busy',
  'internal_error',
  'no_remainder', // nothing left to collect on this operation (not a validated partial payment)
  'remainder_already_collected',
  'remainder_requested', // a follow-up request ("Demander le reste") holds the remainder
  'outcome_unknown', // the platform may or may not have made the request: it is being checked
  'storage_full', // the disk holding the operation log is full: nothing was recorded
  'storage_read_only', // the data folder cannot be written: nothing was recorded
  'other_platform', // the operation was sent to another platform than the one configured now
  'printer_not_configured', // receipt.print without a network printer in the settings
  'printer_unreachable', // the receipt printer did not take the receipt
  'not_supported', // the platform in use does not offer this (list other tills' requests, cancel)
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ContractError = z.object({
  code: ErrorCode,
  /** A sentence for the cashier, in French. */
  message: z.string(),
  details: z
    .object({
      field: z.string().optional(),
      attemptsLeft: z.number().int().nonnegative().optional(),
      unlockUrl: z.string().optional(),
      platformCode: z.string().optional(),
      /** The platform's limits for one request, when it refused the amount (cents). */
      minAmount: cents.optional(),
      maxAmount: cents.optional(),
      /** The operation the error is about, when one was recorded (e.g. a create whose outcome is unknown). */
      operationId: z.string().optional(),
    })
    .optional(),
});
export type ContractError = z.infer<typeof ContractError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** HTTP status for an error code, for the headless host's local API. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'bad_request':
    case 'validation_error':
      return 400;
    case 'not_logged_in':
    case 'invalid_credentials':
    case 'token_expired':
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'basket_in_progress':
    case 'not_pending':
    case 'idempotency_conflict':
    case 'busy':
    case 'no_remainder':
    case 'remainder_already_collected':
    case 'remainder_requested':
    case 'other_platform':
      return 409;
    case 'account_locked':
      return 423;
    case 'platform_error':
    case 'network_unreachable':
      return 502;
    case 'timeout':
    case 'outcome_unknown':
      return 504;
    case 'internal_error':
      return 500;
    case 'storage_full':
      return 507;
    case 'storage_read_only':
      return 503;
    case 'printer_not_configured':
      return 409;
    case 'printer_unreachable':
      return 502;
    case 'not_supported':
      return 501;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** Turns a zod failure into the contract's `bad_request`, naming the first field at fault. */
export function badRequest(error: z.ZodError): ContractError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  return {
    code: 'bad_request',
    message: field
      ? `Donnée invalide : ${field} (${issue?.message ?? 'format incorrect'}).`
      : `Donnée invalide (${issue?.message ?? 'format incorrect'}).`,
    ...(field ? { details: { field } } : {}),
  };
}
