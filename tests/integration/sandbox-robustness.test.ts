// What the sandbox platform does with bad HTTP, black box over loopback: malformed JSON,
// oversized bodies, other media types, unknown routes. Every refusal is a JSON error body with
// a code from the platform's list, and never a stack trace.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformErrorCode } from '../../electron/common/platform-api';
import { errorOf, startTestSandbox, type ApiResponse, type TestSandbox } from '../support/sandbox';

let sandbox: TestSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  token = await sandbox.api.token();
});

afterAll(async () => {
  await sandbox.close();
});

/** A refusal as an integrator sees it: JSON, a known code, a message, no trace of the server's insides. */
function expectCleanError(response: ApiResponse, status: number, code: PlatformErrorCode): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const error = errorOf(response);
  expect(error.code).toBe(code);
  expect(PlatformErrorCode.options).toContain(error.code);
  expect(error.message.length).toBeGreaterThan(0);
  expect(response.text).not.toMatch(/\bat .+\(|\.ts:\d+|node_modules|stack/i);
}

const JSON_ROUTES: Array<[string, string, boolean]> = [
  ['POST', '/v1/auth/login', false],
  ['POST', '/v1/payment-requests', true],
  ['POST', '/v1/wallet/payments', false],
  ['POST', '/sandbox/merchants', false],
];

describe('malformed JSON (400 malformed_json)', () => {
  it.each(JSON_ROUTES)('%s %s', async (method, path, withToken) => {
    for (const rawBody of ['{"amount": 2000,', '{amount: 2000}', "{'a':1}", 'undefined']) {
      const response = await sandbox.api.call(method, path, {
        rawBody,
        token: withToken ? token : undefined,
        headers: { 'content-type': 'application/json', 'idempotency-key': 'malformed' },
      });
      expectCleanError(response, 400, 'malformed_json');
    }
  });

  it('refuses an empty body sent as JSON', async () => {
    const response = await sandbox.api.call('POST', '/v1/auth/login', {
      rawBody: '',
      headers: { 'content-type': 'application/json' },
    });
    expectCleanError(response, 400, 'malformed_json');
  });

  it('refuses prototype poisoning', async () => {
    const response = await sandbox.api.call('POST', '/v1/auth/login', {
      rawBody: '{"conventionNumber":"643736001001","password":"x","__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expectCleanError(response, 400, 'malformed_json');
  });
});

describe('body size (16 KiB)', () => {
  it('refuses a body over 16 KiB with 413 payload_too_large', async () => {
    const response = await sandbox.api.createAttempt(token, { amount: 100, basketNumber: 'BIG', label: 'x'.repeat(17 * 1024) });
    expectCleanError(response, 413, 'payload_too_large');
    expect((await sandbox.api.list(token, { basketNumber: 'BIG' })).items).toHaveLength(0);
  });

  it('reads a body just under 16 KiB (then refuses the field, not the size)', async () => {
    const response = await sandbox.api.createAttempt(token, { amount: 100, basketNumber: 'BIG', label: 'x'.repeat(16 * 1024 - 100) });
    expectCleanError(response, 400, 'validation_error');
    expect(errorOf(response).field).toBe('label');
  });

  it('refuses an oversized chunked body that announces no length', async () => {
    const url = new URL('/v1/auth/login', sandbox.url);
    const response = await new Promise<ApiResponse>((resolve, reject) => {
      const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: new Headers(res.headers as Record<string, string>), body: JSON.parse(text), text }),
        );
      });
      request.on('error', reject);
      request.write('{"password":"');
      // 20 KiB in small chunks: no Content-Length, so the limit must be counted as it arrives.
      for (let i = 0; i < 20; i += 1) request.write('a'.repeat(1024));
      request.end('"}');
    });
    expectCleanError(response, 413, 'payload_too_large');
  });
});

describe('media types (415 unsupported_media_type)', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])('refuses %s', async (type) => {
    const response = await sandbox.api.call('POST', '/v1/auth/login', {
      rawBody: 'conventionNumber=643736001001&password=x',
      headers: { 'content-type': type },
    });
    expectCleanError(response, 415, 'unsupported_media_type');
  });

  it('accepts application/json with a charset', async () => {
    const response = await sandbox.api.call('POST', '/v1/auth/login', {
      rawBody: JSON.stringify({ conventionNumber: '643736001001', password: 'vacances2026' }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(response.status).toBe(200);
  });
});

describe('unknown routes (404 not_found, JSON)', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/v2/payment-requests'],
    ['DELETE', '/v1/payment-requests'],
    ['PUT', '/v1/auth/login'],
    ['GET', '/sandbox/merchants'],
  ])('%s %s', async (method, path) => {
    expectCleanError(await sandbox.api.call(method, path, { token }), 404, 'not_found');
  });
});

describe('every refusal is clean', () => {
  it('uses the error format with a known code for a sample of refusals', async () => {
    const samples: Array<[Promise<ApiResponse>, number, PlatformErrorCode]> = [
      [sandbox.api.loginAttempt('12', 'x'), 400, 'validation_error'],
      [sandbox.api.loginAttempt('000000000000', 'x'), 401, 'invalid_credentials'],
      [sandbox.api.call('GET', '/v1/events'), 401, 'unauthorized'],
      [sandbox.api.getAttempt(token, 'nope'), 404, 'not_found'],
      [sandbox.api.payAttempt('x', 'demo-wallet-1', 1), 404, 'unknown_qr'],
      [sandbox.api.call('POST', '/sandbox/merchants/12/unlock'), 400, 'validation_error'],
    ];
    for (const [pending, status, code] of samples) expectCleanError(await pending, status, code);
  });
});
