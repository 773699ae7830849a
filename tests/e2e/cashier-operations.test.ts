// A request nobody pays turns "Expiré" by itself (the host is started with --expiry-seconds 2,
// the only real expiry waited for in the end-to-end tests), then "Mes opérations" with one
// request of each outcome: the status filters, the basket search, French amounts and dates, and
// the day's totals. Between the two the host restarts on the same data folder with the default
// expiry, so the other requests stay pending as long as the test needs.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Operation } from '../../electron/common/contract';
import { formatDateTime } from '../../electron/common/dates';
import { payAsCustomer } from '../support/companion';
import {
  ensureLoggedIn,
  goToOperations,
  operationsOf,
  qrCode,
  recapStatus,
  requestPayment,
  waitForStatus,
} from './support/cashier-actions';
import { startCashierHost, type CashierHost } from './support/cashier-host';
import { PATIENCE, patience } from '../support/patience';

let host: CashierHost;

beforeAll(async () => {
  host = await startCashierHost({ args: ['--expiry-seconds', '2'] });
});

afterAll(async () => {
  await host?.close();
});

/** The basket numbers "Mes opérations" shows, top to bottom. */
async function basketsShown(page: Page): Promise<string[]> {
  const rows = await page.getByRole('list', { name: 'Mes opérations' }).getByRole('listitem').allInnerTexts();
  return rows.map((row) => /N° Panier :\s*(\S+)/.exec(row)?.[1] ?? `?${row}`);
}

/** Waits until the list shows exactly these baskets, in any order. */
async function expectBaskets(page: Page, expected: string[]): Promise<void> {
  await vi.waitFor(async () => expect((await basketsShown(page)).sort()).toEqual([...expected].sort()), patience(10_000));
}

async function filterBy(page: Page, name: string): Promise<void> {
  const button = page.getByRole('group', { name: 'Filtrer par statut' }).getByRole('button', { name, exact: true });
  await button.click();
  await button.and(page.locator('[aria-pressed="true"]')).waitFor();
}

async function create(amount: number, basketNumber: string): Promise<Operation> {
  const { status, body } = await host.companion.call('payments.create', { amount, basketNumber });
  if (status !== 200 || !body.ok) throw new Error(`payments.create ${basketNumber}: ${status} ${JSON.stringify(body)}`);
  return body.value as Operation;
}

async function statusOf(basketNumber: string): Promise<string | undefined> {
  return (await operationsOf(host.companion, basketNumber))[0]?.status;
}

describe('expiry and Mes opérations', () => {
  it('turns a request nobody pays "Expiré" by itself', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    await requestPayment(page, '3', 'EXP-1');
    await page.getByRole('timer').waitFor();

    await waitForStatus(page, 'Expiré');
    await recapStatus(page).getByText('La demande a expiré sans être payée.').waitFor();
    expect(await qrCode(page, 'EXP-1').count()).toBe(0);
    expect(await page.getByRole('timer').count()).toBe(0);
    expect(await statusOf('EXP-1')).toBe('expired');
    expect(watch.problems).toEqual([]);
  });

  it('filters by status, searches by basket, and shows French amounts, dates and the day\'s totals', async () => {
    await host.restart([]);
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);

    const paid = await create(2000, 'OPS-VAL');
    const partial = await create(2000, 'OPS-PART');
    const cancelled = await create(1000, 'OPS-CAN');
    const pending = await create(500, 'OPS-PEND');
    await payAsCustomer(host.sandboxUrl, paid.qrPayload!, 2000);
    await payAsCustomer(host.sandboxUrl, partial.qrPayload!, 1500);
    await host.companion.call('payments.cancel', { id: cancelled.id });
    await vi.waitFor(
      async () =>
        expect([await statusOf('OPS-VAL'), await statusOf('OPS-PART'), await statusOf('OPS-CAN')]).toEqual(['validated', 'validated', 'cancelled']),
      PATIENCE,
    );

    await goToOperations(page);
    const all = ['EXP-1', 'OPS-VAL', 'OPS-PART', 'OPS-CAN', 'OPS-PEND'];
    await expectBaskets(page, all);
    // Newest first.
    expect(await basketsShown(page)).toEqual([...all].reverse());

    await filterBy(page, 'En attente');
    await expectBaskets(page, ['OPS-PEND']);
    await filterBy(page, 'Validées');
    await expectBaskets(page, ['OPS-VAL', 'OPS-PART']);
    await filterBy(page, 'Annulées');
    await expectBaskets(page, ['OPS-CAN']);
    await filterBy(page, 'Expirées');
    await expectBaskets(page, ['EXP-1']);
    await filterBy(page, 'Toutes');
    await expectBaskets(page, all);

    // The search narrows the list by basket number (its beginning), within the filter.
    const search = page.getByRole('searchbox', { name: 'Rechercher un N° de panier' });
    await search.fill('OPS-P');
    await expectBaskets(page, ['OPS-PART', 'OPS-PEND']);
    await filterBy(page, 'Validées');
    await expectBaskets(page, ['OPS-PART']);
    await filterBy(page, 'Toutes');
    await search.fill('ops-val');
    await expectBaskets(page, ['OPS-VAL']);
    await search.fill('');
    await expectBaskets(page, all);

    // Each row in the guide's format: amounts in euros with a comma, dates "30/04/2020 10h06" in Paris time.
    const list = page.getByRole('list', { name: 'Mes opérations' });
    const row = list.getByRole('listitem').filter({ hasText: 'OPS-PART' });
    // textContent: what is written, before the badge's CSS capitals.
    const text = (await row.textContent()) ?? '';
    const stored = (await operationsOf(host.companion, 'OPS-PART'))[0]!;
    expect(text).toMatch(/Demandé :\s*20,00\s€/);
    expect(text).toMatch(/Reçu :\s*15,00\s€/);
    expect(text).toContain('Validé');
    expect(text).toContain(`Créée le : ${formatDateTime(stored.createdAt, 'fr')}`);
    expect(text).toContain(`Modifiée le : ${formatDateTime(stored.updatedAt, 'fr')}`);
    expect(text).toMatch(/Créée le : \d{2}\/\d{2}\/\d{4} \d{2}h\d{2}/);
    expect(await list.getByRole('listitem').filter({ hasText: 'OPS-PEND' }).textContent()).toMatch(/Reçu :\s*0,00\s€/);

    // The day's totals: count, asked and received per status, and for the whole day.
    const totals = page.getByRole('table', { name: /^Totaux du jour \(\d{2}\/\d{2}\/\d{4}\)$/ });
    const line = async (status: string) => {
      const cells = await totals.getByRole('row').filter({ has: page.getByRole('rowheader', { name: status, exact: true }) }).locator('th, td').allTextContents();
      return cells.map((cell) => cell.replace(/\s+/g, ' ').trim()).join(' | ');
    };
    await vi.waitFor(async () => expect(await line('Toutes')).toMatch(/^Toutes \| 5 \|/), PATIENCE);
    expect(await line('Validé')).toBe('Validé | 2 | 40,00 € | 35,00 €');
    expect(await line('Annulé')).toBe('Annulé | 1 | 10,00 € | 0,00 €');
    expect(await line('Expiré')).toBe('Expiré | 1 | 3,00 € | 0,00 €');
    expect(await line('En attente de paiement')).toBe('En attente de paiement | 1 | 5,00 € | 0,00 €');
    expect(await line('Toutes')).toBe('Toutes | 5 | 58,00 € | 35,00 €');

    // The list follows the platform by itself: paid while shown under "En attente", the row leaves.
    await filterBy(page, 'En attente');
    await expectBaskets(page, ['OPS-PEND']);
    await payAsCustomer(host.sandboxUrl, pending.qrPayload!, 500);
    await expectBaskets(page, []);
    await page.getByText('Aucune opération.').waitFor();
    await vi.waitFor(async () => expect(await line('Validé')).toBe('Validé | 3 | 45,00 € | 40,00 €'), PATIENCE);
    expect(watch.problems).toEqual([]);
  });
});
