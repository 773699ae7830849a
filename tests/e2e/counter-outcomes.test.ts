// At the counter, in Chromium against the real headless host and its sandbox platform: a payment
// made after « Fermer » is announced on whatever screen the cashier is on, the outcome is seen
// (colours of the recap, a chime played with Web Audio), every dead end has its way out, and the
// remainder collected another way is recorded, shown, counted apart and kept across a restart.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { payAsCustomer, sandboxAdmin } from '../support/companion';
import {
  DEMO,
  amountField,
  basketField,
  ensureLoggedIn,
  fillPaymentForm,
  goToOperations,
  goToPaymentForm,
  operationsOf,
  qrPayloadOf,
  recap,
  requestPayment,
  waitForStatus,
} from './support/cashier-actions';
import { startCashierHost, type CashierHost } from './support/cashier-host';
import { PATIENCE } from '../support/patience';

let host: CashierHost;

beforeAll(async () => {
  host = await startCashierHost();
});

afterAll(async () => {
  await host?.close();
});

/** Records each note the page plays (the frequency of each oscillator started). */
const LISTEN_TO_CHIMES = `
  window.__chimeNotes = [];
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    window.__chimeNotes.push(this.frequency.value);
    return start.apply(this, args);
  };
`;
declare const getComputedStyle: (element: unknown) => { backgroundColor: string };
const chimeNotes = (page: Page) => page.evaluate('window.__chimeNotes') as Promise<number[]>;
const background = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => getComputedStyle(element).backgroundColor);
const notices = (page: Page) => page.getByRole('region', { name: 'Résultats à voir' });

async function closeKeepingItOpen(page: Page): Promise<void> {
  await recap(page).getByRole('button', { name: 'Fermer', exact: true }).click();
  await page.getByRole('dialog', { name: 'La demande reste payable par le client' }).waitFor();
  await page.getByRole('button', { name: 'Garder la demande ouverte' }).click();
  await recap(page).waitFor({ state: 'detached' });
}

describe('no payment goes unseen', () => {
  it('after « Fermer » on a pending recap, the customer pays: the notice shows within 1 s on the form, « Mes opérations » and « Paramètres »', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    const places = [
      ['SEEN-FORM', async () => goToPaymentForm(page)],
      ['SEEN-OPS', async () => goToOperations(page)],
      [
        'SEEN-SET',
        async () => {
          await page.getByRole('navigation').getByRole('button', { name: 'Paramètres', exact: true }).click();
          await page.getByRole('heading', { name: 'Paramètres', level: 2 }).waitFor();
        },
      ],
    ] as const;
    for (const [basket, goThere] of places) {
      await goToPaymentForm(page);
      await requestPayment(page, '30', basket);
      await closeKeepingItOpen(page);
      await page.getByRole('region', { name: /Demandes en attente/ }).getByText(basket).waitFor();
      await goThere();

      await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host.companion, basket), 3000);
      const notice = notices(page).getByRole('alert').filter({ hasText: `panier ${basket}` });
      await notice.getByText(`30,00 € reçus — panier ${basket}`).waitFor({ timeout: 1_000 });
      await notice.getByText('Paiement validé').waitFor();
      // The title follows the notice in an effect, after the notice is drawn.
      await vi.waitFor(async () => expect(await page.title()).toBe(`(1) Paiement validé — ${basket} — Chèque-Vacances Connect`), PATIENCE);
      await page.getByRole('button', { name: `J’ai vu : Paiement validé, panier ${basket}` }).click();
      await notice.waitFor({ state: 'detached' });
      expect(await page.title()).toBe('Chèque-Vacances Connect — Caisse');
    }
    expect(watch.problems).toEqual([]);
  });

  it('turns the recap green with a rising chime when paid in full, amber with a falling one when paid in part', async () => {
    const { page, watch } = await host.openCashier(undefined, { initScript: LISTEN_TO_CHIMES });
    await ensureLoggedIn(page);
    await requestPayment(page, '20', 'CUE-FULL');
    expect(await chimeNotes(page)).toEqual([]);
    await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host.companion, 'CUE-FULL'), 2000);
    await waitForStatus(page, 'Validé');
    expect(await background(page, '.recap')).toBe('rgb(230, 245, 234)');
    expect(await background(page, '.outcome-hero')).toBe('rgb(11, 90, 37)');
    expect(await page.locator('.outcome-hero').innerText()).toMatch(/^✓ Validé\s+20,00\s€ reçus$/);
    const full = await chimeNotes(page);
    expect(full).toHaveLength(2);
    expect(full[1]!).toBeGreaterThan(full[0]!);

    await recap(page).getByRole('button', { name: 'Fermer', exact: true }).click();
    await requestPayment(page, '20', 'CUE-PART');
    await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host.companion, 'CUE-PART'), 1200);
    await recap(page).getByText('Paiement partiel — reste 8,00 €').waitFor();
    expect(await background(page, '.recap')).toBe('rgb(255, 241, 220)');
    expect(await background(page, '.outcome-hero')).toBe('rgb(122, 62, 0)');
    const partial = (await chimeNotes(page)).slice(2);
    expect(partial).toHaveLength(2);
    expect(partial[1]!).toBeLessThan(partial[0]!);
    expect(watch.problems).toEqual([]);
  });
});

describe('no dead ends', () => {
  it('« Ouvrir la demande en attente » when the basket already has one', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    await requestPayment(page, '11', 'BUSY-1');
    await closeKeepingItOpen(page);
    await fillPaymentForm(page, '12', 'BUSY-1');
    await page.getByRole('button', { name: 'Je continue', exact: true }).click();
    await page.getByText('Une demande de paiement est déjà en attente pour ce N° de panier.').waitFor();
    await page.getByRole('button', { name: 'Ouvrir la demande en attente' }).click();
    await recap(page).waitFor();
    expect(await recap(page).innerText()).toMatch(/N° de panier :\s*BUSY-1\s+Montant demandé :\s*11,00\s€/);
    // The refused create is the only problem the page saw (the host answered 409).
    expect(watch.problems.filter((problem) => !problem.includes('/api/payments.create'))).toEqual([]);
  });

  it('says the platform’s minimum in euros', async () => {
    const { page } = await host.openCashier();
    await ensureLoggedIn(page);
    const limits = (minAmount: number) =>
      sandboxAdmin(host.sandboxUrl, '/sandbox/merchants', {
        conventionNumber: DEMO.conventionNumber,
        name: 'Camping des Pins',
        password: DEMO.password,
        minAmount,
      });
    await limits(150);
    try {
      await fillPaymentForm(page, '0,99', 'MINI-1');
      await page.getByRole('button', { name: 'Je continue', exact: true }).click();
      await page.getByText('La plateforme refuse ce montant : le minimum accepté est de 1,50 €, le maximum de 10 000,00 €.').waitFor();
      await amountField(page).and(page.locator(':focus')).waitFor();
    } finally {
      await limits(1);
    }
  });

  it('after the session expired, the stale alert goes and the request typed is sent with one click', async () => {
    const { page } = await host.openCashier();
    await ensureLoggedIn(page);
    await goToPaymentForm(page);
    await fillPaymentForm(page, '45,90', 'AGAIN-1');
    await sandboxAdmin(host.sandboxUrl, `/sandbox/merchants/${DEMO.conventionNumber}/expire-tokens`);
    await page.getByRole('button', { name: 'Je continue', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Votre session a expiré' });
    await dialog.waitFor();
    await page.getByText('Votre session a expiré. Merci de vous reconnecter : la demande en cours est conservée.').waitFor();

    await dialog.getByLabel('Mot de passe', { exact: true }).fill(DEMO.password);
    await dialog.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    // The dialog goes with session.changed (the event stream), the stale alert with the login's
    // answer (the same moment as « Vous êtes reconnecté »), which may come a moment later.
    await page.getByText('Vous êtes reconnecté. La demande de 45,90 € pour le panier AGAIN-1 n’a pas encore été envoyée.').waitFor();
    expect(await page.getByText(/Votre session a expiré/).count()).toBe(0);
    await page.getByRole('button', { name: 'Envoyer la demande' }).and(page.locator(':focus')).click();
    await recap(page).waitFor();
    await waitForStatus(page, 'En attente de paiement');
    expect(await recap(page).innerText()).toMatch(/Montant demandé :\s*45,90\s€/);
    // The refused attempt never reached a customer: no notice about it.
    expect(await notices(page).count()).toBe(0);
  });
});

describe('the remainder collected another way', () => {
  it('is recorded, shown in the recap and the list, counted apart in the day totals, and still there after a restart', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    await goToPaymentForm(page);
    await requestPayment(page, '20', 'REST-1');
    await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host.companion, 'REST-1'), 1500);
    await recap(page).getByText('Paiement partiel — reste 5,00 €').waitFor();

    await recap(page).getByRole('button', { name: 'Reste encaissé autrement' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reste encaissé autrement : 5,00 €' });
    await dialog.getByRole('radio', { name: 'Chèque-Vacances papier' }).check();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await recap(page).getByText('Reste de 5,00 € encaissé autrement : Chèque-Vacances papier').first().waitFor();
    expect(await recap(page).innerText()).toMatch(/Reste encaissé autrement :\s*5,00\s€ — Chèque-Vacances papier, le \d\d\/\d\d\/\d{4} \d\dh\d\d/);
    expect(await recap(page).getByRole('button', { name: 'Demander le reste' }).count()).toBe(0);
    const [stored] = await operationsOf(host.companion, 'REST-1');
    expect(stored).toMatchObject({ status: 'validated', remainder: 500, remainderCollected: { means: 'paper_cheque_vacances', amount: 500 } });

    const showsIt = async (on: Page) => {
      await goToOperations(on);
      const row = on.getByRole('list', { name: 'Mes opérations' }).getByRole('listitem').filter({ hasText: 'REST-1' });
      await row.getByText('Réglé — Chèque-Vacances papier').waitFor();
      const rests = on.getByRole('table', { name: 'Restes encaissés autrement (hors Chèque-Vacances Connect)' });
      // The day totals come in their own call, after the list.
      const restLine = rests.getByRole('row').filter({ hasText: 'Chèque-Vacances papier' });
      await restLine.waitFor();
      const line = await restLine.locator('th, td').allTextContents();
      expect(line.map((text) => text.replace(/[\u00a0\u202f]/g, ' '))).toEqual(['Chèque-Vacances papier', '1', '5,00 €']);
    };
    await showsIt(page);
    expect(watch.problems).toEqual([]);

    await host.restart([]);
    const again = await host.openCashier();
    await ensureLoggedIn(again.page);
    await showsIt(again.page);
    await again.page.getByRole('list', { name: 'Mes opérations' }).getByRole('listitem').filter({ hasText: 'REST-1' }).click();
    await recap(again.page).getByText('Reste de 5,00 € encaissé autrement : Chèque-Vacances papier').first().waitFor();
    expect(await basketField(again.page).count()).toBe(0);
  });
});
