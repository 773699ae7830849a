// Who created each operation, as the day close counts it, against the real headless host: a
// request made on the browser cashier screen is `cashier` (the host knows its own page by the
// Origin the browser sets), one from a till over Caisse-AP `caisse-ap`, one from a program on the
// local API `api` — even a program that sends the header the page once was meant to send.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Operation } from '../../electron/common/contract';
import { odooSendPayment } from '../support/odoo-caisse-ap-peer';
import { ensureLoggedIn, FOLLOW_MS, operationsOf, requestPayment } from './support/cashier-actions';
import { startCashierHost, type CashierHost } from './support/cashier-host';
import { patience } from '../support/patience';
import { caisseApPortOf } from '../support/companion-process';

let host: CashierHost;
let tillPort: number;

beforeAll(async () => {
  host = await startCashierHost({ args: ['--caisse-ap', '127.0.0.1:0'] });
  tillPort = caisseApPortOf(host.companion.output());
});

afterAll(async () => {
  await host?.close();
});

async function createOverApi(basketNumber: string, headers: Record<string, string> = {}): Promise<Operation> {
  const response = await fetch(`${host.companion.url}/api/payments.create`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.companion.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ amount: 1000, basketNumber }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { value: Operation }).value;
}

describe('the origin of an operation', () => {
  it('is cashier from the browser cashier screen, caisse-ap from a till, api from a program', async () => {
    const { page } = await host.openCashier();
    await ensureLoggedIn(page);
    await requestPayment(page, '20', 'ORIGIN-PAGE');

    await createOverApi('ORIGIN-API');
    await createOverApi('ORIGIN-FORGED', { 'x-companion-origin': 'cashier' });

    const verdict = odooSendPayment({ port: tillPort, amount: 15, posTimeoutMs: 60_000 });
    const fromTill = await vi.waitFor(async () => {
      const { body } = await host.companion.call('operations.list', { status: 'pending', limit: 20 });
      const found = (body.value.items as Operation[]).find((operation) => operation.amountRequested === 1500);
      expect(found).toBeDefined();
      return found!;
    }, patience(FOLLOW_MS));
    await host.companion.call('payments.cancel', { id: fromTill.id });
    await verdict;

    const originOf = async (basket: string) => (await operationsOf(host.companion, basket)).map((operation) => operation.origin);
    expect(await originOf('ORIGIN-PAGE')).toEqual(['cashier']);
    expect(await originOf('ORIGIN-API')).toEqual(['api']);
    expect(await originOf('ORIGIN-FORGED')).toEqual(['api']);
    expect(fromTill.origin).toBe('caisse-ap');
  });
});
