// The sandbox-only admin routes, black box over loopback HTTP: seeding merchants and wallets,
// unlocking, and the switches tests use (expired tokens, slowed-down create answers).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER } from '../../electron/sandbox';
import { errorOf, startTestSandbox, type TestSandbox } from '../support/sandbox';
import { PATIENCE } from '../support/patience';

let sandbox: TestSandbox;

beforeEach(async () => {
  sandbox = await startTestSandbox();
});

afterEach(async () => {
  await sandbox.close();
});

describe('POST /sandbox/merchants', () => {
  it('creates a merchant who can log in and whose limits apply', async () => {
    const created = await sandbox.api.admin.createMerchant({
      conventionNumber: '222233334444',
      name: 'Hôtel de la Plage',
      password: 'plage',
      minAmount: 500,
      maxAmount: 20_000,
    });
    expect(created.body).toEqual({ conventionNumber: '222233334444', name: 'Hôtel de la Plage', minAmount: 500, maxAmount: 20_000 });
    const login = await sandbox.api.login('plage', '222233334444');
    expect(login.merchant).toEqual({ conventionNumber: '222233334444', name: 'Hôtel de la Plage' });
    const tooSmall = await sandbox.api.createAttempt(login.accessToken, { amount: 499, basketNumber: 'H1' });
    expect(errorOf(tooSmall)).toMatchObject({ code: 'validation_error', field: 'amount' });
    await sandbox.api.create(login.accessToken, { amount: 20_000, basketNumber: 'H1' });
  });

  it('replaces an existing merchant: new password, and the account is unlocked', async () => {
    for (const attempt of ['a', 'b', 'c']) await sandbox.api.loginAttempt(DEMO_CONVENTION_NUMBER, attempt);
    expect((await sandbox.api.loginAttempt(DEMO_CONVENTION_NUMBER, DEFAULT_DEMO_PASSWORD)).status).toBe(423);
    await sandbox.api.admin.createMerchant({ conventionNumber: DEMO_CONVENTION_NUMBER, name: 'Camping des Pins', password: 'neuf' });
    expect((await sandbox.api.loginAttempt(DEMO_CONVENTION_NUMBER, DEFAULT_DEMO_PASSWORD)).status).toBe(401);
    await sandbox.api.login('neuf');
  });

  it.each([
    ['conventionNumber', { conventionNumber: '123', name: 'X', password: 'p' }],
    ['name', { conventionNumber: '222233334444', name: '', password: 'p' }],
    ['password', { conventionNumber: '222233334444', name: 'X' }],
    ['minAmount', { conventionNumber: '222233334444', name: 'X', password: 'p', minAmount: 0 }],
    ['maxAmount', { conventionNumber: '222233334444', name: 'X', password: 'p', minAmount: 500, maxAmount: 100 }],
    ['role', { conventionNumber: '222233334444', name: 'X', password: 'p', role: 'admin' }],
  ])('refuses a bad %s (400 validation_error)', async (field, body) => {
    const response = await sandbox.api.call('POST', '/sandbox/merchants', { json: body });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'validation_error', field });
  });
});

describe('POST /sandbox/wallets', () => {
  it('creates a wallet, then sets its balance', async () => {
    const created = await sandbox.api.admin.setWallet('famille-martin', 12_345);
    expect(created.body).toEqual({ walletId: 'famille-martin', balance: 12_345 });
    expect(await sandbox.api.wallet('famille-martin')).toEqual({ walletId: 'famille-martin', balance: 12_345 });
    await sandbox.api.admin.setWallet('demo-wallet-low', 0);
    expect((await sandbox.api.wallet('demo-wallet-low')).balance).toBe(0);
  });

  it.each([
    ['balance', { walletId: 'w', balance: -1 }],
    ['balance', { walletId: 'w', balance: 10.5 }],
    ['walletId', { walletId: 'a wallet', balance: 1 }],
  ])('refuses a bad %s (400 validation_error)', async (field, body) => {
    const response = await sandbox.api.call('POST', '/sandbox/wallets', { json: body });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'validation_error', field });
  });
});

describe('unlock and expire-tokens', () => {
  it('answers 404 not_found for an unknown merchant and 400 for a bad convention number', async () => {
    for (const action of ['unlock', 'expire-tokens']) {
      const unknown = await sandbox.api.call('POST', `/sandbox/merchants/999988887777/${action}`);
      expect(unknown.status).toBe(404);
      expect(errorOf(unknown).code).toBe('not_found');
      const bad = await sandbox.api.call('POST', `/sandbox/merchants/abc/${action}`);
      expect(bad.status).toBe(400);
      expect(errorOf(bad)).toMatchObject({ code: 'validation_error', field: 'conventionNumber' });
    }
  });

  it('expires only the tokens of that merchant', async () => {
    await sandbox.api.admin.createMerchant({ conventionNumber: '222233334444', name: 'Autre', password: 'autre' });
    const demoToken = await sandbox.api.token();
    const otherToken = (await sandbox.api.login('autre', '222233334444')).accessToken;
    await sandbox.api.admin.expireTokens('222233334444');
    expect(errorOf(await sandbox.api.listAttempt(otherToken)).code).toBe('token_expired');
    expect((await sandbox.api.listAttempt(demoToken)).status).toBe(200);
  });
});

describe('POST /sandbox/faults', () => {
  it('delays the answer to a create that is already committed; a retry with the same key answers at once', async () => {
    const token = await sandbox.api.token();
    await sandbox.api.admin.setFaults({ createResponseDelayMs: 4_000 });
    let answered = false;
    const slow = sandbox.api.createAttempt(token, { amount: 2000, basketNumber: 'REF253' }, 'slow-key').then((response) => {
      answered = true;
      return response;
    });
    const committed = await vi.waitFor(async () => {
      const item = (await sandbox.api.list(token, { basketNumber: 'REF253' })).items[0];
      expect(item, 'the request to be committed').toBeDefined();
      return item!;
    }, PATIENCE);
    expect(answered).toBe(false);
    const retry = await sandbox.api.createAttempt(token, { amount: 2000, basketNumber: 'REF253' }, 'slow-key');
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(committed);
    expect(answered).toBe(false);

    const late = await slow;
    expect(late.status).toBe(201);
    expect(late.body).toEqual(committed);

    await sandbox.api.admin.setFaults({});
    const started = Date.now();
    await sandbox.api.create(token, { amount: 100, basketNumber: 'FAST' });
    // Well under the 4 s delay, with room for a loaded CI machine.
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('does not hold close() back while a create answer is delayed', async () => {
    const token = await sandbox.api.token();
    await sandbox.api.admin.setFaults({ createResponseDelayMs: 60_000 });
    const pending = sandbox.api.createAttempt(token, { amount: 100, basketNumber: 'STUCK' }).catch((error: unknown) => error);
    await vi.waitFor(
      async () => expect((await sandbox.api.list(token, { basketNumber: 'STUCK' })).items[0], 'the request to be committed').toBeDefined(),
      PATIENCE,
    );
    const started = Date.now();
    await sandbox.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    // The caller never gets a 201 for it: its connection went away with the server.
    const outcome = await pending;
    expect(outcome instanceof Error || (outcome as { status: number }).status !== 201).toBe(true);
  });

  it('refuses unknown switches (400 validation_error)', async () => {
    const response = await sandbox.api.call('POST', '/sandbox/faults', { json: { dropEverything: true } });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'validation_error', field: 'dropEverything' });
    const cut = await sandbox.api.call('POST', '/sandbox/streams/cut', { json: { refuseForMs: -1 } });
    expect(errorOf(cut)).toMatchObject({ code: 'validation_error', field: 'refuseForMs' });
  });
});
