// The day's totals as a merchant closing the day reads them, against the real sandbox and a real
// operation log: a refused attempt is not money asked, and a partial payment with its follow-up
// is one basket asked once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DaySummary, Operation } from '../../electron/common/contract';
import { parisDay } from '../../electron/common/dates';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { createPayment, loginDemo, payAsCustomer, startTestCompanion, tempDir, unwrap } from '../support/companion';
import { PATIENCE } from '../support/patience';

let sandbox: RunningSandbox;
let companion: CoreCompanion;
let dir: ReturnType<typeof tempDir>;

beforeEach(async () => {
  dir = tempDir();
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  await loginDemo(companion);
});

afterEach(async () => {
  await companion.close();
  await sandbox.close();
  dir.remove();
});

async function settled(id: string, status: Operation['status']): Promise<Operation> {
  return vi.waitFor(async () => {
    const operation = unwrap(await companion.invoke('payments.get', { id }));
    expect(operation.status).toBe(status);
    return operation;
  }, PATIENCE);
}

let firstAt = '';
async function summary(): Promise<DaySummary> {
  // The day the test's requests were made, not "today": a run may straddle midnight.
  return unwrap(await companion.invoke('operations.summary', { day: parisDay(firstAt) }));
}

describe('the day totals', () => {
  it('keeps refused attempts apart: one 20 € request and a refused retry of the same basket are 20 € asked', async () => {
    const asked = await createPayment(companion, { amount: 2000, basketNumber: 'REF300' });
    firstAt = asked.createdAt;
    // The platform refuses a second request while the first is pending (« Échec »).
    const refused = await companion.invoke('payments.create', { amount: 2000, basketNumber: 'REF300' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'basket_in_progress' } });
    const again = await companion.invoke('payments.create', { amount: 1, basketNumber: 'REF300' });
    expect(again).toMatchObject({ ok: false, error: { code: 'basket_in_progress' } });

    const day = await summary();
    expect(day.byStatus.failed.count).toBe(2);
    expect(day.refused).toEqual({ count: 2, amountRequested: 2001, amountReceived: 0 });
    expect(day.total).toEqual({ count: 1, amountRequested: 2000, amountReceived: 0 });
    expect(day.baskets).toMatchObject({ count: 1, amountRequested: 2000, amountReceived: 0, pending: 1 });
    expect(asked.status).toBe('pending');
  });

  it('counts a partial payment and its follow-up as one basket asked once, received summed', async () => {
    const first = await createPayment(companion, { amount: 2000, basketNumber: 'REF310' });
    firstAt = first.createdAt;
    await payAsCustomer(sandbox.url, first.qrPayload!, 1500);
    await settled(first.id, 'validated');
    const rest = await createPayment(companion, { amount: 500, basketNumber: 'REF310', followUpOf: first.id });
    await payAsCustomer(sandbox.url, rest.qrPayload!, 500);
    await settled(rest.id, 'validated');
    const other = await createPayment(companion, { amount: 2000, basketNumber: 'REF311' });
    await payAsCustomer(sandbox.url, other.qrPayload!, 2000);
    await settled(other.id, 'validated');

    const day = await summary();
    // Per request, three validated requests: 45 € asked over them, all received.
    expect(day.byStatus.validated).toEqual({ count: 3, amountRequested: 4500, amountReceived: 4000 });
    // Per basket: two baskets of 20 €, both paid in full in Chèque-Vacances Connect.
    expect(day.baskets).toEqual({
      count: 2,
      amountRequested: 4000,
      amountReceived: 4000,
      paidInFull: 2,
      partiallyPaid: 0,
      pending: 0,
      unpaid: 0,
      collectedOtherwise: 0,
      leftToCollect: 0,
    });
  });
});
