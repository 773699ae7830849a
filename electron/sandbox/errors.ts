// Every refusal the sandbox makes is a SandboxError: one code from the platform's closed list,
// the HTTP status that goes with it, and the extra fields the API reference promises
// (`field`, `attemptsLeft`, `unlockUrl`). The server's error handler turns it into
// `{"error":{...}}`; nothing else ever reaches the wire (no stack traces).
import type { PlatformErrorBody, PlatformErrorCode } from '../common/platform-api';

export type ErrorExtras = Omit<PlatformErrorBody['error'], 'code' | 'message'>;

export function statusFor(code: PlatformErrorCode): number {
  switch (code) {
    case 'validation_error':
    case 'malformed_json':
      return 400;
    case 'unauthorized':
    case 'token_expired':
    case 'invalid_credentials':
      return 401;
    case 'insufficient_balance':
      return 402;
    case 'not_found':
    case 'unknown_qr':
    case 'unknown_wallet':
      return 404;
    case 'idempotency_conflict':
    case 'basket_in_progress':
    case 'not_pending':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'account_locked':
      return 423;
    case 'internal_error':
      return 500;
    case 'service_unavailable':
      return 503;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

export class SandboxError extends Error {
  readonly status: number;

  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    readonly extras: ErrorExtras = {},
  ) {
    super(message);
    this.name = 'SandboxError';
    this.status = statusFor(code);
  }

  body(): PlatformErrorBody {
    return { error: { code: this.code, message: this.message, ...this.extras } };
  }
}

/** A field the platform refuses: 400 `validation_error` naming it. */
export function invalidField(field: string, message: string): SandboxError {
  return new SandboxError('validation_error', message, { field });
}
