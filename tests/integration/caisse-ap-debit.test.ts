// A till drives the companion over Caisse-AP: a real TCP client against the running server, a
// real core with its SQLite log, the real sandbox platform where the customer pays.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCaisseApServer, type CaisseApTiming, type RunningCaisseApServer } from '../../electron/caisse-ap/index';
import { encodeFields, type Field } from '../../electron/caisse-ap/protocol';
import { sendTillRequest, type TillAnswer } from '../../electron/caisse-ap/till-client';
import type { Operation, TillNotice } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { wordTillNotice } from '../../electron/common/core-words';
import net from 'node:net';
import {
  loginDemo,
  nextEvent,
  payAsCustomer,
  platformRequests,
  startTestCompanion,
  tempDir,
  unwrap,
} from '../support/companion';
import { PATIENCE } from '../support/patience';

const TEST_TIMING = { requestTimeoutMs: 1_500, settleMs: 40, lingerMs: 300, finalStatusGraceMs: 400, tallyFlushMs: 20 };

let dir: ReturnType<typeof tempDir> | null = null;
let sandbox: RunningSandbox | null = null;
let companion: CoreCompanion;
let server: RunningCaisseApServer | null = null;
let notices: TillNotice[];

async function start(options: { expirySeconds?: number; login?: boolean; timing?: Partial<CaisseApTiming> } = {}): Promise<void> {
  dir = tempDir('cvc-caisse-ap-');
  sandbox = await startSandbox({ port: 0, ...(options.expirySeconds ? { expirySeconds: options.expirySeconds } : {}) });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  notices = [];
  companion.on('till.notice', (notice) => notices.push(notice));
  server = await startCaisseApServer({ core: companion, host: '127.0.0.1', port: 0, allowList: [], timing: { ...TEST_TIMING, ...options.timing } });
  if (options.login !== false) await loginDemo(companion);
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

/** A request as a till writes it: CZ first, then the other tags. */
function frame(tags: Record<string, string | undefined>): string {
  const all: Record<string, string | undefined> = { CZ: '0320', CJ: '012345678901', CA: '01', CD: '0', CE: '978', CB: '2000', ...tags };
  const fields: Field[] = Object.entries(all)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([tag, value]) => ({ tag, value }));
  return encodeFields(fields);
}

function send(tags: Record<string, string | undefined>, timeoutMs = 15_000): Promise<TillAnswer> {
  return sendTillRequest({ port: server!.port, chunks: [frame(tags)], timeoutMs });
}

/** Sends a debit and waits for its QR to be up: the till's answer comes later. */
async function debit(tags: Record<string, string | undefined>): Promise<{ answer: Promise<TillAnswer>; operation: Operation }> {
  const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
  const answer = send(tags);
  return { answer, operation: await pending };
}

describe('a debit from the till', () => {
  it('puts the QR on the customer display, and answers AE=10 with the amount paid once the customer pays in full', async () => {
    await start();
    const { answer, operation } = await debit({ CB: '002000', CF: 'REF253' });
    expect(operation).toMatchObject({ basketNumber: 'REF253', amountRequested: 2000, origin: 'caisse-ap' });
    expect(companion.displayState()).toMatchObject({ phase: 'payment', payment: { operationId: operation.id, qrPayload: operation.qrPayload } });

    await payAsCustomer(sandbox!.url, operation.qrPayload!, 2000);
    const reply = await answer;
    expect(reply.ended).toBe('closed');
    expect(reply.fields![0]).toEqual({ tag: 'CZ', value: '0320' });
    expect(reply.fields).toEqual(
      expect.arrayContaining([
        { tag: 'CA', value: '01' },
        { tag: 'CD', value: '0' },
        { tag: 'CE', value: '978' },
        { tag: 'CB', value: '002000' },
        { tag: 'AE', value: '10' },
        { tag: 'CC', value: '000' },
        { tag: 'CI', value: '0' },
      ]),
    );
    expect(reply.get('AF')).toBeUndefined();
    const validated = unwrap(await companion.invoke('payments.get', { id: operation.id })) as Operation;
    expect(validated.status).toBe('validated');
    expect(reply.get('AC')).toBe(validated.platformId!.replace(/-/g, '').slice(-8).toUpperCase());

    // The exchange is in the log, against its operation, with what the till was told.
    const [exchange, ...others] = companion.till.exchanges.ofOperation(operation.id);
    expect(others).toEqual([]);
    expect(exchange).toMatchObject({
      remoteAddress: '127.0.0.1',
      requestFrame: frame({ CB: '002000', CF: 'REF253' }),
      answerFrame: reply.text,
      resultCode: '10',
      delivery: 'sent',
    });
    expect(notices).toEqual([]);
  });

  it('answers a partial payment with the lower amount, without a warning when the till accepts partials (BF=1)', async () => {
    await start();
    const { answer, operation } = await debit({ CB: '2000', CF: 'PART-1', BF: '1' });
    await payAsCustomer(sandbox!.url, operation.qrPayload!, 1500);
    const reply = await answer;
    expect(reply.get('AE')).toBe('10');
    expect(reply.get('CB')).toBe('1500');
    expect(reply.get('BF')).toBe('1');
    expect(notices).toEqual([]);
  });

  it.each([
    ['no BF', undefined],
    ['BF=0', '0'],
  ])('never answers a smaller amount to a till that did not accept partial payments (%s): it keeps waiting while the cashier chooses', async (_name, bf) => {
    await start();
    const { answer, operation } = await debit({ CB: '2000', CF: 'PART-2', BF: bf });
    let answered = false;
    void answer.then(() => (answered = true));
    const partial = nextEvent(companion, 'till.changed', (state) => state.requests[0]?.state === 'partial');
    await payAsCustomer(sandbox!.url, operation.qrPayload!, 1200);
    const state = await partial;
    expect(state.requests).toEqual([
      expect.objectContaining({ basketNumber: 'PART-2', amountRequested: 2000, amountReceived: 1200, remainder: 800, state: 'partial' }),
    ]);
    expect(answered).toBe(false);
    expect(notices).toEqual([
      expect.objectContaining({ operationId: operation.id, code: 'caisse_ap.partial_waiting', message: expect.stringMatching(/12,00\s€ reçus, reste 8,00\s€/) }),
    ]);

    // « Le reste sera payé autrement »: a refusal the till handles, never AE=10 with 1200.
    unwrap(await companion.invoke('till.choose', { exchangeId: state.requests[0]!.exchangeId, choice: 'paid_otherwise' }));
    const reply = await answer;
    expect(reply.get('AE')).toBe('01');
    expect(reply.get('AF')).toBe('11');
    expect(reply.get('CB')).toBe('2000');
  });

  it('answers AE=01 AF=08 when the request expires unpaid', async () => {
    await start({ expirySeconds: 1 });
    const { answer, operation } = await debit({ CB: '500', CF: 'EXP-1' });
    const reply = await answer;
    expect(reply.fields).toEqual(expect.arrayContaining([{ tag: 'AE', value: '01' }, { tag: 'AF', value: '08' }, { tag: 'CB', value: '500' }]));
    expect(unwrap(await companion.invoke('payments.get', { id: operation.id }))).toMatchObject({ status: 'expired' });
    expect(companion.till.exchanges.ofOperation(operation.id)[0]).toMatchObject({ resultCode: '01-08', delivery: 'sent' });
  });

  it('answers AE=01 AF=11 when the cashier cancels the request', async () => {
    await start();
    const { answer, operation } = await debit({ CB: '990', CF: 'ANNUL-1' });
    unwrap(await companion.invoke('payments.cancel', { id: operation.id }));
    const reply = await answer;
    expect(reply.get('AE')).toBe('01');
    expect(reply.get('AF')).toBe('11');
    expect((await platformRequests(sandbox!.url, 'ANNUL-1')).map((r) => r.status)).toEqual(['cancelled']);
  });

  it('refuses a second request at once while one is in progress (AE=01 AF=07), never showing a second QR', async () => {
    await start();
    const first = await debit({ CB: '1000', CF: 'BUSY-1' });
    const second = await send({ CB: '3000', CF: 'BUSY-2', CA: '02' }, 3_000);
    expect(second.ended).toBe('closed');
    expect(second.fields).toEqual(expect.arrayContaining([{ tag: 'CA', value: '02' }, { tag: 'AE', value: '01' }, { tag: 'AF', value: '07' }]));
    expect(companion.displayState().payment?.operationId).toBe(first.operation.id);
    expect(await platformRequests(sandbox!.url, 'BUSY-2')).toEqual([]);
    expect(unwrap(await companion.invoke('operations.list', {})).items).toHaveLength(1);
    expect(notices).toEqual([expect.objectContaining({ code: 'caisse_ap.busy', level: 'warning', operationId: null })]);
    await vi.waitFor(() => expect(companion.till.exchanges.tallies().some((t) => t.kind === 'refused' && t.resultCode === '01-07' && t.sampleRequest.includes('BUSY-2'))).toBe(true), PATIENCE);

    // Once the first one is over, the till can ask again.
    unwrap(await companion.invoke('payments.cancel', { id: first.operation.id }));
    expect((await first.answer).get('AF')).toBe('11');
    const again = await debit({ CB: '3000', CF: 'BUSY-2' });
    expect(again.operation.basketNumber).toBe('BUSY-2');
    unwrap(await companion.invoke('payments.cancel', { id: again.operation.id }));
    await again.answer;
  });

  it('answers AE=11 at once when the till asks (BA=1), and still records the result', async () => {
    await start();
    const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
    const reply = await send({ CB: '800', CF: 'BA-1', BA: '1' }, 5_000);
    expect(reply.fields).toEqual(expect.arrayContaining([{ tag: 'AE', value: '11' }, { tag: 'CB', value: '800' }]));
    expect(reply.get('AF')).toBeUndefined();
    const operation = await pending;
    expect(companion.till.exchanges.ofOperation(operation.id)[0]).toMatchObject({ resultCode: '11', delivery: 'immediate', answerFrame: reply.text });

    await payAsCustomer(sandbox!.url, operation.qrPayload!, 800);
    await vi.waitFor(() => expect(companion.till.exchanges.ofOperation(operation.id)[0]?.resultCode).toBe('10'), PATIENCE);
    expect(companion.till.exchanges.ofOperation(operation.id)[0]).toMatchObject({ delivery: 'immediate', answerFrame: reply.text });
  });

  it('makes up a basket number when the till sends no usable reference, and shows it to the cashier', async () => {
    await start();
    const plain = await debit({ CB: '700', CA: '03' });
    expect(plain.operation.basketNumber).toMatch(/^CAP-03-\d{12}$/);
    await vi.waitFor(() => expect(notices.length).toBeGreaterThan(0), PATIENCE); // told once the create call has returned
    expect(notices).toEqual([
      expect.objectContaining({
        code: 'caisse_ap.basket_generated',
        level: 'info',
        operationId: plain.operation.id,
        message: expect.stringContaining(plain.operation.basketNumber),
      }),
    ]);
    unwrap(await companion.invoke('payments.cancel', { id: plain.operation.id }));
    await plain.answer;

    // Neither CF nor CH can be a basket number (spaces): the first one is quoted to the cashier.
    const odd = await debit({ CB: '700', CF: 'ticket 12', CH: 'bad ref' });
    expect(odd.operation.basketNumber).toMatch(/^CAP-01-/);
    await vi.waitFor(() => expect(notices.length).toBeGreaterThan(1), PATIENCE);
    expect(notices.at(-1)?.message).toContain('« ticket 12 »');
    unwrap(await companion.invoke('payments.cancel', { id: odd.operation.id }));
    await odd.answer;
  });

  it('answers AE=01 AF=04 with the reason on the cashier screen when nobody is logged in', async () => {
    await start({ login: false });
    const reply = await send({ CB: '1000', CF: 'NOLOG-1' }, 5_000);
    expect(reply.fields).toEqual(expect.arrayContaining([{ tag: 'AE', value: '01' }, { tag: 'AF', value: '04' }]));
    expect(notices).toEqual([
      expect.objectContaining({
        code: 'caisse_ap.refused',
        level: 'error',
        operationId: null,
        params: { refusal: { cause: 'not_logged_in' } },
        message: expect.stringContaining('pas connecté'),
      }),
    ]);
    expect(wordTillNotice(notices[0]!, 'fr')).toBe(notices[0]!.message);
    expect(wordTillNotice(notices[0]!, 'en')).toBe(
      'Request from the till refused: the till is not connected to Chèque-Vacances Connect (you are not logged in).',
    );
    // Nothing was asked of the platform: counted, no row, no operation.
    await vi.waitFor(() => expect(companion.till.exchanges.tallies().some((t) => t.kind === 'refused' && t.resultCode === '01-04')).toBe(true), PATIENCE);
    expect(companion.till.exchanges.recent()).toEqual([]);
    expect(unwrap(await companion.invoke('operations.list', {})).items).toEqual([]);
  });

  it('answers AE=01 AF=04 when the platform refuses the request (a basket already pending)', async () => {
    await start();
    unwrap(await companion.invoke('payments.create', { amount: 1000, basketNumber: 'REF253' }));
    const reply = await send({ CB: '1000', CF: 'REF253' }, 5_000);
    expect(reply.get('AF')).toBe('04');
    expect(notices).toEqual([expect.objectContaining({ code: 'caisse_ap.refused', message: expect.stringContaining('déjà en attente') })]);
    const failed = unwrap(await companion.invoke('operations.list', { status: 'failed' })).items;
    expect(failed).toMatchObject([{ basketNumber: 'REF253', origin: 'caisse-ap' }]);
    expect(companion.till.exchanges.ofOperation(failed[0]!.id)).toMatchObject([{ resultCode: '01-04', delivery: 'sent' }]);
  });

  it('cancels the request when the till hangs up while it is pending, tells the cashier and records it', async () => {
    await start();
    const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
    const socket = net.connect({ host: '127.0.0.1', port: server!.port });
    socket.on('error', () => undefined);
    socket.write(frame({ CB: '1800', CF: 'GONE-1' }));
    const operation = await pending;
    const cancelled = nextEvent(companion, 'payment.updated', (op) => op.id === operation.id && op.status === 'cancelled');
    socket.destroy();

    // Nobody waits for it: not payable any more, on the platform as in the log.
    await cancelled;
    expect((await platformRequests(sandbox!.url, 'GONE-1')).map((r) => r.status)).toEqual(['cancelled']);
    await expect(payAsCustomer(sandbox!.url, operation.qrPayload!, 1800)).rejects.toThrow(/wallet payment refused/);
    const exchange = await vi.waitFor(() => {
      const row = companion.till.exchanges.ofOperation(operation.id)[0];
      expect(row?.tillOutcome).toBeTruthy();
      return row!;
    }, PATIENCE);
    expect(exchange).toMatchObject({ delivery: 'none', answerFrame: null, tillOutcome: 'abandoned', amountReceived: 0 });
    expect(notices).toEqual([expect.objectContaining({ code: 'caisse_ap.abandoned', level: 'warning', operationId: operation.id })]);
  });

  it('never answers "not done" when the status cannot be learnt: AE=11 before the till gives up, loudly, then the truth is announced', async () => {
    // The till waits 3 s; the companion settles from 1,5 s and answers by 2,7 s.
    await start({ expirySeconds: 1, timing: { tillTimeoutMs: 3_000, settleLeadMs: 1_500, answerLeadMs: 300 } });
    const { answer, operation } = await debit({ CB: '600', CF: 'LOST-1' });
    unwrap(await companion.invoke('session.logout', {}));
    const reply = await answer;
    expect(reply.get('AE')).toBe('11');
    expect(reply.get('AF')).toBeUndefined();
    expect(notices).toEqual([expect.objectContaining({ code: 'caisse_ap.unresolved', level: 'error', operationId: operation.id })]);
    expect(companion.till.exchanges.ofOperation(operation.id)[0]).toMatchObject({ resultCode: '11', delivery: 'sent', tillOutcome: 'unresolved' });
    const state = unwrap(await companion.invoke('till.waiting', {}));
    expect(state.attention).toEqual([expect.objectContaining({ outcome: 'unresolved', basketNumber: 'LOST-1', tillResult: '11' })]);

    // Logged in again, the core learns the request expired: nothing was paid, and the cashier is told.
    const settled = nextEvent(companion, 'till.notice', (notice) => notice.code === 'caisse_ap.unpaid_after_unknown', 15_000);
    await loginDemo(companion);
    await settled;
    expect(companion.till.exchanges.ofOperation(operation.id)[0]).toMatchObject({ tillOutcome: 'unpaid_after_unknown', amountReceived: 0 });
    expect(unwrap(await companion.invoke('till.waiting', {})).attention).toEqual([]);
  });

  it('refuses an amount over the ceiling before asking the platform', async () => {
    await start();
    const reply = await send({ CB: '1000001', CF: 'BIG-1' }, 5_000);
    expect(reply.get('AF')).toBe('04');
    expect(notices).toEqual([
      expect.objectContaining({ code: 'caisse_ap.refused', params: { refusal: { cause: 'ceiling', maxAmount: 1_000_000 } }, message: expect.stringContaining('plafond') }),
    ]);
    expect(wordTillNotice(notices[0]!, 'fr').replace(/[\u00a0\u202f]/g, ' ')).toBe('Demande de la caisse refusée : montant supérieur au plafond de 10 000,00 € par demande.');
    expect(wordTillNotice(notices[0]!, 'en')).toBe('Request from the till refused: amount above the ceiling of €10,000.00 per request.');
    expect(await platformRequests(sandbox!.url, 'BIG-1')).toEqual([]);
  });
});
