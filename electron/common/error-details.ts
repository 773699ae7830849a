// The closed lists an error carries besides its code, so a screen can word it exactly in the
// cashier's language: what was wrong with an input field, which specific case of a code it is,
// and why an operation ended `failed`. Sentences live in the renderer's catalogues; the core
// sends these names and their parameters.
import { z } from 'zod';

/** What is wrong with one input field (from the schema's own issue). */
export const INPUT_ISSUES = [
  'required', // missing
  'wrong_type', // a text where a number is expected, a fraction where a whole number is…
  'too_small', // under `limit` (a number, or a length)
  'too_big', // over `limit`
  'format', // does not match the expected pattern
  'not_allowed', // not one of the accepted values
  'unknown_field', // a field the channel does not take
] as const;
export const InputIssue = z.enum(INPUT_ISSUES);
export type InputIssue = z.infer<typeof InputIssue>;

/** One field at fault in an input, with what is wrong and the bound it broke, if any. */
export const FieldIssue = z.object({
  field: z.string(),
  issue: InputIssue,
  /** The bound broken by `too_small`/`too_big`: cents for an amount, characters for a text. */
  limit: z.number().optional(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** A specific case of an error code, worded more precisely than the code alone. */
export const ERROR_REASONS = [
  'follow_up_not_found', // bad_request: the request whose remainder is asked does not exist
  'follow_up_not_partial', // bad_request: it has no remainder to collect
  'follow_up_other_basket', // bad_request: the remainder is asked on another basket number
  'follow_up_more_than_remainder', // bad_request: more than the remainder
  'period_too_long', // bad_request: too many platform requests for the report's period
  'no_receipt', // not_pending: no validated payment to print a receipt for
  'till_request_not_waiting', // not_found: the till's request no longer waits for an answer
  'till_choice_not_waiting', // not_pending: the till's request no longer waits for a choice
  'body_too_large', // bad_request (local API): over `limit` bytes
  'body_not_json', // bad_request (local API): another media type than JSON
  'body_invalid_json', // bad_request (local API): JSON that does not parse
  'unknown_channel', // not_found (local API): `field` names the channel asked
  'bad_idempotency_key', // bad_request (local API): the Idempotency-Key header
  'too_many_streams', // busy (local API): `field` names the stream (cashier/display), `limit` its cap
  'unknown_host', // forbidden (local API): a Host header the companion does not answer to
] as const;
export const ErrorReason = z.enum(ERROR_REASONS);
export type ErrorReason = z.infer<typeof ErrorReason>;

/** Why reconciliation ended an operation `failed` (besides a contract error code). */
export const OPERATION_FAILURE_CODES = [
  'never_reached', // the request never reached the platform: nothing was asked of the customer
  'unknown_to_platform', // the platform does not know the request: nothing can be paid on it
] as const;
export type OperationFailureCode = (typeof OPERATION_FAILURE_CODES)[number];
