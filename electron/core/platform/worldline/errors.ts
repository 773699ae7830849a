// Worldline Direct's refusals in the companion's error taxonomy. Direct answers standard HTTP
// statuses with `{errorId, errors:[{errorCode, propertyName, …}]}`; the adapter acts on the
// status (documented) and names the property at fault, never on the error codes' wording.
import { PlatformError } from '../platform-error';
import { ErrorResponse } from './wire';

export type CallPurpose = 'authenticate' | 'create' | 'read' | 'cancel';

export function fromHttpRefusal(status: number, body: unknown, what: string, purpose: CallPurpose): PlatformError {
  const parsed = ErrorResponse.safeParse(body);
  const first = parsed.success ? parsed.data.errors?.[0] : undefined;
  const code = first?.errorCode ?? first?.code ?? first?.id ?? null;
  const message = `${what}: ${status}${code ? ` ${code}` : ''}${first?.message ? ` ${first.message}` : ''}`;
  const extra = { status, platformCode: code, ...(first?.propertyName ? { field: first.propertyName } : {}) };
  if (status === 401 || status === 403) {
    // Keys that do not sign right, or a merchant id they do not belong to: at login that is
    // the cashier's typing; later, keys revoked in the Merchant Portal.
    return new PlatformError(purpose === 'authenticate' ? 'invalid_credentials' : 'unauthorized', message, extra);
  }
  if (status === 404) return new PlatformError('not_found', message, extra);
  if (status === 400) return new PlatformError('validation_error', message, extra);
  if (status === 409 && purpose === 'create') {
    // "For requests in progress: a response with HTTP status 409 (Conflict)": the platform has
    // the create and has not finished it; asking again with the same key finds out.
    return new PlatformError('timeout', `${message} (idempotent request still in progress)`, { ...extra, reachedPlatform: true });
  }
  return new PlatformError('platform_error', message, extra);
}

