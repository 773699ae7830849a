// A partial payment for a till that did not accept partial payments (no BF=1): the till keeps
// waiting and is never told a smaller amount with AE=10. The cashier asks the rest in
// Chèque-Vacances (follow-up requests on the same basket, as many as it takes) or has it paid
// otherwise; the till gives up or its time runs out meanwhile. A real till over TCP, a real core,
// the real sandbox.
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCaisseApServer, type CaisseApTiming, type RunningCaisseApServer } from '../../electron/caisse-ap/index';
import { encodeFields, type Field } from '../../electron/caisse-ap/protocol';
import { sendTillRequest, type TillAnswer } from '../../electron/caisse-ap/till-client';
import type { Operation, TillNotice, TillState, TillWaitingRequest } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { wordTillNotice } from '../../electron/common/core-words';
import { loginDemo, nextEvent, payAsCustomer, platformRequests, startTestCompanion, tempDir, unwrap } from '../support/companion';
import { PATIENCE } from '../support/patience';

const TIMING: Partial<CaisseApTiming> = { requestTimeoutMs: 1_500, lingerMs: 300, finalStatusGraceMs: 400, tallyFlushMs: 20 };

let dir: ReturnType<typeof tempDir> | null = null;
let sandbox: RunningSandbox | null = null;
let companion: CoreCompanion;
let server: RunningCaisseApServer | null = null;
let notices: TillNotice[];

async function start(options: { expirySeconds?: number; timing?: Partial<CaisseApTiming> } = {}): Promise<void> {
  dir = tempDir('cvc-caisse-ap-partial-');
  sandbox = await startSandbox({ port: 0, ...(options.expirySeconds ? { expirySeconds: options.expirySeconds } : {}) });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  notices = [];
  companion.on('till.notice', (notice) => notices.push(notice));
  server = await startCaisseApServer({ core: companion, host: '127.0.0.1', port: 0, allowList: [], timing: { ...TIMING, ...options.timing } });
  await loginDemo(companion);
}

afterEach(async () => {
  await server?.close();
  await companion?.close();
  await sandbox?.close();
  dir?.remove();
  server = null;
  sandbox = null;
  dir = null;
});

function frame(tags: Record<string, string>): string {
  const all: Record<string, string> = { CZ: '0320', CJ: '012345678901', CA: '01', CD: '0', CE: '978', CB: '2000', ...tags };
  return encodeFields(Object.entries(all).map(([tag, value]): Field => ({ tag, value })));
}

/** The till's debit, its request on the customer display, and whether the till has an answer yet. */
async function debit(tags: Record<string, string>) {
  const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
  let answered = false;
  const answer: Promise<TillAnswer> = sendTillRequest({ port: server!.port, chunks: [frame(tags)], timeoutMs: 30_000 }).then((a) => {
    answered = true;
    return a;
  });
  return { answer, operation: await pending, answered: () => answered };
}

function tillState(match: (request: TillWaitingRequest) => boolean): Promise<TillState> {
  return nextEvent(companion, 'till.changed', (state) => state.requests.some(match), 10_000);
}

async function askRemainder(exchangeId: number, followUpOf: string): Promise<Operation> {
  const shown = nextEvent(companion, 'payment.updated', (op) => op.followUpOf === followUpOf && op.status === 'pending');
  unwrap(await companion.invoke('till.choose', { exchangeId, choice: 'ask_remainder' }));
  return shown;
}

describe('a partial payment for a till that did not accept partial payments', () => {
  it('asks the rest as many times as it takes, and answers AE=10 with the whole amount once the basket is paid', async () => {
    await start();
    const till = await debit({ CF: 'REST-1' });
    let partial = tillState((r) => r.state === 'partial');
    await payAsCustomer(sandbox!.url, till.operation.qrPayload!, 1500);
    const first = (await partial).requests[0]!;
    expect(first).toMatchObject({ amountReceived: 1500, remainder: 500, state: 'partial', register: '01', basketNumber: 'REST-1' });

    const rest = await askRemainder(first.exchangeId, till.operation.id);
    expect(rest).toMatchObject({ amountRequested: 500, basketNumber: 'REST-1' });
    expect(unwrap(await companion.invoke('till.waiting', {})).requests[0]).toMatchObject({ state: 'awaiting_remainder', operationId: rest.id });

    // The rest is paid in part too: back to the cashier's choice, with the new totals.
    partial = tillState((r) => r.state === 'partial' && r.amountReceived === 1700);
    await payAsCustomer(sandbox!.url, rest.qrPayload!, 200);
    expect((await partial).requests[0]).toMatchObject({ amountReceived: 1700, remainder: 300 });
    expect(till.answered()).toBe(false);

    const last = await askRemainder(first.exchangeId, rest.id);
    expect(last.amountRequested).toBe(300);
    await payAsCustomer(sandbox!.url, last.qrPayload!, 300);
    const reply = await till.answer;
    expect(reply.get('AE')).toBe('10');
    expect(reply.get('CB')).toBe('2000');
    expect((await platformRequests(sandbox!.url, 'REST-1')).map((r) => r.amountReceived).sort()).toEqual([1500, 200, 300].sort());
    expect(companion.till.exchanges.ofOperation(till.operation.id)[0]).toMatchObject({ resultCode: '10', tillOutcome: null });
  });

  it('comes back to the choice when the request for the rest expires, and answers AF=11 when the rest is paid otherwise', async () => {
    await start({ expirySeconds: 2 });
    const till = await debit({ CF: 'REST-2' });
    const partial = tillState((r) => r.state === 'partial');
    await payAsCustomer(sandbox!.url, till.operation.qrPayload!, 1200);
    const waiting = (await partial).requests[0]!;
    const rest = await askRemainder(waiting.exchangeId, till.operation.id);

    const again = tillState((r) => r.state === 'partial');
    await nextEvent(companion, 'payment.updated', (op) => op.id === rest.id && op.status === 'expired', 10_000);
    expect((await again).requests[0]).toMatchObject({ amountReceived: 1200, remainder: 800, operationIds: [till.operation.id, rest.id] });

    unwrap(await companion.invoke('till.choose', { exchangeId: waiting.exchangeId, choice: 'paid_otherwise' }));
    const reply = await till.answer;
    expect([reply.get('AE'), reply.get('AF'), reply.get('CB')]).toEqual(['01', '11', '2000']);
    const untold = notices.at(-1)!;
    expect(untold).toMatchObject({
      code: 'caisse_ap.partial_not_told',
      level: 'error',
      params: { basketNumber: till.operation.basketNumber, received: 1200, remainder: 800, why: 'paid_otherwise' },
      message: expect.stringMatching(/12,00\s€ de Chèque-Vacances.*reste \(8,00\s€\)/),
    });
    // What the cashier reads, in either language, comes from the code and its params.
    expect(wordTillNotice(untold, 'fr')).toBe(untold.message);
    expect(wordTillNotice(untold, 'en')).toMatch(/Record €12\.00 of Chèque-Vacances on the till by hand, then collect the rest \(€8\.00\) another way\./);
    expect(companion.till.exchanges.ofOperation(till.operation.id)[0]).toMatchObject({ resultCode: '01-11', tillOutcome: 'partial_not_told', amountReceived: 1200 });
  });

  it('takes a follow-up the cashier made from the recap ("Demander le reste") as the rest of the till’s basket', async () => {
    await start();
    const till = await debit({ CF: 'REST-3' });
    const partial = tillState((r) => r.state === 'partial');
    await payAsCustomer(sandbox!.url, till.operation.qrPayload!, 500);
    await partial;
    const rest = unwrap(await companion.invoke('payments.create', { amount: 1500, basketNumber: 'REST-3', followUpOf: till.operation.id })) as Operation;
    await payAsCustomer(sandbox!.url, rest.qrPayload!, 1500);
    expect((await till.answer).get('CB')).toBe('2000');
  });

  it('records that the till was not told when it gives up while the cashier chooses', async () => {
    await start();
    const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
    const socket = net.connect({ host: '127.0.0.1', port: server!.port });
    socket.on('error', () => undefined);
    socket.write(frame({ CF: 'REST-4' }));
    const operation = await pending;
    const partial = tillState((r) => r.state === 'partial');
    await payAsCustomer(sandbox!.url, operation.qrPayload!, 1500);
    await partial;

    const told = nextEvent(companion, 'till.notice', (n) => n.code === 'caisse_ap.partial_not_told');
    socket.destroy();
    expect(await told).toMatchObject({ level: 'error', message: expect.stringMatching(/La caisse a abandonné.*15,00\s€/) });
    expect(companion.till.exchanges.ofOperation(operation.id)[0]).toMatchObject({ delivery: 'none', tillOutcome: 'partial_not_told', amountReceived: 1500 });
    expect(unwrap(await companion.invoke('till.waiting', {}))).toMatchObject({ requests: [], attention: [expect.objectContaining({ outcome: 'partial_not_told' })] });
  });

  it('cancels the request for the rest when the till gives up while it is on the customer display', async () => {
    await start();
    const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
    const socket = net.connect({ host: '127.0.0.1', port: server!.port });
    socket.on('error', () => undefined);
    socket.write(frame({ CF: 'REST-5' }));
    const operation = await pending;
    const partial = tillState((r) => r.state === 'partial');
    await payAsCustomer(sandbox!.url, operation.qrPayload!, 1500);
    const rest = await askRemainder((await partial).requests[0]!.exchangeId, operation.id);

    const cancelled = nextEvent(companion, 'payment.updated', (op) => op.id === rest.id && op.status === 'cancelled');
    socket.destroy();
    await cancelled;
    await expect(payAsCustomer(sandbox!.url, rest.qrPayload!, 500)).rejects.toThrow(/wallet payment refused/);
    await vi.waitFor(() => expect(companion.till.exchanges.ofOperation(operation.id)[0]?.tillOutcome).toBe('partial_not_told'), PATIENCE);
  });

  it('answers AF=08 before the till’s time runs out, the cashier told to record what was paid', async () => {
    await start({ timing: { tillTimeoutMs: 3_000, settleLeadMs: 1_500, answerLeadMs: 300 } });
    const till = await debit({ CF: 'REST-6' });
    const partial = tillState((r) => r.state === 'partial');
    await payAsCustomer(sandbox!.url, till.operation.qrPayload!, 1500);
    await partial;
    const reply = await till.answer;
    expect([reply.get('AE'), reply.get('AF')]).toEqual(['01', '08']);
    expect(notices.at(-1)).toMatchObject({ code: 'caisse_ap.partial_not_told', message: expect.stringContaining('Le temps d’attente de la caisse était écoulé') });
  });

  it('refuses a choice for a request that no longer waits for one', async () => {
    await start();
    const listed = tillState((r) => r.basketNumber === 'REST-7');
    const till = await debit({ CF: 'REST-7' });
    await listed;
    const waiting = unwrap(await companion.invoke('till.waiting', {})).requests[0]!;
    expect(waiting).toMatchObject({ state: 'awaiting_payment', amountReceived: 0, remainder: 2000 });
    const early = await companion.invoke('till.choose', { exchangeId: waiting.exchangeId, choice: 'paid_otherwise' });
    expect(early).toMatchObject({ ok: false, error: { code: 'not_pending' } });
    expect(await companion.invoke('till.choose', { exchangeId: 999_999, choice: 'ask_remainder' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await companion.invoke('till.choose', { exchangeId: waiting.exchangeId, choice: 'pay_twice' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    unwrap(await companion.invoke('payments.cancel', { id: till.operation.id }));
    expect((await till.answer).get('AF')).toBe('11');
  });
});
