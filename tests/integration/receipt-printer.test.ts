// The customer's receipt on a network thermal printer: a fake printer on a real TCP socket records
// the bytes the companion sends (ESC/POS), after a real payment on the sandbox platform.
import { createServer, type Server } from 'node:net';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { createPayment, loginDemo, payAsCustomer, startTestCompanion, tempDir, unwrap } from '../support/companion';
import { PATIENCE } from '../support/patience';

/** A printer on port 9100 as tills see one: takes bytes, answers nothing. */
async function fakePrinter(): Promise<{ address: string; jobs: Buffer[]; close(): Promise<void> }> {
  const jobs: Buffer[] = [];
  const server: Server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { address: `127.0.0.1:${port}`, jobs, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** What the printer prints, read back in its code page (858: accents and €). */
const printed = (bytes: Buffer) => iconv.decode(bytes, 'cp858');
const GS_V = Buffer.from([0x1d, 0x56]);

let sandbox: RunningSandbox;
let companion: CoreCompanion;
let dir: ReturnType<typeof tempDir>;
let printer: Awaited<ReturnType<typeof fakePrinter>>;

beforeEach(async () => {
  dir = tempDir();
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  printer = await fakePrinter();
  await loginDemo(companion);
});

afterEach(async () => {
  await companion.close();
  await sandbox.close();
  await printer.close();
  dir.remove();
});

async function partlyPaidBasket() {
  const operation = await createPayment(companion, { amount: 2000, basketNumber: 'REF253', label: 'Emplacement 12' });
  await payAsCustomer(sandbox.url, operation.qrPayload!, 1500);
  return vi.waitFor(async () => {
    const current = unwrap(await companion.invoke('payments.get', { id: operation.id }));
    expect(current.status).toBe('validated');
    return current;
  }, PATIENCE);
}

describe('the receipt on a network printer (ESC/POS)', () => {
  it('sends the receipt text and ends with a cut', async () => {
    const operation = await partlyPaidBasket();
    unwrap(await companion.invoke('settings.update', { receipt: { printer: printer.address } }));

    const result = unwrap(await companion.invoke('receipt.print', { id: operation.id }));
    expect(result.printer).toBe(printer.address);
    await vi.waitFor(() => expect(printer.jobs).toHaveLength(1), PATIENCE);
    const bytes = printer.jobs[0]!;
    expect(result.bytes).toBe(bytes.length);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]); // ESC @: the printer starts afresh

    const text = printed(bytes);
    for (const expected of [
      'Camping des Pins',
      'N° de convention : 643736001001',
      'N° de panier',
      'REF253',
      'Emplacement 12',
      'Montant demandé',
      '20,00 €',
      'Reçu en Chèque-Vacances Connect',
      '15,00 €',
      'Reste à encaisser',
      '5,00 €',
      operation.platformId!,
    ]) {
      expect(text, expected).toContain(expected);
    }
    // The cut is the last command: nothing but line feeds after it.
    const cut = bytes.lastIndexOf(GS_V);
    expect(cut).toBeGreaterThan(bytes.length - 8);
    expect([...bytes.subarray(cut + 3)].every((byte) => byte === 0x0a || byte === 0x0d)).toBe(true);
  });

  it('says so when no printer is set or the printer does not answer, and prints nothing', async () => {
    const operation = await partlyPaidBasket();
    expect(await companion.invoke('receipt.print', { id: operation.id })).toMatchObject({
      ok: false,
      error: { code: 'printer_not_configured', message: expect.stringContaining('Paramètres') },
    });
    await printer.close();
    unwrap(await companion.invoke('settings.update', { receipt: { printer: printer.address } }));
    expect(await companion.invoke('receipt.print', { id: operation.id })).toMatchObject({
      ok: false,
      error: { code: 'printer_unreachable', message: expect.stringContaining('imprimante') },
    });
    expect(printer.jobs).toEqual([]);
    expect(await companion.invoke('settings.update', { receipt: { printer: 'pas une adresse' } })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', details: { field: 'receipt.printer' } },
    });
  });

  it('gives the receipt of a whole basket: the follow-up adds what it received, both references listed', async () => {
    const first = await partlyPaidBasket();
    const rest = await createPayment(companion, { amount: 500, basketNumber: 'REF253', followUpOf: first.id });
    await payAsCustomer(sandbox.url, rest.qrPayload!, 500);
    const paid = await vi.waitFor(async () => {
      const current = unwrap(await companion.invoke('payments.get', { id: rest.id }));
      expect(current.status).toBe('validated');
      return current;
    }, PATIENCE);
    const receipt = unwrap(await companion.invoke('receipt.get', { id: paid.id }));
    expect(receipt).toMatchObject({
      merchant: { name: 'Camping des Pins', conventionNumber: '643736001001' },
      operationId: first.id,
      basketNumber: 'REF253',
      amountRequested: 2000,
      amountReceived: 2000,
      remainder: 0,
      remainderCollected: null,
    });
    expect(receipt.payments.map((p) => [p.platformId, p.amountReceived])).toEqual([
      [first.platformId, 1500],
      [paid.platformId, 500],
    ]);
    // A request not paid has no receipt.
    const unpaid = await createPayment(companion, { amount: 700, basketNumber: 'REF254' });
    expect(await companion.invoke('receipt.get', { id: unpaid.id })).toMatchObject({ ok: false, error: { code: 'not_pending' } });
  });
});
