// Typed calls to the Chèque-Vacances Connect platform API v1 (electron/sandbox/API.md). Every
// call has a timeout; every response is validated before anyone trusts it.
import type { z } from 'zod';
import {
  LoginResponse,
  PaymentRequest,
  PaymentRequestList,
  PlatformErrorBody,
  type CreatePaymentRequestBody,
  type PaymentRequestStatus,
} from '../../common/platform-api';
import { PlatformError, fromFetchFailure, type PlatformErrorKind } from './platform-error';

export interface PlatformClientOptions {
  baseUrl: string;
  timeoutMs: number;
}

export interface ListQuery {
  status?: PaymentRequestStatus;
  basketNumber?: string;
  from?: string;
  to?: string;
  /** Only the requests changed at or after this instant, oldest change first. */
  updatedSince?: string;
  limit?: number;
  cursor?: string;
}

// Platform error codes that keep their meaning one-to-one in the client's taxonomy.
const KINDS_BY_CODE: Record<string, PlatformErrorKind> = {
  invalid_credentials: 'invalid_credentials',
  account_locked: 'account_locked',
  token_expired: 'token_expired',
  unauthorized: 'unauthorized',
  validation_error: 'validation_error',
  basket_in_progress: 'basket_in_progress',
  not_pending: 'not_pending',
  not_found: 'not_found',
  idempotency_conflict: 'idempotency_conflict',
};

export class PlatformClient {
  constructor(private readonly options: PlatformClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** One attempt only, ever: the 3rd wrong password locks the account, so a login is never retried. */
  login(conventionNumber: string, password: string) {
    return this.call('POST', '/v1/auth/login', LoginResponse, { body: { conventionNumber, password } });
  }

  /** `GET /v1/health`: the platform answers at this address (no credentials involved). */
  health<S extends z.ZodType>(schema: S) {
    return this.call('GET', '/v1/health', schema, { repeatable: true });
  }

  async logout(token: string): Promise<void> {
    await this.call('POST', '/v1/auth/logout', null, { token });
  }

  /** Safe to repeat with the same key: the platform answers with the request it already made. */
  createPaymentRequest(token: string, idempotencyKey: string, body: CreatePaymentRequestBody) {
    return this.call('POST', '/v1/payment-requests', PaymentRequest, { token, body, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  getPaymentRequest(token: string, id: string) {
    return this.call('GET', `/v1/payment-requests/${encodeURIComponent(id)}`, PaymentRequest, { token, repeatable: true });
  }

  cancelPaymentRequest(token: string, id: string) {
    // Repeating a cancel is harmless: the second one answers not_pending, which callers handle.
    return this.call('POST', `/v1/payment-requests/${encodeURIComponent(id)}/cancel`, PaymentRequest, { token, repeatable: true });
  }

  listPaymentRequests(token: string, query: ListQuery) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    return this.call('GET', `/v1/payment-requests?${params}`, PaymentRequestList, { token, repeatable: true });
  }

  private async call<S extends z.ZodType | null>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    request: { token?: string; body?: unknown; headers?: Record<string, string>; repeatable?: boolean } = {},
  ): Promise<S extends z.ZodType ? z.output<S> : void> {
    try {
      return await this.callOnce(method, path, schema, request);
    } catch (error) {
      // A kept-alive connection the network dropped fails at once on reuse; a call that is safe
      // to repeat gets one fresh connection. Logins are never repeated.
      if (request.repeatable && error instanceof PlatformError && error.kind === 'network_unreachable') {
        return this.callOnce(method, path, schema, request);
      }
      throw error;
    }
  }

  private async callOnce<S extends z.ZodType | null>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    request: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<S extends z.ZodType ? z.output<S> : void> {
    const what = `${method} ${path.split('?')[0]}`;
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await fetch(new URL(path, this.options.baseUrl), {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw fromFetchFailure(error, what);
    }
    if (!response.ok) throw errorFromResponse(response.status, text, what);
    if (schema === null) return undefined as never;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new PlatformError('platform_error', `${what}: the platform answered with invalid JSON`, { status: response.status, cause: error });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new PlatformError('platform_error', `${what}: unexpected response shape (${parsed.error.issues[0]?.path.join('.')})`, {
        status: response.status,
        cause: parsed.error,
      });
    }
    return parsed.data as never;
  }
}

function errorFromResponse(status: number, text: string, what: string): PlatformError {
  let body: PlatformErrorBody | null = null;
  try {
    const parsed = PlatformErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) body = parsed.data;
  } catch {
    // not JSON: a proxy's HTML page, say; the status alone tells the story
  }
  const code = body?.error.code ?? null;
  const kind = (code && KINDS_BY_CODE[code]) || (status === 401 ? 'unauthorized' : 'platform_error');
  return new PlatformError(kind, `${what}: ${status} ${code ?? ''} ${body?.error.message ?? ''}`.trim(), {
    status,
    platformCode: code,
    ...(body?.error.field !== undefined ? { field: body.error.field } : {}),
    ...(body?.error.attemptsLeft !== undefined ? { attemptsLeft: body.error.attemptsLeft } : {}),
    ...(body?.error.unlockUrl !== undefined ? { unlockUrl: body.error.unlockUrl } : {}),
    ...(body?.error.minAmount !== undefined ? { minAmount: body.error.minAmount } : {}),
    ...(body?.error.maxAmount !== undefined ? { maxAmount: body.error.maxAmount } : {}),
  });
}
