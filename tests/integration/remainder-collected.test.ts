// "Reste encaissé autrement" in the core, against the real sandbox platform and a real SQLite
// operation log: recorded once on a validated partial payment only, as an append-only event plus
// the columns the list reads, announced, counted apart in the day totals, kept across a restart,
// and never charged twice with "Demander le reste". Also: the platform's minimum amount reaches
// the cashier's error.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Operation } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { wordError } from '../../electron/common/core-words';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import {
  createPayment,
  loginDemo,
  nextEvent,
  payAsCustomer,
  readLog,
  sandboxAdmin,
  startTestCompanion,
  tempDir,
  unwrap,
} from '../support/companion';
import { MemorySecretStore } from '../../electron/core/stores';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER } from '../../electron/sandbox/index';
import { PATIENCE } from '../support/patience';

let sandbox: RunningSandbox;
let companion: CoreCompanion;
let dir: ReturnType<typeof tempDir>;
let secrets: MemorySecretStore;

beforeEach(async () => {
  dir = tempDir();
  secrets = new MemorySecretStore();
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path, secretStore: secrets });
  await loginDemo(companion);
});

afterEach(async () => {
  await companion.close();
  await sandbox.close();
  dir.remove();
});

async function partialPayment(basketNumber: string, amount = 2000, paid = 1500): Promise<Operation> {
  const operation = await createPayment(companion, { amount, basketNumber });
  await payAsCustomer(sandbox.url, operation.qrPayload!, paid);
  return vi.waitFor(async () => {
    const op = unwrap(await companion.invoke('payments.get', { id: operation.id }));
    expect(op.status).toBe('validated');
    return op;
  }, PATIENCE);
}

const historyOf = (id: string) =>
  readLog(companion.dbFile, (db) =>
    db.prepare('SELECT source, status, amount_received_cents AS received, detail FROM operation_events WHERE operation_id = ? ORDER BY seq').all(id),
  ) as Array<{ source: string; status: string; received: number; detail: string | null }>;

describe('the remainder collected another way', () => {
  it('is recorded once on a partial payment, announced, written to the history, and read back by the list', async () => {
    const partial = await partialPayment('RESTE-1');
    const announced = nextEvent(companion, 'payment.updated', (op) => op.id === partial.id && op.remainderCollected !== null);
    const recorded = unwrap(await companion.invoke('payments.collectRemainder', { id: partial.id, means: 'cash' }));
    expect(recorded).toMatchObject({
      id: partial.id,
      status: 'validated',
      amountReceived: 1500,
      remainder: 500,
      remainderCollected: { means: 'cash', amount: 500, at: expect.stringMatching(/Z$/) },
    });
    expect(await announced).toEqual(recorded);
    expect(Date.parse(recorded.updatedAt)).toBeGreaterThanOrEqual(Date.parse(partial.updatedAt));

    const history = historyOf(partial.id);
    expect(history.at(-1)).toMatchObject({ source: 'local', status: 'validated', received: 1500 });
    expect(JSON.parse(history.at(-1)!.detail!)).toEqual({ step: 'remainder_collected', means: 'cash', amount: 500 });

    const listed = unwrap(await companion.invoke('operations.list', { query: 'RESTE-1' })).items;
    expect(listed[0]!.remainderCollected).toEqual(recorded.remainderCollected);

    const again = await companion.invoke('payments.collectRemainder', { id: partial.id, means: 'card' });
    expect(again).toMatchObject({ ok: false, error: { code: 'remainder_already_collected' } });
    expect(historyOf(partial.id)).toHaveLength(history.length); // the refusal wrote nothing
  });

  it('is refused on anything but a validated partial payment, and the refusal changes nothing', async () => {
    const pending = await createPayment(companion, { amount: 700, basketNumber: 'RESTE-2' });
    expect(await companion.invoke('payments.collectRemainder', { id: pending.id, means: 'cash' })).toMatchObject({
      ok: false,
      error: { code: 'no_remainder', message: 'Cette opération n’a pas de reste à encaisser.' },
    });
    const full = await createPayment(companion, { amount: 900, basketNumber: 'RESTE-3' });
    await payAsCustomer(sandbox.url, full.qrPayload!, 900);
    await vi.waitFor(async () => expect(unwrap(await companion.invoke('payments.get', { id: full.id })).status).toBe('validated'), PATIENCE);
    expect(await companion.invoke('payments.collectRemainder', { id: full.id, means: 'cash' })).toMatchObject({
      ok: false,
      error: { code: 'no_remainder' },
    });
    expect(await companion.invoke('payments.collectRemainder', { id: 'no-such-operation', means: 'cash' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await companion.invoke('payments.collectRemainder', { id: full.id, means: 'bitcoin' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', details: { field: 'means' } },
    });
    expect(historyOf(pending.id).map((e) => e.status)).toEqual(['creating', 'pending']);
  });

  it('belongs to the last request of the basket: a request for the rest under way holds it, an expired one gives it back', async () => {
    const partial = await partialPayment('RESTE-4');
    const rest = await createPayment(companion, { amount: 500, basketNumber: 'RESTE-4', followUpOf: partial.id });
    expect(await companion.invoke('payments.collectRemainder', { id: partial.id, means: 'cash' })).toMatchObject({
      ok: false,
      error: { code: 'remainder_requested' },
    });
    unwrap(await companion.invoke('payments.cancel', { id: rest.id }));
    const recorded = unwrap(await companion.invoke('payments.collectRemainder', { id: partial.id, means: 'cheque' }));
    expect(recorded.remainderCollected).toMatchObject({ means: 'cheque', amount: 500 });

    // Collected: "Demander le reste" would charge it twice.
    const twice = await companion.invoke('payments.create', { amount: 500, basketNumber: 'RESTE-4', followUpOf: partial.id });
    expect(twice).toMatchObject({ ok: false, error: { code: 'remainder_already_collected' } });
    const rows = readLog(companion.dbFile, (db) =>
      db.prepare('SELECT count(*) AS n FROM operations WHERE follow_up_of = ?').get(partial.id),
    ) as { n: number };
    expect(rows.n).toBe(1); // only the cancelled one
  });

  it('counts apart, per means, in the day totals, and survives a restart', async () => {
    const first = await partialPayment('RESTE-5', 2000, 1500);
    const second = await partialPayment('RESTE-6', 3000, 1000);
    const third = await partialPayment('RESTE-7', 1000, 400);
    unwrap(await companion.invoke('payments.collectRemainder', { id: first.id, means: 'cash' }));
    unwrap(await companion.invoke('payments.collectRemainder', { id: second.id, means: 'card' }));
    unwrap(await companion.invoke('payments.collectRemainder', { id: third.id, means: 'cash' }));

    const summary = unwrap(await companion.invoke('operations.summary', {}));
    expect(summary.remaindersCollected.byMeans).toEqual({
      cash: { count: 2, amount: 1100 },
      card: { count: 1, amount: 2000 },
      cheque: { count: 0, amount: 0 },
      paper_cheque_vacances: { count: 0, amount: 0 },
      other: { count: 0, amount: 0 },
    });
    expect(summary.remaindersCollected.total).toEqual({ count: 3, amount: 3100 });
    // The Chèque-Vacances Connect totals stay what the platform received.
    expect(summary.byStatus.validated).toEqual({ count: 3, amountRequested: 6000, amountReceived: 2900 });

    await companion.close();
    companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path, secretStore: secrets });
    const reopened = unwrap(await companion.invoke('payments.get', { id: second.id }));
    expect(reopened.remainderCollected).toMatchObject({ means: 'card', amount: 2000 });
    expect(unwrap(await companion.invoke('operations.summary', {})).remaindersCollected.total).toEqual({ count: 3, amount: 3100 });
  });
});

describe('an amount below the platform’s minimum', () => {
  it('reaches the cashier with the minimum, in euros', async () => {
    await sandboxAdmin(sandbox.url, '/sandbox/merchants', {
      conventionNumber: DEMO_CONVENTION_NUMBER,
      name: 'Camping des Pins',
      password: DEFAULT_DEMO_PASSWORD,
      minAmount: 150,
    });
    const refused = await companion.invoke('payments.create', { amount: 99, basketNumber: 'MINI-1' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'validation_error', details: { field: 'amount', minAmount: 150, maxAmount: 1_000_000 } },
    });
    // The screens word it from code and details, in the cashier's language; the French fallback
    // for integrators says the same.
    if (refused.ok) throw new Error('expected a refusal');
    const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
    const french = 'La plateforme refuse ce montant : le minimum accepté est de 1,50 €, le maximum de 10 000,00 €.';
    expect(plain(wordError(refused.error, 'fr'))).toBe(french);
    expect(plain(wordError(refused.error, 'en'))).toBe('The platform refuses this amount: the minimum accepted is €1.50, the maximum €10,000.00.');
    expect(plain(refused.error.message)).toBe(french);
  });
});
