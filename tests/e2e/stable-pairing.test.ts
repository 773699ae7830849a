// Pairing that holds, end to end in Chromium against the real headless host started without
// --token (it keeps its tokens in the data folder): a restart of the host process on the same
// port leaves the open cashier page working without a reload and the paired tablet paired.
// « Nouveau jeton » in Paramètres: this page carries on with the new token, another tab with the
// old one is refused, the file holds the new one; « Révoquer l'écran client »: the tablet drops
// back to pairing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payAsCustomer } from '../support/companion';
import { ensureLoggedIn, FOLLOW_MS, goToPaymentForm, qrPayloadOf, requestPayment, waitForStatus } from './support/cashier-actions';
import { freePort, startCashierHost, type CashierHost } from './support/cashier-host';

let host: CashierHost;
let port: number;

beforeAll(async () => {
  port = await freePort();
  host = await startCashierHost({ args: ['--port', String(port)], persistedTokens: true });
});

afterAll(async () => {
  await host?.close();
});

const storedTokens = () => JSON.parse(readFileSync(join(host.dataDir, 'access-tokens.json'), 'utf8')) as { cashierToken: string; displayToken: string };

/** A tablet: the display page opened without a token, paired with the code the cashier screen shows. */
async function pairTablet(): Promise<Page> {
  const code: string = (await host.companion.call('display.pairing')).body.value.code;
  const context = await host.browser.newContext({ viewport: { width: 1024, height: 768 } });
  const tablet = await context.newPage();
  await tablet.goto(`${host.companion.url}/display`);
  await tablet.getByLabel('Code d’appairage').fill(code);
  await tablet.getByRole('button', { name: 'Appairer cet écran' }).click();
  await tablet.getByText('Payez avec vos Chèques-Vacances Connect').waitFor({ timeout: FOLLOW_MS });
  return tablet;
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Paramètres', exact: true }).click();
  await page.getByRole('heading', { name: 'Paramètres', level: 2 }).waitFor();
}

describe('pairing that holds', () => {
  it('keeps the cashier page working and the tablet paired across a restart of the host', async () => {
    const tokensBefore = storedTokens();
    expect(host.companion.token).toBe(tokensBefore.cashierToken);
    const { page } = await host.openCashier();
    await ensureLoggedIn(page);
    const tablet = await pairTablet();

    await host.restart(['--port', String(port)]);
    expect(host.companion.token).toBe(tokensBefore.cashierToken);
    expect(host.companion.displayToken).toBe(tokensBefore.displayToken);

    // No reload: the page's stream comes back by itself, and a new request reaches the tablet.
    await requestPayment(page, '18', 'RESTART-1');
    await tablet.getByText('RESTART-1').waitFor({ timeout: FOLLOW_MS });
    await tablet.locator('.qr svg').waitFor();
    await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host.companion, 'RESTART-1'), 1800);
    await waitForStatus(page, 'Validé');
    expect(await tablet.getByText('Cet écran n’est plus appairé').count()).toBe(0);
    await tablet.context().close();
  });

  it('« Nouveau jeton »: this page carries on, another tab is refused; « Révoquer l’écran client »: the tablet pairs again', async () => {
    const old = storedTokens();
    const { page } = await host.openCashier();
    await ensureLoggedIn(page);
    const { page: otherTab } = await host.openCashier();
    await ensureLoggedIn(otherTab);
    const tablet = await pairTablet();

    await openSettings(page);
    await page.getByRole('button', { name: 'Nouveau jeton', exact: true }).click();
    await page.getByText(/Nouveau jeton en service/).waitFor();
    const rotated = storedTokens();
    expect(rotated.cashierToken).not.toBe(old.cashierToken);
    expect(rotated.displayToken).toBe(old.displayToken);
    expect((await host.companion.call('session.get', {}, old.cashierToken)).status).toBe(401);
    expect((await host.companion.call('session.get', {}, rotated.cashierToken)).status).toBe(200);

    // The other tab held the old token: its stream was ended and is refused from now on.
    await otherTab.getByText('Le jeton d’accès de cette page n’est plus valable.').waitFor({ timeout: FOLLOW_MS });

    // This page carries on with the new token: calls, and the pushed status of its payment.
    await goToPaymentForm(page);
    await requestPayment(page, '12', 'ROTATED-1');
    await tablet.getByText('ROTATED-1').waitFor({ timeout: FOLLOW_MS });
    const paying = await qrPayloadOf({ ...host.companion, call: (channel, input, token = rotated.cashierToken) => host.companion.call(channel, input, token) }, 'ROTATED-1');
    await payAsCustomer(host.sandboxUrl, paying, 1200);
    await waitForStatus(page, 'Validé');
    // A reload keeps the new token (the page remembered it for its tab).
    await page.reload();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor({ timeout: FOLLOW_MS });

    await openSettings(page);
    await page.getByRole('button', { name: 'Révoquer l’écran client', exact: true }).click();
    await page.getByText(/Écran client révoqué/).waitFor();
    await tablet.getByText('Cet écran n’est plus appairé').waitFor({ timeout: FOLLOW_MS });
    expect(storedTokens().displayToken).not.toBe(old.displayToken);
    await tablet.context().close();
  });
});
