// Odoo's Point of Sale as the till (tests/support/odoo-caisse-ap-peer.ts: the OCA module's way
// of using Caisse-AP, one request per connection, no BF, one recv of 1024 bytes, CA/CD/CE echoed
// and CB equal to the amount asked on success), against the real Caisse-AP server, a real core
// with its SQLite log and the real sandbox where the customer pays. For each outcome: what Odoo
// concludes, and that the customer can never be asked to pay twice for one basket (what was paid
// plus what can still be paid never exceeds the basket, even when the cashier retries the line
// as Odoo offers after an error).
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCaisseApController, startCaisseApServer, type CaisseApController, type CaisseApTiming, type RunningCaisseApServer } from '../../electron/caisse-ap/index';
import type { Operation, TillNotice, TillState } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { loginDemo, nextEvent, payAsCustomer, startTestCompanion, tempDir, unwrap } from '../support/companion';
import { akretionClientSend, odooSendPayment, type OdooVerdict } from '../support/odoo-caisse-ap-peer';
import { PATIENCE, patience } from '../support/patience';

const TIMING: Partial<CaisseApTiming> = { requestTimeoutMs: 1_500, lingerMs: 300, finalStatusGraceMs: 400, tallyFlushMs: 20 };
/** Odoo's POS timeout in these tests: long enough never to be what ends a case, unless it is the case. */
const POS_TIMEOUT_MS = 120_000;

let dir: ReturnType<typeof tempDir> | null = null;
let sandbox: RunningSandbox | null = null;
let companion: CoreCompanion;
let server: RunningCaisseApServer | null = null;
let controller: CaisseApController | null = null;
let port: number;
let notices: TillNotice[];
/** Every request the till made, latest state. */
let tillOperations: Map<string, Operation>;

async function start(options: { expirySeconds?: number; timing?: Partial<CaisseApTiming>; viaSettings?: boolean } = {}): Promise<void> {
  dir = tempDir('cvc-odoo-peer-');
  sandbox = await startSandbox({ port: 0, ...(options.expirySeconds ? { expirySeconds: options.expirySeconds } : {}) });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  notices = [];
  tillOperations = new Map();
  companion.on('till.notice', (notice) => notices.push(notice));
  companion.on('payment.updated', (op) => {
    if (op.origin === 'caisse-ap') tillOperations.set(op.id, op);
  });
  await loginDemo(companion);
  if (options.viaSettings) {
    // As a merchant sets it up: Paramètres, Caisse-AP on, and the till's timeout.
    controller = createCaisseApController({ core: companion, timing: { ...TIMING, ...options.timing } });
    await controller.start();
    return;
  }
  server = await startCaisseApServer({ core: companion, host: '127.0.0.1', port: 0, allowList: [], timing: { ...TIMING, ...options.timing } });
  port = server.port;
}

afterEach(async () => {
  await server?.close();
  await controller?.stop();
  await companion?.close();
  await sandbox?.close();
  dir?.remove();
  server = null;
  controller = null;
  sandbox = null;
  dir = null;
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const free = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

/** Odoo sends a payment line; resolves with the request the customer sees once it is on the display. */
async function odooPays(amount: number, posTimeoutMs = POS_TIMEOUT_MS): Promise<{ verdict: Promise<OdooVerdict>; operation: Operation }> {
  const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending' && op.followUpOf === null);
  const verdict = odooSendPayment({ port, amount, posTimeoutMs });
  return { verdict, operation: await pending };
}

/** What the customer paid for this basket, and what they could still be asked to pay. */
function exposure(): { paid: number; payable: number } {
  let paid = 0;
  let payable = 0;
  for (const op of tillOperations.values()) {
    paid += op.amountReceived;
    if (op.status === 'pending' || op.status === 'creating') payable += op.amountRequested;
  }
  return { paid, payable };
}

function expectNeverAskedTwice(basket: number): void {
  const { paid, payable } = exposure();
  expect(paid + payable).toBeLessThanOrEqual(basket);
}

async function waitingState(match: (state: TillState) => boolean): Promise<TillState> {
  return vi.waitFor(async () => {
    const state = unwrap(await companion.invoke('till.waiting', {}));
    expect(match(state)).toBe(true);
    return state;
  }, patience(10_000));
}

describe('Odoo (OCA l10n_fr_pos_caisse_ap_ip) as the till', () => {
  it('full payment: success, with CB equal to the amount asked', async () => {
    await start();
    const { verdict, operation } = await odooPays(20);
    expect(operation).toMatchObject({ amountRequested: 2000, basketNumber: expect.stringMatching(/^CAP-01-\d{12}$/) });
    await payAsCustomer(sandbox!.url, operation.qrPayload!, 2000);
    const result = await verdict;
    expect(result).toMatchObject({ paymentStatus: 'success', errorMessage: null });
    expect(result.transactionId).toMatch(/^AC-[A-Z0-9]{8}\|CD-0$/);
    expectNeverAskedTwice(2000);
    expect(notices.filter((n) => n.level === 'error')).toEqual([]);
  });

  it('partial payment, the rest asked in Chèque-Vacances: Odoo keeps waiting, then success with the whole amount', async () => {
    await start();
    const { verdict, operation } = await odooPays(20);
    let concluded = false;
    void verdict.then(() => (concluded = true));
    await payAsCustomer(sandbox!.url, operation.qrPayload!, 1500);

    const partial = await waitingState((state) => state.requests[0]?.state === 'partial');
    expect(partial.requests[0]).toMatchObject({ amountRequested: 2000, amountReceived: 1500, remainder: 500, operationIds: [operation.id] });
    expect(concluded).toBe(false); // no AE=10 with CB=1500: the till still waits
    expectNeverAskedTwice(2000);

    const remainderShown = nextEvent(companion, 'payment.updated', (op) => op.followUpOf === operation.id && op.status === 'pending');
    unwrap(await companion.invoke('till.choose', { exchangeId: partial.requests[0]!.exchangeId, choice: 'ask_remainder' }));
    const remainder = await remainderShown;
    expect(remainder).toMatchObject({ amountRequested: 500, basketNumber: operation.basketNumber, origin: 'caisse-ap' });
    expect(companion.displayState()).toMatchObject({ phase: 'payment', payment: { operationId: remainder.id, amountRequested: 500 } });
    expectNeverAskedTwice(2000);

    await payAsCustomer(sandbox!.url, remainder.qrPayload!, 500);
    const result = await verdict;
    expect(result).toMatchObject({ paymentStatus: 'success' });
    expect(result.received).toContain('CB0042000');
    expect(exposure()).toEqual({ paid: 2000, payable: 0 });
    expect(unwrap(await companion.invoke('till.waiting', {}))).toMatchObject({ requests: [], attention: [] });
  });

  it('partial payment, the rest paid otherwise: failure (operator abandon), the cashier records the 15,00 € by hand, a retry is refused until then', async () => {
    await start();
    const { verdict, operation } = await odooPays(20);
    await payAsCustomer(sandbox!.url, operation.qrPayload!, 1500);
    const partial = await waitingState((state) => state.requests[0]?.state === 'partial');
    unwrap(await companion.invoke('till.choose', { exchangeId: partial.requests[0]!.exchangeId, choice: 'paid_otherwise' }));

    const result = await verdict;
    expect(result).toMatchObject({ paymentStatus: 'failure', errorMessage: 'The payment transaction has failed: Opération non effectuée Abandon Opérateur' });
    expect(notices).toContainEqual(
      expect.objectContaining({
        level: 'error',
        code: 'caisse_ap.partial_not_told',
        message: expect.stringMatching(/Enregistrez à la main 15,00\s€ de Chèque-Vacances sur la caisse/),
      }),
    );
    const state = unwrap(await companion.invoke('till.waiting', {}));
    expect(state.attention).toEqual([
      expect.objectContaining({ outcome: 'partial_not_told', amountRequested: 2000, amountReceived: 1500, tillResult: '01-11', register: '01' }),
    ]);
    const report = unwrap(await companion.invoke('till.report', {}));
    expect(report.items).toEqual([expect.objectContaining({ outcome: 'partial_not_told', amountReceived: 1500 })]);

    // Odoo offers to retry the line: the customer must not be shown a new QR for the same basket.
    const retry = await odooSendPayment({ port, amount: 20, posTimeoutMs: POS_TIMEOUT_MS });
    expect(retry).toMatchObject({ paymentStatus: 'failure', errorMessage: 'The payment transaction has failed: Non aboutie' });
    expect(notices.at(-1)).toMatchObject({ code: 'caisse_ap.till_locked', level: 'error' });
    expect(exposure()).toEqual({ paid: 1500, payable: 0 });

    // Once the cashier has recorded it ("C'est fait"), the till can be used again.
    unwrap(await companion.invoke('till.acknowledge', { exchangeId: state.attention[0]!.exchangeId }));
    const next = await odooPays(8);
    expect(next.operation.amountRequested).toBe(800);
    await payAsCustomer(sandbox!.url, next.operation.qrPayload!, 800);
    expect((await next.verdict).paymentStatus).toBe('success');
  });

  it('cashier cancel: failure (operator abandon); a retry gets a new QR and the customer pays once', async () => {
    await start();
    const { verdict, operation } = await odooPays(20);
    unwrap(await companion.invoke('payments.cancel', { id: operation.id }));
    expect(await verdict).toMatchObject({ paymentStatus: 'failure', errorMessage: 'The payment transaction has failed: Opération non effectuée Abandon Opérateur' });
    expect(exposure()).toEqual({ paid: 0, payable: 0 });

    const retry = await odooPays(20);
    expectNeverAskedTwice(2000);
    await payAsCustomer(sandbox!.url, retry.operation.qrPayload!, 2000);
    expect((await retry.verdict).paymentStatus).toBe('success');
    expect(exposure()).toEqual({ paid: 2000, payable: 0 });
  });

  it('expiry: failure (time-out), nothing paid, nothing left payable', async () => {
    await start({ expirySeconds: 2 });
    const { verdict, operation } = await odooPays(20);
    expect(await verdict).toMatchObject({ paymentStatus: 'failure', errorMessage: 'The payment transaction has failed: Opération non effectuée Time-out saisie' });
    expect(tillOperations.get(operation.id)).toMatchObject({ status: 'expired' });
    expect(exposure()).toEqual({ paid: 0, payable: 0 });
  });

  it('till abandon (Odoo gives up first): issue on the till, the request is cancelled so the customer can no longer pay it', async () => {
    await start();
    // Odoo's POS timeout of 4 s: its socket gives up after 1 s, long before the customer pays.
    const { verdict, operation } = await odooPays(20, 4_000);
    const cancelled = nextEvent(companion, 'payment.updated', (op) => op.id === operation.id && op.status === 'cancelled');
    expect(await verdict).toMatchObject({ paymentStatus: 'issue', errorMessage: expect.stringContaining('timed out') });
    await cancelled;
    await expect(payAsCustomer(sandbox!.url, operation.qrPayload!, 2000)).rejects.toThrow(/wallet payment refused/);
    expect(notices).toContainEqual(expect.objectContaining({ code: 'caisse_ap.abandoned', operationId: operation.id }));
    expect(exposure()).toEqual({ paid: 0, payable: 0 });

    // The cashier retries the line: a new QR, paid once.
    const retry = await odooPays(20);
    await payAsCustomer(sandbox!.url, retry.operation.qrPayload!, 2000);
    expect((await retry.verdict).paymentStatus).toBe('success');
    expect(exposure()).toEqual({ paid: 2000, payable: 0 });
  });

  it('the till’s timeout set in Paramètres: the companion cancels and answers "time-out" before Odoo gives up', async () => {
    // Odoo's POS timeout 13 s → its socket gives up after 10 s; the setting says 10 s.
    await start({ viaSettings: true });
    const chosen = await freePort();
    unwrap(await companion.invoke('settings.update', { caisseAp: { enabled: true, port: chosen, tillTimeoutSeconds: 10 } }));
    await vi.waitFor(() => expect(controller!.port).toBe(chosen), PATIENCE);
    port = chosen;
    const { verdict, operation } = await odooPays(20, 13_000);
    const result = await verdict;
    expect(result).toMatchObject({ paymentStatus: 'failure', errorMessage: 'The payment transaction has failed: Opération non effectuée Time-out saisie' });
    // Answered only once the request could no longer be paid.
    expect(tillOperations.get(operation.id)).toMatchObject({ status: 'cancelled' });
    await expect(payAsCustomer(sandbox!.url, operation.qrPayload!, 2000)).rejects.toThrow(/wallet payment refused/);
    expect(notices).toContainEqual(expect.objectContaining({ code: 'caisse_ap.timed_out', operationId: operation.id }));
  }, 30_000);

  it('Akretion’s till simulator (BA=0, one recv) still gets AE=10 for a full payment', async () => {
    await start();
    const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
    const answer = akretionClientSend(port, 112.45);
    const operation = await pending;
    expect(operation.amountRequested).toBe(11245);
    await payAsCustomer(sandbox!.url, operation.qrPayload!, 11245);
    const text = await answer;
    expect(text).toMatch(/^CZ0040300/);
    expect(text).toContain('AE00210');
    expect(text).toContain('CB00511245');
  });
});
