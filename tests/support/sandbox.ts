// Test helpers around the sandbox platform: start one on a free loopback port and talk to it
// through its real HTTP API (fetch), the way the companion does. Helpers named after an action
// (`login`, `create`, `pay`…) expect success and return the parsed, schema-checked body;
// `…Attempt` variants return the raw response so a test can look at a refusal.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import {
  LoginResponse,
  PaymentRequest,
  PaymentRequestList,
  PlatformErrorBody,
  Wallet,
  WalletPaymentResponse,
  WalletQrLookup,
} from '../../electron/common/platform-api';
import {
  DEFAULT_DEMO_PASSWORD,
  DEMO_CONVENTION_NUMBER,
  startSandbox,
  type RunningSandbox,
  type SandboxOptions,
} from '../../electron/sandbox';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The JSON body, or null when there is none or it is not JSON. */
  body: unknown;
  text: string;
}

export interface CallOptions {
  token?: string;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is (set the content type yourself in `headers`). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CreateBody {
  amount: number;
  basketNumber: string;
  label?: string;
  customerReference?: string;
  sellerId?: string;
}

/** Parses a successful response with the API's schema; throws with the status and body otherwise. */
export function expectBody<S extends z.ZodType>(schema: S, response: ApiResponse, statuses: number[] = [200]): z.output<S> {
  if (!statuses.includes(response.status)) {
    throw new Error(`expected HTTP ${statuses.join(' or ')}, got ${response.status}: ${response.text}`);
  }
  return schema.parse(response.body);
}

/** The `error` object of a refusal, checked against the platform's error schema. */
export function errorOf(response: ApiResponse): PlatformErrorBody['error'] {
  return PlatformErrorBody.parse(response.body).error;
}

export class SandboxApi {
  constructor(readonly baseUrl: string) {}

  async call(method: string, urlPath: string, options: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(`${this.baseUrl}${urlPath}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  // ---- merchant side -------------------------------------------------------------------------

  loginAttempt(conventionNumber: string, password: string): Promise<ApiResponse> {
    return this.call('POST', '/v1/auth/login', { json: { conventionNumber, password } });
  }

  async login(password = DEFAULT_DEMO_PASSWORD, conventionNumber = DEMO_CONVENTION_NUMBER): Promise<LoginResponse> {
    return expectBody(LoginResponse, await this.loginAttempt(conventionNumber, password));
  }

  /** A fresh access token of the demo merchant. */
  async token(password = DEFAULT_DEMO_PASSWORD): Promise<string> {
    return (await this.login(password)).accessToken;
  }

  /** `idempotencyKey: null` sends no Idempotency-Key header at all. */
  createAttempt(token: string, body: unknown, idempotencyKey: string | null = randomUUID()): Promise<ApiResponse> {
    return this.call('POST', '/v1/payment-requests', {
      token,
      json: body,
      headers: idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey },
    });
  }

  async create(token: string, body: CreateBody, idempotencyKey: string = randomUUID()): Promise<PaymentRequest> {
    return expectBody(PaymentRequest, await this.createAttempt(token, body, idempotencyKey), [201]);
  }

  getAttempt(token: string, id: string): Promise<ApiResponse> {
    return this.call('GET', `/v1/payment-requests/${encodeURIComponent(id)}`, { token });
  }

  async get(token: string, id: string): Promise<PaymentRequest> {
    return expectBody(PaymentRequest, await this.getAttempt(token, id));
  }

  cancelAttempt(token: string, id: string): Promise<ApiResponse> {
    return this.call('POST', `/v1/payment-requests/${encodeURIComponent(id)}/cancel`, { token });
  }

  async cancel(token: string, id: string): Promise<PaymentRequest> {
    return expectBody(PaymentRequest, await this.cancelAttempt(token, id));
  }

  listAttempt(token: string, query: Record<string, string | number> = {}): Promise<ApiResponse> {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return this.call('GET', `/v1/payment-requests${search ? `?${search}` : ''}`, { token });
  }

  async list(token: string, query: Record<string, string | number> = {}): Promise<PaymentRequestList> {
    return expectBody(PaymentRequestList, await this.listAttempt(token, query));
  }

  // ---- customer side -------------------------------------------------------------------------

  payAttempt(qrPayload: string, walletId: string, amount: number): Promise<ApiResponse> {
    return this.call('POST', '/v1/wallet/payments', { json: { qrPayload, walletId, amount } });
  }

  async pay(qrPayload: string, walletId: string, amount: number): Promise<WalletPaymentResponse> {
    return expectBody(WalletPaymentResponse, await this.payAttempt(qrPayload, walletId, amount), [201]);
  }

  lookUpQrAttempt(payload: string): Promise<ApiResponse> {
    return this.call('GET', `/v1/wallet/qr?payload=${encodeURIComponent(payload)}`);
  }

  async lookUpQr(payload: string): Promise<WalletQrLookup> {
    return expectBody(WalletQrLookup, await this.lookUpQrAttempt(payload));
  }

  async wallet(walletId: string): Promise<Wallet> {
    return expectBody(Wallet, await this.call('GET', `/v1/wallet/wallets/${encodeURIComponent(walletId)}`));
  }

  // ---- sandbox-only admin --------------------------------------------------------------------

  readonly admin = {
    createMerchant: (merchant: {
      conventionNumber: string;
      name: string;
      password: string;
      minAmount?: number;
      maxAmount?: number;
    }) => this.expectStatus(this.call('POST', '/sandbox/merchants', { json: merchant }), 201),
    setWallet: (walletId: string, balance: number) =>
      this.expectStatus(this.call('POST', '/sandbox/wallets', { json: { walletId, balance } }), 201),
    unlock: (conventionNumber = DEMO_CONVENTION_NUMBER) =>
      this.expectStatus(this.call('POST', `/sandbox/merchants/${conventionNumber}/unlock`), 204),
    expireTokens: (conventionNumber = DEMO_CONVENTION_NUMBER) =>
      this.expectStatus(this.call('POST', `/sandbox/merchants/${conventionNumber}/expire-tokens`), 204),
    /** Closes every open event stream; new ones get 503 for `refuseForMs`. */
    cutStreams: (refuseForMs = 0) =>
      this.expectStatus(this.call('POST', '/sandbox/streams/cut', { json: { refuseForMs } }), 204),
    /** `{}` resets every fault. */
    setFaults: (faults: { createResponseDelayMs?: number }) =>
      this.expectStatus(this.call('POST', '/sandbox/faults', { json: faults }), 204),
  };

  private async expectStatus(pending: Promise<ApiResponse>, status: number): Promise<ApiResponse> {
    const response = await pending;
    if (response.status !== status) throw new Error(`expected HTTP ${status}, got ${response.status}: ${response.text}`);
    return response;
  }
}

export interface TestSandbox extends RunningSandbox {
  api: SandboxApi;
}

/** A sandbox on 127.0.0.1, a free port unless `options.port` says otherwise, in memory unless `dbPath`. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, ...options });
  return { ...sandbox, api: new SandboxApi(sandbox.url) };
}

/** A temp folder of the test's own; `remove()` in afterAll/afterEach. */
export function makeTempDir(prefix = 'cvc-sandbox-'): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
