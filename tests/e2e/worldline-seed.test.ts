// The seed's walk-through on Worldline Direct, in a real Chromium against the real headless host
// (`npm run serve -- --platform worldline-direct --worldline-test-server …`) and the Worldline
// test server (the real SDK, signatures checked): the cashier logs in with the merchant's API
// keys, asks 20,00 € for REF253, the customer scans the QR (the payment link), pays 15,00 € of it
// on the page the link opens, the recap says what remains by itself, « Demander le reste » asks
// 5,00 € on the same basket, paid too. Every screen on the way passes axe-core.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_MERCHANT, startWorldlineFake, type RunningWorldlineFake } from '../support/worldline-fake/server';
import { amountField, operationsOf, qrCode, recap, recapStatus, requestPayment, waitForStatus } from './support/cashier-actions';
import { startCashierHost, type CashierHost } from './support/cashier-host';
import { seriousViolations } from './support/axe';

let fake: RunningWorldlineFake;
let host: CashierHost;

beforeAll(async () => {
  fake = await startWorldlineFake();
  host = await startCashierHost({
    platform: { url: fake.url, customerUrl: fake.url, args: ['--platform', 'worldline-direct', '--worldline-test-server', fake.url] },
  });
});

afterAll(async () => {
  await host?.close();
  await fake?.close();
});

/** What the QR on screen says, read from a screenshot as a phone would. */
async function scanQr(page: Page, basketNumber: string): Promise<string> {
  const png = PNG.sync.read(await qrCode(page, basketNumber).screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
  if (!found) throw new Error('the QR code on screen does not decode');
  return found.data;
}

/** The customer's phone opens the link and pays `euros` of it (all or part: adjustableAmount). */
async function customerPays(link: string, euros: string): Promise<void> {
  const context = await host.browser.newContext({ locale: 'fr-FR' });
  try {
    const phone = await context.newPage();
    await phone.goto(link);
    await phone.getByRole('heading', { name: 'Chèque-Vacances Connect' }).waitFor();
    await phone.getByLabel(/Montant à payer/).fill(euros);
    await phone.getByRole('button', { name: 'Payer' }).click();
    await phone.getByRole('status').getByText('Paiement accepté.').waitFor();
  } finally {
    await context.close();
  }
}

describe('the seed flow on Worldline Direct', () => {
  it('logs in with the API keys, takes 15,00 € of 20,00 € for REF253, then the rest with « Demander le reste »', async () => {
    const { page, watch } = await host.openCashier();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    // No convention number on this platform: the merchant's keys, and no demo banner.
    expect(await page.getByLabel('Numéro de convention', { exact: true }).count()).toBe(0);
    expect(await page.getByText('Mode démonstration — plateforme simulée').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Identifiant marchand (PSPID)').fill(FAKE_MERCHANT.merchantId);
    await page.getByLabel('Identifiant de la clé API').fill(FAKE_MERCHANT.apiKeyId);
    await page.getByLabel('Clé API secrète').fill(FAKE_MERCHANT.secretApiKey);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await amountField(page).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await requestPayment(page, '20', 'REF253');
    expect(await recap(page).innerText()).toMatch(/N° de panier :\s*REF253\s+Montant demandé :\s*20,00\s€/);
    expect(await recapStatus(page).textContent()).toContain('En attente de paiement');
    expect(await seriousViolations(page)).toEqual([]);
    const link = await scanQr(page, 'REF253');
    expect(link).toMatch(new RegExp(`^${fake.url}/hostedcheckout/pay/`));
    const [first] = await operationsOf(host.companion, 'REF253');
    expect(first).toMatchObject({ qrPayload: link, status: 'pending', amountRequested: 2000 });
    // One payment link, restricted to Chèque-Vacances Connect, the amount adjustable by the customer.
    const links = [...fake.state.links.values()].filter((item) => item.merchantReference === 'REF253');
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ amount: 2000, adjustableAmount: true, status: 'ACTIVE' });

    await customerPays(link, '15,00');
    await waitForStatus(page, 'Validé');
    await recapStatus(page).getByText('Votre client a réglé 15,00 €. Reste à encaisser : 5,00 € avec un autre moyen de paiement.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Demander le reste', exact: true }).click();
    await qrCode(page, 'REF253').waitFor();
    await waitForStatus(page, 'En attente de paiement');
    expect(await recap(page).innerText()).toMatch(/Montant demandé :\s*5,00\s€/);
    const rest = await scanQr(page, 'REF253');
    expect(rest).not.toBe(link);
    await customerPays(rest, '5,00');
    await waitForStatus(page, 'Validé');
    await recapStatus(page).getByText('Ça y est ! Votre client a payé. Le paiement est validé.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const [second, original] = await operationsOf(host.companion, 'REF253');
    expect(original).toMatchObject({ amountRequested: 2000, amountReceived: 1500, remainder: 500, status: 'validated' });
    expect(second).toMatchObject({ amountRequested: 500, amountReceived: 500, status: 'validated', followUpOf: original!.id });
    expect(watch.problems).toEqual([]);
  });
});
