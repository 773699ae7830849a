// The seed's walk-through in a real Chromium against the real headless host and its sandbox
// platform: log in, ask 20,00 € for REF253, show the QR, the customer pays from their wallet and
// the status turns "Validé" by itself. Then a partial payment and "Demander le reste", a cancel,
// and the same form driven with the keyboard only. One host and one browser for the file; each
// test uses its own basket numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payAsCustomer } from '../support/companion';
import {
  amountField,
  basketField,
  ensureLoggedIn,
  logIn,
  operationsOf,
  qrCode,
  qrPayloadOf,
  recap,
  recapStatus,
  requestPayment,
  waitForStatus,
} from './support/cashier-actions';
import { startCashierHost, type CashierHost } from './support/cashier-host';

let host: CashierHost;

beforeAll(async () => {
  host = await startCashierHost();
});

afterAll(async () => {
  await host?.close();
});

describe('the cashier screens against the headless host', () => {
  it('walks the seed: log in, 20,00 € for REF253, the customer pays, "Validé" without a click', async () => {
    const { page, watch } = await host.openCashier();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await logIn(page);

    await requestPayment(page, '20', 'REF253');
    await page.getByText('Présentez ce QR Code à votre client.').waitFor();
    expect(await recap(page).innerText()).toMatch(/N° de panier :\s*REF253\s+Montant demandé :\s*20,00\s€/);
    const status = recapStatus(page);
    expect(await status.textContent()).toContain('En attente de paiement');
    // The QR is drawn (an svg inside the named image), not an empty frame.
    expect(await qrCode(page, 'REF253').locator('svg path').count()).toBeGreaterThan(0);
    await page.getByRole('timer').waitFor();

    const operations = await operationsOf(host.companion, 'REF253');
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ amountRequested: 2000, status: 'pending' });
    await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host.companion, 'REF253'), 2000);

    await waitForStatus(page, 'Validé');
    await status.getByText('Ça y est ! Votre client a payé. Le paiement est validé.').waitFor();
    expect(await recap(page).innerText()).toMatch(/Montant reçu :\s*20,00\s€/);
    // Paid: no QR left to scan, nothing left to cancel.
    expect(await qrCode(page, 'REF253').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Annuler la demande' }).count()).toBe(0);
    expect(watch.problems).toEqual([]);
  });

  it('shows what remains after a partial payment and asks for the rest on the same basket', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    await requestPayment(page, '20,00', 'PART-1');
    await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host.companion, 'PART-1'), 1500);

    await waitForStatus(page, 'Validé');
    await recapStatus(page)
      .getByText('Votre client a réglé 15,00 €. Reste à encaisser : 5,00 € avec un autre moyen de paiement.')
      .waitFor();

    await page.getByRole('button', { name: 'Demander le reste', exact: true }).click();
    await qrCode(page, 'PART-1').waitFor();
    await waitForStatus(page, 'En attente de paiement');
    expect(await recap(page).innerText()).toMatch(/Montant demandé :\s*5,00\s€/);
    await page.getByText('Reste de la demande précédente').waitFor();

    const [rest, first] = await operationsOf(host.companion, 'PART-1');
    expect(first).toMatchObject({ amountRequested: 2000, amountReceived: 1500, remainder: 500, status: 'validated' });
    expect(rest).toMatchObject({ amountRequested: 500, status: 'pending', followUpOf: first!.id });

    // The customer pays the rest: the follow-up is validated in full, by itself too.
    await payAsCustomer(host.sandboxUrl, rest!.qrPayload!, 500);
    await waitForStatus(page, 'Validé');
    await recapStatus(page).getByText('Ça y est ! Votre client a payé. Le paiement est validé.').waitFor();
    expect(watch.problems).toEqual([]);
  });

  it('cancels a request after the confirmation, and "Non, revenir" keeps it', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    await requestPayment(page, '12,5', 'CANCEL-1');
    expect(await recap(page).innerText()).toMatch(/Montant demandé :\s*12,50\s€/);

    await page.getByRole('button', { name: 'Annuler la demande', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Annuler cette demande de paiement ?' });
    await dialog.getByText('La demande de 12,50 € pour le panier CANCEL-1 ne pourra plus être payée.').waitFor();
    await dialog.getByRole('button', { name: 'Non, revenir' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForStatus(page, 'En attente de paiement');

    await page.getByRole('button', { name: 'Annuler la demande', exact: true }).click();
    await dialog.getByRole('button', { name: 'Oui, annuler la demande' }).click();
    await waitForStatus(page, 'Annulé');
    await recapStatus(page).getByText('La demande a été annulée.').waitFor();
    expect(await qrCode(page, 'CANCEL-1').count()).toBe(0);
    expect((await operationsOf(host.companion, 'CANCEL-1'))[0]?.status).toBe('cancelled');
    expect(watch.problems).toEqual([]);
  });

  it('can be driven with the keyboard alone: focus in the amount after login, Tab, Enter, Escape', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    const convention = page.getByLabel('Numéro de convention', { exact: true });
    await convention.waitFor();

    await page.getByRole('button', { name: 'Remplir les identifiants de démonstration' }).click();
    await page.getByLabel('Mot de passe', { exact: true }).press('Enter');
    // After login the cashier types the amount at once.
    await amountField(page).and(page.locator(':focus')).waitFor();

    // Nothing is sent while the form is invalid: Enter on an empty form shows the errors.
    await page.keyboard.press('Enter');
    await page.getByText('Indiquez le montant demandé.').waitFor();
    await page.getByText('Indiquez le N° de panier.').waitFor();
    await amountField(page).and(page.locator(':focus')).waitFor();

    await page.keyboard.type('7,30');
    await page.keyboard.press('Tab');
    await basketField(page).and(page.locator(':focus')).waitFor();
    await page.keyboard.type('KEY-1');
    await page.keyboard.press('Enter');
    await qrCode(page, 'KEY-1').waitFor();
    expect(await recap(page).innerText()).toMatch(/Montant demandé :\s*7,30\s€/);

    // Escape asks first (the customer can still pay); Escape again keeps the request open and
    // closes the recap, back to an empty form, the request in sight among those pending.
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'La demande reste payable par le client' }).waitFor();
    await page.keyboard.press('Escape');
    await amountField(page).waitFor();
    await page.getByRole('region', { name: /Demandes en attente/ }).getByText('KEY-1').waitFor();
    expect(await qrCode(page, 'KEY-1').count()).toBe(0);
    expect(await amountField(page).inputValue()).toBe('');
    expect((await operationsOf(host.companion, 'KEY-1'))[0]?.status).toBe('pending');
    expect(watch.problems).toEqual([]);
  });
});
