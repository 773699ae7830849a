// Merchant login on the sandbox platform, black box over loopback HTTP: the lockout rule (the
// 3rd wrong password locks the account), tokens, logout and health.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MERCHANT_SPACE_URL } from '../../electron/common/platform-api';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, DEMO_MERCHANT_NAME } from '../../electron/sandbox';
import { errorOf, startTestSandbox, type TestSandbox } from '../support/sandbox';
import { PATIENCE } from '../support/patience';

let sandbox: TestSandbox;

beforeEach(async () => {
  sandbox = await startTestSandbox();
});

afterEach(async () => {
  await sandbox.close();
});

describe('health', () => {
  it('answers 200 {"status":"ok"} without a token', async () => {
    const response = await sandbox.api.call('GET', '/v1/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });
});

describe('login', () => {
  it('logs the demo merchant in with a token that expires in the future', async () => {
    const before = Date.now();
    const login = await sandbox.api.login();
    expect(login.merchant).toEqual({ conventionNumber: DEMO_CONVENTION_NUMBER, name: DEMO_MERCHANT_NAME });
    expect(login.accessToken.length).toBeGreaterThanOrEqual(32);
    // default lifetime 12 h
    const lifetimeMs = Date.parse(login.expiresAt) - before;
    expect(lifetimeMs).toBeGreaterThan(12 * 3600_000 - 60_000);
    expect(lifetimeMs).toBeLessThanOrEqual(12 * 3600_000 + 60_000);
  });

  it('locks the account at the 3rd consecutive wrong password, even for the right one, until unlocked', async () => {
    const first = await sandbox.api.loginAttempt(DEMO_CONVENTION_NUMBER, 'wrong-1');
    expect(first.status).toBe(401);
    expect(errorOf(first)).toMatchObject({ code: 'invalid_credentials', attemptsLeft: 2 });

    const second = await sandbox.api.loginAttempt(DEMO_CONVENTION_NUMBER, 'wrong-2');
    expect(second.status).toBe(401);
    expect(errorOf(second)).toMatchObject({ code: 'invalid_credentials', attemptsLeft: 1 });

    const third = await sandbox.api.loginAttempt(DEMO_CONVENTION_NUMBER, 'wrong-3');
    expect(third.status).toBe(423);
    expect(errorOf(third)).toMatchObject({ code: 'account_locked', unlockUrl: MERCHANT_SPACE_URL });

    const rightButLocked = await sandbox.api.loginAttempt(DEMO_CONVENTION_NUMBER, DEFAULT_DEMO_PASSWORD);
    expect(rightButLocked.status).toBe(423);
    expect(errorOf(rightButLocked)).toMatchObject({ code: 'account_locked', unlockUrl: MERCHANT_SPACE_URL });

    await sandbox.api.admin.unlock(DEMO_CONVENTION_NUMBER);
    const login = await sandbox.api.login();
    expect(login.merchant.conventionNumber).toBe(DEMO_CONVENTION_NUMBER);
  });

  it('resets the count of wrong passwords after a successful login', async () => {
    await sandbox.api.loginAttempt(DEMO_CONVENTION_NUMBER, 'wrong-1');
    await sandbox.api.loginAttempt(DEMO_CONVENTION_NUMBER, 'wrong-2');
    await sandbox.api.login();
    const again = await sandbox.api.loginAttempt(DEMO_CONVENTION_NUMBER, 'wrong-3');
    expect(again.status).toBe(401);
    expect(errorOf(again).attemptsLeft).toBe(2);
  });

  it('answers an unknown convention number like a wrong password, without attempts left', async () => {
    const response = await sandbox.api.loginAttempt('999999999999', DEFAULT_DEMO_PASSWORD);
    expect(response.status).toBe(401);
    const error = errorOf(response);
    expect(error.code).toBe('invalid_credentials');
    expect(error).not.toHaveProperty('attemptsLeft');
  });

  it.each([
    ['11 digits', { conventionNumber: '64373600100', password: 'x' }, 'conventionNumber'],
    ['13 digits', { conventionNumber: '6437360010011', password: 'x' }, 'conventionNumber'],
    ['letters', { conventionNumber: '64373600100A', password: 'x' }, 'conventionNumber'],
    ['a number instead of a string', { conventionNumber: 643736001001, password: 'x' }, 'conventionNumber'],
    ['no password', { conventionNumber: DEMO_CONVENTION_NUMBER }, 'password'],
    ['an empty password', { conventionNumber: DEMO_CONVENTION_NUMBER, password: '' }, 'password'],
    ['an unknown property', { conventionNumber: DEMO_CONVENTION_NUMBER, password: 'x', remember: true }, 'remember'],
  ])('refuses a login body with %s (400 validation_error naming the field)', async (_case, body, field) => {
    const response = await sandbox.api.call('POST', '/v1/auth/login', { json: body });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'validation_error', field });
  });

  it('does not count a refused (invalid) body as a wrong password', async () => {
    await sandbox.api.call('POST', '/v1/auth/login', { json: { conventionNumber: DEMO_CONVENTION_NUMBER, password: '' } });
    const wrong = await sandbox.api.loginAttempt(DEMO_CONVENTION_NUMBER, 'wrong');
    expect(errorOf(wrong).attemptsLeft).toBe(2);
  });
});

describe('tokens', () => {
  it('refuses merchant routes without a token, with an unknown token, and after logout (401 unauthorized)', async () => {
    const missing = await sandbox.api.call('GET', '/v1/payment-requests');
    expect(missing.status).toBe(401);
    expect(errorOf(missing).code).toBe('unauthorized');

    const unknown = await sandbox.api.call('GET', '/v1/payment-requests', { token: 'not-a-real-token' });
    expect(unknown.status).toBe(401);
    expect(errorOf(unknown).code).toBe('unauthorized');

    const token = await sandbox.api.token();
    expect((await sandbox.api.listAttempt(token)).status).toBe(200);
    const logout = await sandbox.api.call('POST', '/v1/auth/logout', { token });
    expect(logout.status).toBe(204);
    const afterLogout = await sandbox.api.listAttempt(token);
    expect(afterLogout.status).toBe(401);
    expect(errorOf(afterLogout).code).toBe('unauthorized');
  });

  it('answers 401 token_expired once the token has expired, and a new login works', async () => {
    const token = await sandbox.api.token();
    await sandbox.api.admin.expireTokens(DEMO_CONVENTION_NUMBER);
    const expired = await sandbox.api.listAttempt(token);
    expect(expired.status).toBe(401);
    expect(errorOf(expired).code).toBe('token_expired');
    const fresh = await sandbox.api.token();
    expect((await sandbox.api.listAttempt(fresh)).status).toBe(200);
  });

  it('honours a short configured token lifetime', async () => {
    const shortLived = await startTestSandbox({ tokenTtlSeconds: 1 });
    try {
      const login = await shortLived.api.login();
      expect(Date.parse(login.expiresAt) - Date.now()).toBeLessThanOrEqual(1_000);
      // Wait on the platform's own answer (no fixed sleep): poll until it refuses the token.
      const refused = await vi.waitFor(async () => {
        const response = await shortLived.api.listAttempt(login.accessToken);
        expect(response.status, 'the token to expire').toBe(401);
        return response;
      }, PATIENCE);
      const code = errorOf(refused).code;
      expect(code).toBe('token_expired');
    } finally {
      await shortLived.close();
    }
  });

  it('checks the token before reading the body', async () => {
    const response = await sandbox.api.call('POST', '/v1/payment-requests', {
      rawBody: '{not json',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
    });
    expect(response.status).toBe(401);
    expect(errorOf(response).code).toBe('unauthorized');
  });
});
