// The customer side of the sandbox platform, black box over loopback HTTP: full and partial
// payment, insufficient balance, one payment per request (also under concurrency), the QR
// lookup the wallet page uses, and every refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MERCHANT_NAME, DEMO_WALLETS } from '../../electron/sandbox';
import { errorOf, startTestSandbox, type TestSandbox } from '../support/sandbox';

let sandbox: TestSandbox;
let token: string;
let counter = 0;
const basket = () => `W-${(counter += 1)}`;

/** A wallet of the test's own with a known balance. */
async function wallet(balance: number): Promise<string> {
  const walletId = `wallet-${(counter += 1)}`;
  await sandbox.api.admin.setWallet(walletId, balance);
  return walletId;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  token = await sandbox.api.token();
});

afterAll(async () => {
  await sandbox.close();
});

describe('paying', () => {
  it('seeds the documented demo wallets (500,00 € and 5,00 €)', async () => {
    expect(DEMO_WALLETS).toEqual([
      { walletId: 'demo-wallet-1', balance: 50_000 },
      { walletId: 'demo-wallet-low', balance: 500 },
    ]);
    expect(await sandbox.api.wallet('demo-wallet-low')).toEqual({ walletId: 'demo-wallet-low', balance: 500 });
  });

  it('pays the full amount: the request is validated with everything received, the wallet debited', async () => {
    const walletId = await wallet(10_000);
    const request = await sandbox.api.create(token, { amount: 2000, basketNumber: basket() });
    const paid = await sandbox.api.pay(request.qrPayload, walletId, 2000);
    expect(paid).toMatchObject({ walletId, amount: 2000, balance: 8_000 });
    expect(paid.paymentRequest).toMatchObject({ id: request.id, status: 'validated', amountRequested: 2000, amountReceived: 2000 });
    expect(await sandbox.api.get(token, request.id)).toEqual(paid.paymentRequest);
    expect(await sandbox.api.wallet(walletId)).toEqual({ walletId, balance: 8_000 });
  });

  it('accepts a partial payment: validated with amountReceived below amountRequested', async () => {
    const walletId = await wallet(10_000);
    const request = await sandbox.api.create(token, { amount: 2000, basketNumber: basket() });
    const paid = await sandbox.api.pay(request.qrPayload, walletId, 1250);
    expect(paid.paymentRequest).toMatchObject({ status: 'validated', amountRequested: 2000, amountReceived: 1250 });
    expect(await sandbox.api.get(token, request.id)).toMatchObject({ status: 'validated', amountReceived: 1250 });
    expect((await sandbox.api.wallet(walletId)).balance).toBe(8_750);
  });

  it('refuses a payment above the balance (402 insufficient_balance) and changes nothing', async () => {
    const walletId = await wallet(500);
    const request = await sandbox.api.create(token, { amount: 2000, basketNumber: basket() });
    const refused = await sandbox.api.payAttempt(request.qrPayload, walletId, 2000);
    expect(refused.status).toBe(402);
    expect(errorOf(refused).code).toBe('insufficient_balance');
    expect(await sandbox.api.get(token, request.id)).toEqual(request);
    expect((await sandbox.api.wallet(walletId)).balance).toBe(500);
    // The customer can still pay what the wallet holds.
    const partial = await sandbox.api.pay(request.qrPayload, walletId, 500);
    expect(partial).toMatchObject({ balance: 0, paymentRequest: { status: 'validated', amountReceived: 500 } });
  });

  it('refuses a second payment of the same request (409 not_pending) and debits only once', async () => {
    const walletId = await wallet(10_000);
    const request = await sandbox.api.create(token, { amount: 1000, basketNumber: basket() });
    await sandbox.api.pay(request.qrPayload, walletId, 400);
    const second = await sandbox.api.payAttempt(request.qrPayload, walletId, 600);
    expect(second.status).toBe(409);
    expect(errorOf(second).code).toBe('not_pending');
    expect(await sandbox.api.get(token, request.id)).toMatchObject({ status: 'validated', amountReceived: 400 });
    expect((await sandbox.api.wallet(walletId)).balance).toBe(9_600);
  });

  it('lets exactly one of many simultaneous payments of one request succeed', async () => {
    const wallets = await Promise.all(Array.from({ length: 8 }, () => wallet(5_000)));
    const request = await sandbox.api.create(token, { amount: 1000, basketNumber: basket() });
    const answers = await Promise.all(wallets.map((walletId) => sandbox.api.payAttempt(request.qrPayload, walletId, 1000)));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(wallets.length - 1);
    const balances = await Promise.all(wallets.map(async (walletId) => (await sandbox.api.wallet(walletId)).balance));
    expect(balances.filter((balance) => balance === 4_000)).toHaveLength(1);
    expect(balances.filter((balance) => balance === 5_000)).toHaveLength(wallets.length - 1);
  });
});

describe('refusals', () => {
  it('answers 404 unknown_qr for a payload that is not one of ours', async () => {
    for (const payload of [`${sandbox.walletPageUrl}?qr=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, 'not a url', `${sandbox.url}/wallet`]) {
      const response = await sandbox.api.payAttempt(payload, 'demo-wallet-1', 100);
      expect(response.status).toBe(404);
      expect(errorOf(response).code).toBe('unknown_qr');
    }
  });

  it('answers 404 unknown_wallet for an unknown wallet and leaves the request pending', async () => {
    const request = await sandbox.api.create(token, { amount: 1000, basketNumber: basket() });
    const response = await sandbox.api.payAttempt(request.qrPayload, 'no-such-wallet', 1000);
    expect(response.status).toBe(404);
    expect(errorOf(response).code).toBe('unknown_wallet');
    expect((await sandbox.api.get(token, request.id)).status).toBe('pending');
  });

  it.each([
    ['zero', 0],
    ['negative', -100],
    ['not whole cents', 10.5],
    ['above the amount requested', 1001],
    ['a string', '1000'],
  ])('refuses an amount that is %s (400 validation_error, field amount)', async (_case, amount) => {
    const walletId = await wallet(10_000);
    const request = await sandbox.api.create(token, { amount: 1000, basketNumber: basket() });
    const response = await sandbox.api.call('POST', '/v1/wallet/payments', {
      json: { qrPayload: request.qrPayload, walletId, amount },
    });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'validation_error', field: 'amount' });
    expect((await sandbox.api.get(token, request.id)).status).toBe('pending');
    expect((await sandbox.api.wallet(walletId)).balance).toBe(10_000);
  });

  it.each([
    ['qrPayload', { walletId: 'demo-wallet-1', amount: 100 }],
    ['walletId', { qrPayload: 'x', amount: 100 }],
    ['amount', { qrPayload: 'x', walletId: 'demo-wallet-1' }],
    ['tip', { qrPayload: 'x', walletId: 'demo-wallet-1', amount: 100, tip: 5 }],
  ])('refuses a payment body without a valid %s (400 validation_error)', async (field, body) => {
    const response = await sandbox.api.call('POST', '/v1/wallet/payments', { json: body });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'validation_error', field });
  });
});

describe('what the customer app reads', () => {
  it('looks up a QR payload: merchant name and the request, nothing cashier-only', async () => {
    const request = await sandbox.api.create(token, {
      amount: 3_500,
      basketNumber: basket(),
      label: 'Mobil-home',
      customerReference: 'Dossier 42',
      sellerId: 'v7',
    });
    const lookup = await sandbox.api.lookUpQr(request.qrPayload);
    expect(lookup).toEqual({
      merchant: { name: DEMO_MERCHANT_NAME },
      paymentRequest: {
        basketNumber: request.basketNumber,
        amountRequested: 3_500,
        status: 'pending',
        expiresAt: request.expiresAt,
        label: 'Mobil-home',
      },
    });
    expect(JSON.stringify(lookup)).not.toContain('Dossier 42');
    await sandbox.api.pay(request.qrPayload, 'demo-wallet-1', 3_500);
    expect((await sandbox.api.lookUpQr(request.qrPayload)).paymentRequest.status).toBe('validated');
  });

  it('answers 404 unknown_qr to a lookup of an unknown payload, 404 unknown_wallet for an unknown wallet', async () => {
    const lookup = await sandbox.api.lookUpQrAttempt(`${sandbox.walletPageUrl}?qr=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB`);
    expect(lookup.status).toBe(404);
    expect(errorOf(lookup).code).toBe('unknown_qr');
    const missing = await sandbox.api.call('GET', '/v1/wallet/qr');
    expect(missing.status).toBe(400);
    expect(errorOf(missing)).toMatchObject({ code: 'validation_error', field: 'payload' });
    const unknownWallet = await sandbox.api.call('GET', '/v1/wallet/wallets/nobody');
    expect(unknownWallet.status).toBe(404);
    expect(errorOf(unknownWallet).code).toBe('unknown_wallet');
  });

  it('builds QR payloads on the configured public URL, and they still pay', async () => {
    const lan = await startTestSandbox({ publicUrl: 'http://192.168.1.20:4010/' });
    try {
      const lanToken = await lan.api.token();
      const request = await lan.api.create(lanToken, { amount: 2000, basketNumber: 'REF253' });
      expect(request.qrPayload).toMatch(/^http:\/\/192\.168\.1\.20:4010\/wallet\?qr=[A-Za-z0-9_-]{22,}$/);
      const paid = await lan.api.pay(request.qrPayload, 'demo-wallet-1', 2000);
      expect(paid.paymentRequest.status).toBe('validated');
    } finally {
      await lan.close();
    }
  });
});
