// Two things that come to the cashier without a click, in Chromium against the real headless
// host: the last 30 seconds of a request (the countdown changes colour and says « Expire
// bientôt », then « Nouvelle demande » starts again with the same basket and amount), and a
// debit a till sends over Caisse-AP (its recap opens on the cashier screen at once, marked
// « Demande de la caisse »). Requests here expire after 35 seconds.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendTillRequest } from '../../electron/caisse-ap/till-client';
import { payAsCustomer } from '../support/companion';
import { amountField, basketField, ensureLoggedIn, qrCode, qrPayloadOf, recap, requestPayment, waitForStatus } from './support/cashier-actions';
import { freePort, startCashierHost, type CashierHost } from './support/cashier-host';

let host: CashierHost;
let tillPort: number;

beforeAll(async () => {
  tillPort = await freePort();
  host = await startCashierHost({ args: ['--expiry-seconds', '35', '--caisse-ap', `127.0.0.1:${tillPort}`] });
});

afterAll(async () => {
  await host?.close();
});

declare const getComputedStyle: (element: unknown) => { color: string };
const colourOf = (page: Page, selector: string) => page.locator(selector).evaluate((element) => getComputedStyle(element).color);

describe('the end of a request’s time', () => {
  it('warns in the last 30 seconds, then « Nouvelle demande » fills the form with the same basket and amount', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    await requestPayment(page, '18,40', 'LATE-1');
    const timer = page.getByRole('timer');
    expect(Number((await timer.innerText()).replace(':', ''))).toBeGreaterThan(30);
    expect(await page.getByText('Expire bientôt', { exact: true }).count()).toBe(0);
    const calm = await colourOf(page, '.countdown');

    await page.getByText('Expire bientôt', { exact: true }).waitFor({ timeout: 15_000 });
    expect(Number((await timer.innerText()).replace(':', ''))).toBeLessThanOrEqual(30);
    expect(await colourOf(page, '.countdown')).toBe('rgb(161, 20, 27)');
    expect(calm).not.toBe('rgb(161, 20, 27)');
    // The chip among the open requests turns too.
    await page.locator('.open-request-soon').getByText('LATE-1').waitFor();

    await waitForStatus(page, 'Expiré', 45_000);
    await recap(page).getByRole('button', { name: 'Nouvelle demande' }).click();
    expect(await amountField(page).inputValue()).toBe('18,40');
    expect(await basketField(page).inputValue()).toBe('LATE-1');
    await page.getByRole('button', { name: 'Je continue', exact: true }).and(page.locator(':focus')).waitFor();
    await page.keyboard.press('Enter');
    await qrCode(page, 'LATE-1').waitFor();
    expect(await recap(page).innerText()).toMatch(/Montant demandé :\s*18,40\s€/);
    expect(watch.problems).toEqual([]);
  });
});

describe('a request sent by the till over Caisse-AP', () => {
  it('opens its recap on the cashier screen at once, marked « Demande de la caisse », and the till gets the payment', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    await amountField(page).fill('3');
    const answer = sendTillRequest({
      port: tillPort,
      chunks: ['CZ0040300CJ012012345678901CA00201CD0010CE003978CB0042450CF006TILL01'],
      timeoutMs: 30_000,
    });
    await recap(page).getByText('Demande de la caisse').waitFor();
    await qrCode(page, 'TILL01').waitFor();
    expect(await recap(page).innerText()).toMatch(/N° de panier :\s*TILL01\s+Montant demandé :\s*24,50\s€/);

    await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host.companion, 'TILL01'), 2450);
    await waitForStatus(page, 'Validé');
    expect((await answer).get('AE')).toBe('10');
    // What the cashier was typing is still there.
    await recap(page).getByRole('button', { name: 'Fermer', exact: true }).click();
    expect(await amountField(page).inputValue()).toBe('3');
    expect(watch.problems).toEqual([]);
  });
});
