// The platform client's error taxonomy: every way a platform call can fail, in terms the core
// can act on (retry? never reached? ask to log in again?) and the UI can word for a cashier.
import type { ErrorCode } from '../../common/contract';

export type PlatformErrorKind =
  | 'network_unreachable'
  | 'timeout'
  | 'invalid_credentials'
  | 'account_locked'
  | 'token_expired'
  | 'unauthorized'
  | 'validation_error'
  | 'basket_in_progress'
  | 'not_pending'
  | 'not_found'
  | 'idempotency_conflict'
  | 'platform_error';

export class PlatformError extends Error {
  readonly kind: PlatformErrorKind;
  /** false: the request certainly never reached the platform (connection refused, no route). */
  readonly reachedPlatform: boolean | 'unknown';
  readonly status: number | null;
  readonly platformCode: string | null;
  readonly field: string | undefined;
  readonly attemptsLeft: number | undefined;
  readonly unlockUrl: string | undefined;
  /** The merchant's limits, when the platform refused the amount. */
  readonly minAmount: number | undefined;
  readonly maxAmount: number | undefined;

  constructor(
    kind: PlatformErrorKind,
    message: string,
    extra: {
      reachedPlatform?: boolean | 'unknown';
      status?: number | null;
      platformCode?: string | null;
      field?: string;
      attemptsLeft?: number;
      unlockUrl?: string;
      minAmount?: number;
      maxAmount?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'PlatformError';
    this.kind = kind;
    this.reachedPlatform = extra.reachedPlatform ?? true;
    this.status = extra.status ?? null;
    this.platformCode = extra.platformCode ?? null;
    this.field = extra.field;
    this.attemptsLeft = extra.attemptsLeft;
    this.unlockUrl = extra.unlockUrl;
    this.minAmount = extra.minAmount;
    this.maxAmount = extra.maxAmount;
  }

  /** Worth another try with the same idempotency key: the platform may not have heard us. */
  get retryable(): boolean {
    return (
      this.kind === 'network_unreachable' ||
      this.kind === 'timeout' ||
      (this.kind === 'platform_error' && ((this.status ?? 0) >= 500 || this.status === 429))
    );
  }

  /**
   * The platform answered and made nothing: a 4xx carrying the platform's own error is a refusal
   * of the request as sent. A bare 4xx (a proxy's page, a rate limiter's 429, a 408 "too slow")
   * says nothing about what the platform did; nor does a 5xx, an unreadable 2xx or no answer.
   */
  get refusedForSure(): boolean {
    return (
      this.status !== null &&
      this.status >= 400 &&
      this.status < 500 &&
      this.status !== 408 &&
      this.status !== 429 &&
      (this.platformCode !== null || this.kind !== 'platform_error')
    );
  }

  /** The contract code a cashier screen understands. */
  get contractCode(): ErrorCode {
    switch (this.kind) {
      case 'unauthorized':
        return 'not_logged_in';
      case 'network_unreachable':
      case 'timeout':
      case 'invalid_credentials':
      case 'account_locked':
      case 'token_expired':
      case 'validation_error':
      case 'basket_in_progress':
      case 'not_pending':
      case 'not_found':
      case 'idempotency_conflict':
      case 'platform_error':
        return this.kind;
      default: {
        const unreachable: never = this.kind;
        return unreachable;
      }
    }
  }
}

// Socket errors that mean the connection was never established: nothing was sent.
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Classifies what `fetch` threw. */
export function fromFetchFailure(error: unknown, what: string): PlatformError {
  if (error instanceof PlatformError) return error;
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new PlatformError('timeout', `${what}: the platform did not answer in time`, { reachedPlatform: 'unknown', cause: error });
  }
  const code = socketErrorCode(error);
  const reached = code && NEVER_SENT.has(code) ? false : 'unknown';
  return new PlatformError('network_unreachable', `${what}: ${code ?? 'network error'}`, { reachedPlatform: reached, cause: error });
}

function socketErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    const errors = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length) current = errors[0];
    else current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
