// The customer display's state, driven by the real core against the real sandbox platform: what
// the customer sees follows the requests the cashier creates and the customer pays, by itself,
// and goes back to idle after `finalStatusSeconds` (1 s here, so no fake clock is needed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayState } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { createPayment, loginDemo, nextEvent, payAsCustomer, startTestCompanion, tempDir, unwrap } from '../support/companion';

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let companion: CoreCompanion;

beforeAll(async () => {
  dir = tempDir('cvc-display-');
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  unwrap(await companion.invoke('settings.update', { customerDisplay: { finalStatusSeconds: 1 } }));
});

afterAll(async () => {
  await companion?.close();
  await sandbox?.close();
  dir?.remove();
});

const displayed = (matches: (state: DisplayState) => boolean, timeoutMs = 8_000) =>
  nextEvent(companion, 'display.changed', matches, timeoutMs);

describe('customer display driven by the core', () => {
  it('is idle without a merchant name while logged out, then shows the merchant once logged in', async () => {
    expect(companion.displayState()).toMatchObject({ phase: 'idle', merchantName: null, payment: null });
    const named = displayed((state) => state.phase === 'idle' && state.merchantName !== null);
    await loginDemo(companion);
    expect((await named).merchantName).toBe('Camping des Pins');
  });

  it('shows the QR of a new request, then "validated" when the customer pays it all, then idle', async () => {
    const shown = displayed((state) => state.phase === 'payment');
    const op = await createPayment(companion, { amount: 2000, basketNumber: 'REF253', customerReference: 'Famille Martin' });
    const payment = await shown;
    expect(payment.payment).toMatchObject({ operationId: op.id, basketNumber: 'REF253', amountRequested: 2000, qrPayload: op.qrPayload });
    expect(JSON.stringify(payment)).not.toContain('Famille Martin');
    expect(JSON.stringify(payment)).not.toContain('643736001001');

    const validated = displayed((state) => state.phase === 'validated');
    await payAsCustomer(sandbox.url, op.qrPayload!, 2000);
    expect((await validated).payment).toMatchObject({ operationId: op.id, amountReceived: 2000, qrPayload: null });
    const idle = await displayed((state) => state.phase === 'idle');
    expect(idle.payment).toBeNull();
  });

  it('shows what was received and the rest to pay for a partial payment', async () => {
    const op = await createPayment(companion, { amount: 2000, basketNumber: 'REF254' });
    const partial = displayed((state) => state.phase === 'partial');
    await payAsCustomer(sandbox.url, op.qrPayload!, 1200);
    expect((await partial).payment).toMatchObject({ operationId: op.id, amountReceived: 1200, remainder: 800, qrPayload: null });
    await displayed((state) => state.phase === 'idle');
  });

  it('shows "cancelled" when the cashier cancels', async () => {
    const op = await createPayment(companion, { amount: 1500, basketNumber: 'REF255' });
    const cancelled = displayed((state) => state.phase === 'cancelled');
    unwrap(await companion.invoke('payments.cancel', { id: op.id }));
    expect((await cancelled).payment?.operationId).toBe(op.id);
    await displayed((state) => state.phase === 'idle');
  });

  it('with two requests pending, shows the newest, and the older one again after the newest ends', async () => {
    const first = await createPayment(companion, { amount: 1000, basketNumber: 'TABLE-1' });
    const second = await createPayment(companion, { amount: 3000, basketNumber: 'TABLE-2' });
    expect(companion.displayState().payment?.operationId).toBe(second.id);

    const backToFirst = displayed((state) => state.phase === 'payment' && state.payment?.operationId === first.id);
    await payAsCustomer(sandbox.url, second.qrPayload!, 3000);
    expect((await backToFirst).payment?.qrPayload).toBe(first.qrPayload);

    const cancelled = displayed((state) => state.phase === 'cancelled');
    unwrap(await companion.invoke('payments.cancel', { id: first.id }));
    await cancelled;
    await displayed((state) => state.phase === 'idle');
  });

  it('shows the request for the rest at once over the partial outcome', async () => {
    const op = await createPayment(companion, { amount: 2000, basketNumber: 'REF256' });
    const partial = displayed((state) => state.phase === 'partial');
    await payAsCustomer(sandbox.url, op.qrPayload!, 500);
    await partial;
    const rest = await createPayment(companion, { amount: 1500, basketNumber: 'REF256', followUpOf: op.id });
    expect(companion.displayState()).toMatchObject({ phase: 'payment', payment: { operationId: rest.id, amountRequested: 1500 } });
    unwrap(await companion.invoke('payments.cancel', { id: rest.id }));
    await displayed((state) => state.phase === 'idle');
  });

  it('switches to its own language at once, not the cashier’s, and clears the screen when the merchant logs out', async () => {
    const op = await createPayment(companion, { amount: 900, basketNumber: 'REF257' });
    unwrap(await companion.invoke('settings.update', { language: 'en' }));
    expect(companion.displayState()).toMatchObject({ phase: 'payment', language: 'fr' });
    const english = displayed((state) => state.language === 'en');
    unwrap(await companion.invoke('settings.update', { customerDisplay: { language: 'en' } }));
    expect(await english).toMatchObject({ phase: 'payment', payment: { operationId: op.id } });
    unwrap(await companion.invoke('settings.update', { language: 'fr', customerDisplay: { language: 'fr' } }));

    const cleared = displayed((state) => state.phase === 'idle' && state.merchantName === null);
    unwrap(await companion.invoke('session.logout', {}));
    expect((await cleared).payment).toBeNull();
  });
});

describe('customer display when a request expires', () => {
  let expiringSandbox: RunningSandbox;
  let expiring: CoreCompanion;
  let expiringDir: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    expiringDir = tempDir('cvc-display-expiry-');
    expiringSandbox = await startSandbox({ port: 0, expirySeconds: 2 });
    expiring = await startTestCompanion({ platformUrl: expiringSandbox.url, dataDir: expiringDir.path });
    unwrap(await expiring.invoke('settings.update', { customerDisplay: { finalStatusSeconds: 1 } }));
    await loginDemo(expiring);
  });

  afterAll(async () => {
    await expiring?.close();
    await expiringSandbox?.close();
    expiringDir?.remove();
  });

  it('shows "expired" by itself when the time to pay is over, then idle', async () => {
    const op = await createPayment(expiring, { amount: 2000, basketNumber: 'REF260' });
    expect(expiring.displayState()).toMatchObject({ phase: 'payment', payment: { operationId: op.id } });
    const expired = await nextEvent(expiring, 'display.changed', (state) => state.phase === 'expired', 10_000);
    expect(expired.payment).toMatchObject({ operationId: op.id, qrPayload: null });
    await nextEvent(expiring, 'display.changed', (state) => state.phase === 'idle', 5_000);
  });
});
