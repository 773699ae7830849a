// The contract's errors: the codes, their HTTP statuses, and a schema failure as `bad_request`.
import { z } from 'zod';
import { ErrorReason, FieldIssue, InputIssue } from '../error-details';
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
  /** A readable French fallback for integrators and logs. The screens word the error from
   *  `code` and `details`, in the cashier's language, never from this text. */
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
      /** `bad_request` from an input's schema: what is wrong with `field` (the first one at fault). */
      issue: InputIssue.optional(),
      /** The bound `field` broke (cents for an amount, characters for a text), with `issue`. */
      limit: z.number().optional(),
      /** Every field at fault, in order (`field`/`issue`/`limit` repeat the first). */
      issues: z.array(FieldIssue).max(20).optional(),
      /** Which specific case of the code it is, for a more precise sentence. */
      reason: ErrorReason.optional(),
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

/** What a schema issue means for the person who typed the field. */
function inputIssue(issue: z.core.$ZodIssue): InputIssue {
  switch (issue.code) {
    case 'invalid_type':
      // The schema words a missing value "received undefined" (it keeps no input by default).
      return /received undefined$/.test(issue.message) ? 'required' : 'wrong_type';
    case 'too_small':
      return 'too_small';
    case 'too_big':
      return 'too_big';
    case 'invalid_value':
    case 'invalid_union':
    case 'invalid_key':
      return 'not_allowed';
    case 'unrecognized_keys':
      return 'unknown_field';
    default:
      return 'format';
  }
}

/** Turns a zod failure into the contract's `bad_request`, naming every field at fault and what is
 *  wrong with it, so a screen words it per field in its language. */
export function badRequest(error: z.ZodError): ContractError {
  const issues = error.issues.slice(0, 20).map((issue) => {
    const path = issue.path.map(String);
    // An unknown key is named by the issue, not by the path (which is its parent's).
    if (issue.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
    const limit = issue.code === 'too_small' ? issue.minimum : issue.code === 'too_big' ? issue.maximum : undefined;
    return { field: path.join('.'), issue: inputIssue(issue), ...(typeof limit === 'number' ? { limit } : {}) };
  });
  const first = issues[0];
  const field = first?.field || undefined;
  return {
    code: 'bad_request',
    // The integrator's fallback names the field and the schema's own words.
    message: field
      ? `Donnée invalide : ${field} (${error.issues[0]?.message ?? 'format incorrect'}).`
      : `Donnée invalide (${error.issues[0]?.message ?? 'format incorrect'}).`,
    details: {
      ...(field ? { field } : {}),
      ...(first ? { issue: first.issue, ...(first.limit !== undefined ? { limit: first.limit } : {}) } : {}),
      ...(issues.length ? { issues } : {}),
    },
  };
}
