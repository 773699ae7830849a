// Two tills of one merchant: two companions, each with its own operation log, on one sandbox
// platform. Each sees the other's requests from the platform's list, marked « Autre caisse »; the
// day report can count them in; the reconciliation check of the day lists a planted difference.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Operation } from '../../electron/common/contract';
import { parisDay } from '../../electron/common/dates';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { createPayment, loginDemo, payAsCustomer, startTestCompanion, tempDir, unwrap } from '../support/companion';
import { PATIENCE } from '../support/patience';

let sandbox: RunningSandbox;
let tillA: CoreCompanion;
let tillB: CoreCompanion;
const dirs: Array<ReturnType<typeof tempDir>> = [];
let paidByA: Operation;
let pendingOnA: Operation;
let paidByB: Operation;

/** The Paris day the requests were made (not "today": the test may straddle midnight). */
const tradingDay = () => parisDay(paidByA.createdAt);

async function validated(companion: CoreCompanion, id: string): Promise<Operation> {
  return vi.waitFor(async () => {
    const operation = unwrap(await companion.invoke('payments.get', { id }));
    expect(operation.status).toBe('validated');
    return operation;
  }, PATIENCE);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  for (const name of ['A', 'B']) {
    const dir = tempDir(`cvc-till-${name}-`);
    dirs.push(dir);
    const companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
    unwrap(await companion.invoke('settings.update', { tillId: `caisse-${name}` }));
    await loginDemo(companion);
    if (name === 'A') tillA = companion;
    else tillB = companion;
  }
  paidByA = await createPayment(tillA, { amount: 2000, basketNumber: 'A-1', sellerId: 'V1' });
  pendingOnA = await createPayment(tillA, { amount: 1200, basketNumber: 'A-2' });
  paidByB = await createPayment(tillB, { amount: 3500, basketNumber: 'B-1', sellerId: 'V2' });
  await payAsCustomer(sandbox.url, paidByA.qrPayload!, 2000);
  await payAsCustomer(sandbox.url, paidByB.qrPayload!, 3000);
  paidByA = await validated(tillA, paidByA.id);
  paidByB = await validated(tillB, paidByB.id);
});

afterAll(async () => {
  await tillA?.close();
  await tillB?.close();
  await sandbox?.close();
  for (const dir of dirs) dir.remove();
});

describe('every till of the merchant', () => {
  it('shows each till the other\'s requests of the day, marked as another till\'s', async () => {
    const onA = unwrap(await tillA.invoke('operations.convention', { day: tradingDay() }));
    expect(onA.items.map((item) => [item.basketNumber, item.otherTill, item.operationId])).toEqual([
      ['B-1', true, null],
      ['A-2', false, pendingOnA.id],
      ['A-1', false, paidByA.id],
    ]);
    expect(onA.items[0]).toMatchObject({ amountRequested: 3500, amountReceived: 3000, status: 'validated', sellerId: 'V2' });
    const onB = unwrap(await tillB.invoke('operations.convention', { day: tradingDay(), onlyOtherTills: true }));
    expect(onB.items.map((item) => item.basketNumber).sort()).toEqual(['A-1', 'A-2']);
    expect(onB.items.every((item) => item.otherTill && item.operationId === null)).toBe(true);
  });

  it('counts the other tills in the day report when asked, under their own line', async () => {
    const own = unwrap(await tillA.invoke('report.day', { from: tradingDay() }));
    expect(own.requests.total).toEqual({ count: 2, amountRequested: 3200, amountReceived: 2000 });
    const all = unwrap(await tillA.invoke('report.day', { from: tradingDay(), includeOtherTills: true }));
    expect(all.otherTills).toEqual({ status: 'included', count: 1, error: null });
    expect(all.requests.total).toEqual({ count: 3, amountRequested: 6700, amountReceived: 5000 });
    expect(all.baskets).toMatchObject({ count: 3, amountRequested: 6700, amountReceived: 5000, paidInFull: 1, partiallyPaid: 1, pending: 1, leftToCollect: 500 });
    expect(all.byTill).toEqual([
      expect.objectContaining({ key: 'caisse-A', total: { count: 2, amountRequested: 3200, amountReceived: 2000 } }),
      expect.objectContaining({ key: null, total: { count: 1, amountRequested: 3500, amountReceived: 3000 } }),
    ]);
    expect(all.bySeller.find((line) => line.key === 'V2')).toMatchObject({ validated: { count: 1, amountReceived: 3000 } });
  });

  it('finds nothing to say when the log and the platform agree, then lists a planted difference', async () => {
    const clean = unwrap(await tillA.invoke('report.check', { day: tradingDay() }));
    expect(clean).toMatchObject({ localCount: 2, platformCount: 3, matching: 2 });
    expect(clean.differences).toEqual([expect.objectContaining({ kind: 'only_platform', basketNumber: 'B-1', platformId: paidByB.platformId, local: null })]);

    // Planted: till A's log says its paid request received 10,00 € instead of 20,00 €.
    const db = new Database(tillA.dbFile);
    db.prepare('UPDATE operations SET amount_received_cents = 1000 WHERE id = ?').run(paidByA.id);
    db.close();

    const planted = unwrap(await tillA.invoke('report.check', { day: tradingDay() }));
    expect(planted.matching).toBe(1);
    expect(planted.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'amount_differs',
          operationId: paidByA.id,
          basketNumber: 'A-1',
          local: { status: 'validated', amountRequested: 2000, amountReceived: 1000 },
          platform: { status: 'validated', amountRequested: 2000, amountReceived: 2000 },
        }),
        expect.objectContaining({ kind: 'only_platform', basketNumber: 'B-1' }),
      ]),
    );
    expect(planted.differences).toHaveLength(2);
  });

  it('asks for a login before reading the platform', async () => {
    unwrap(await tillB.invoke('session.logout', {}));
    expect(await tillB.invoke('operations.convention', {})).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    expect(await tillB.invoke('report.check', { day: tradingDay() })).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
  });
});
