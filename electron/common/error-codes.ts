// The contract's error codes: a closed list an integrator can rely on (the screens word each one).
import { z } from 'zod';

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
