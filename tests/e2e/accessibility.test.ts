// axe-core on every cashier and customer-display screen, dialogs included, in Chromium against the
// real headless host: no serious and no critical violation anywhere. Each screen is reached the way
// a cashier reaches it; the list of what was checked is part of the assertion, so a screen that
// silently stops being reached fails too. (The outage banners are checked where their outage is
// made for real: companion-down.test.ts and platform-outage.test.ts.)
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payAsCustomer, sandboxAdmin } from '../support/companion';
import {
  DEMO,
  ensureLoggedIn,
  fillPaymentForm,
  goToOperations,
  goToPaymentForm,
  qrPayloadOf,
  recap,
  requestPayment,
  submitLogin,
  waitForStatus,
} from './support/cashier-actions';
import { seriousViolations } from './support/axe';
import { startCashierHost, type CashierHost } from './support/cashier-host';

let host: CashierHost;

beforeAll(async () => {
  host = await startCashierHost();
});

afterAll(async () => {
  await host?.close();
});

function auditor() {
  const checked: string[] = [];
  const found: Record<string, string[]> = {};
  return {
    checked,
    found,
    async check(page: Page, screen: string) {
      checked.push(screen);
      const violations = await seriousViolations(page);
      if (violations.length) found[screen] = violations;
    },
  };
}

describe('accessibility (axe-core): 0 serious, 0 critical', () => {
  it('on every cashier screen and dialog', async () => {
    const audit = auditor();
    const { page } = await host.openCashier('/');
    await page.getByRole('heading', { name: 'Accès au compagnon de caisse' }).waitFor();
    await audit.check(page, 'no token');

    const { page: cashier } = await host.openCashier();
    await cashier.getByRole('heading', { name: 'Connexion' }).waitFor();
    await audit.check(cashier, 'login');
    await cashier.getByRole('button', { name: 'Comment se connecter ?' }).click();
    await submitLogin(cashier, 'pas-le-bon');
    await cashier.getByText(/Il vous reste 2 essais/).waitFor();
    await audit.check(cashier, 'login: wrong password, help open');
    await submitLogin(cashier, DEMO.password);
    await ensureLoggedIn(cashier);

    await audit.check(cashier, 'payment form');
    await cashier.getByRole('button', { name: 'Je continue', exact: true }).click();
    await cashier.getByText('Indiquez le N° de panier.').waitFor();
    await audit.check(cashier, 'payment form: errors');

    await requestPayment(cashier, '20', 'AXE-1');
    await cashier.getByRole('timer').waitFor();
    await audit.check(cashier, 'recap: pending, with the open requests');
    await recap(cashier).getByRole('button', { name: 'Annuler la demande', exact: true }).click();
    await cashier.getByRole('dialog').waitFor();
    await audit.check(cashier, 'dialog: cancel?');
    await cashier.getByRole('button', { name: 'Non, revenir' }).click();
    await recap(cashier).getByRole('button', { name: 'Fermer', exact: true }).click();
    await cashier.getByRole('dialog', { name: 'La demande reste payable par le client' }).waitFor();
    await audit.check(cashier, 'dialog: the request stays payable');
    await cashier.getByRole('button', { name: 'Garder la demande ouverte' }).click();

    await fillPaymentForm(cashier, '5', 'AXE-1');
    await cashier.getByRole('button', { name: 'Je continue', exact: true }).click();
    await cashier.getByRole('button', { name: 'Ouvrir la demande en attente' }).waitFor();
    await audit.check(cashier, 'payment form: basket already pending');

    await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host.companion, 'AXE-1'), 1500);
    await cashier.getByRole('region', { name: 'Résultats à voir' }).waitFor();
    await audit.check(cashier, 'notice of an outcome off screen');
    await cashier.getByRole('button', { name: /Voir la demande/ }).click();
    await recap(cashier).getByText('Paiement partiel — reste 5,00 €').waitFor();
    await audit.check(cashier, 'recap: partial payment');
    await recap(cashier).getByRole('button', { name: 'Reste encaissé autrement' }).click();
    const rest = cashier.getByRole('dialog', { name: /Reste encaissé autrement/ });
    await rest.getByRole('button', { name: 'Enregistrer' }).click();
    await rest.getByText('Choisissez le moyen de paiement utilisé.').waitFor();
    await audit.check(cashier, 'dialog: remainder collected another way, nothing chosen');
    await rest.getByRole('radio', { name: 'Carte bancaire' }).check();
    await rest.getByRole('button', { name: 'Enregistrer' }).click();
    await recap(cashier).getByText('Reste de 5,00 € encaissé autrement : Carte bancaire').first().waitFor();
    await audit.check(cashier, 'recap: settled');
    await recap(cashier).getByRole('button', { name: 'Fermer', exact: true }).click();

    await requestPayment(cashier, '20', 'AXE-2');
    await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host.companion, 'AXE-2'), 2000);
    await waitForStatus(cashier, 'Validé');
    await audit.check(cashier, 'recap: validated');
    await recap(cashier).getByRole('button', { name: 'Fermer', exact: true }).click();
    await requestPayment(cashier, '9', 'AXE-3');
    await recap(cashier).getByRole('button', { name: 'Annuler la demande', exact: true }).click();
    await cashier.getByRole('button', { name: 'Oui, annuler la demande' }).click();
    await waitForStatus(cashier, 'Annulé');
    await audit.check(cashier, 'recap: cancelled, « Nouvelle demande »');

    await goToOperations(cashier);
    await cashier.getByRole('table', { name: /Restes encaissés autrement/ }).waitFor();
    await audit.check(cashier, 'Mes opérations, with the day totals');
    await cashier.getByRole('navigation').getByRole('button', { name: 'Paramètres', exact: true }).click();
    await cashier.getByLabel('Nom de la caisse').waitFor();
    await audit.check(cashier, 'Paramètres');
    await cashier.getByRole('button', { name: 'Écran client', exact: true }).click();
    await cashier.getByRole('dialog', { name: 'Écran client' }).waitFor();
    await audit.check(cashier, 'dialog: pairing a customer display');
    await cashier.getByRole('dialog').getByRole('button', { name: 'Fermer' }).click();
    await cashier.getByRole('button', { name: 'English', exact: true }).click();
    await cashier.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await audit.check(cashier, 'settings, in English');
    await cashier.getByRole('button', { name: 'Français', exact: true }).click();
    await cashier.getByRole('heading', { name: 'Paramètres', level: 2 }).waitFor();

    await goToPaymentForm(cashier);
    await fillPaymentForm(cashier, '12', 'AXE-4');
    await sandboxAdmin(host.sandboxUrl, `/sandbox/merchants/${DEMO.conventionNumber}/expire-tokens`);
    await cashier.getByRole('button', { name: 'Je continue', exact: true }).click();
    const expired = cashier.getByRole('dialog', { name: 'Votre session a expiré' });
    await expired.waitFor();
    await audit.check(cashier, 'dialog: session expired');
    await expired.getByLabel('Mot de passe', { exact: true }).fill(DEMO.password);
    await expired.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await cashier.getByRole('button', { name: 'Envoyer la demande' }).waitFor();
    await audit.check(cashier, 'payment form: the request not sent, after the new login');

    // Last: it locks this host's demo account.
    await cashier.getByRole('button', { name: 'Se déconnecter' }).click();
    // One wrong password at a time: each answer empties the field before the next try.
    await submitLogin(cashier, 'faux-1');
    await cashier.getByText(/Il vous reste 2 essais/).waitFor();
    await submitLogin(cashier, 'faux-2');
    await cashier.getByText(/Il vous reste 1 essai /).waitFor();
    await submitLogin(cashier, 'faux-3');
    await cashier.getByText('Votre compte est bloqué.', { exact: true }).waitFor();
    await audit.check(cashier, 'login: account locked');
    await sandboxAdmin(host.sandboxUrl, `/sandbox/merchants/${DEMO.conventionNumber}/unlock`);

    expect(audit.found).toEqual({});
    expect(audit.checked).toHaveLength(22);
  });

  it('on every customer display screen', async () => {
    const audit = auditor();
    const expiring = await startCashierHost({ args: ['--expiry-seconds', '3'], browser: host.browser });
    try {
      const display = await host.browser.newPage({ viewport: { width: 1280, height: 800 } });
      await display.goto(`${expiring.companion.url}/display`);
      await display.getByLabel('Code d’appairage').waitFor();
      await audit.check(display, 'pairing');
      await display.goto(`${expiring.companion.url}/display?token=${expiring.companion.displayToken}`);
      await display.getByText('Payez avec vos Chèques-Vacances Connect').waitFor();
      await audit.check(display, 'idle, nobody logged in');

      const call = async (channel: string, input: unknown = {}) => {
        const answer = await expiring.companion.call(channel, input);
        if (answer.status !== 200) throw new Error(`${channel}: ${JSON.stringify(answer.body)}`);
        return answer.body.value;
      };
      await call('session.login', DEMO);
      await call('settings.update', { customerDisplay: { finalStatusSeconds: 120 } });
      await display.getByRole('heading', { name: 'Camping des Pins' }).waitFor();
      await audit.check(display, 'idle');
      await call('payments.create', { amount: 2000, basketNumber: 'SHOW-1' });
      await display.locator('.qr svg').waitFor();
      await audit.check(display, 'payment (QR)');
      await display.getByText('Demande de paiement expirée').waitFor({ timeout: 20_000 });
      await audit.check(display, 'expired');

      // The other outcomes, on a host whose requests wait long enough to be paid.
      await display.goto(`${host.companion.url}/display?token=${host.companion.displayToken}`);
      await display.locator('[data-phase]').waitFor();
      await host.companion.call('session.login', DEMO);
      await host.companion.call('settings.update', { customerDisplay: { finalStatusSeconds: 120 } });
      const paid = await host.companion.call('payments.create', { amount: 2000, basketNumber: 'SHOW-2' });
      await payAsCustomer(host.sandboxUrl, paid.body.value.qrPayload, 2000);
      await display.getByText('Paiement validé — merci !').waitFor();
      await audit.check(display, 'validated');
      const part = await host.companion.call('payments.create', { amount: 2000, basketNumber: 'SHOW-3' });
      await payAsCustomer(host.sandboxUrl, part.body.value.qrPayload, 500);
      await display.getByText('Paiement partiel reçu').waitFor();
      await audit.check(display, 'partial');
      const cancelled = await host.companion.call('payments.create', { amount: 2000, basketNumber: 'SHOW-4' });
      await display.locator('.qr svg').waitFor();
      await host.companion.call('payments.cancel', { id: cancelled.body.value.id });
      await display.getByText('Paiement annulé').waitFor();
      await audit.check(display, 'cancelled');
      await display.close();
    } finally {
      await expiring.close();
    }
    expect(audit.found).toEqual({});
    expect(audit.checked).toHaveLength(8);
  });
});
