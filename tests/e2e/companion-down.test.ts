// The companion itself goes down under the browser bridge: the real host child process is
// SIGKILLed. The cashier page says so in a lasting banner (statuses cannot arrive), the customer
// display says it lost the till, and both recover by themselves when the host is started again
// on the same port and data folder: the request still payable is back in sight, and a payment
// made once it is back is announced. Both outage screens pass axe-core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payAsCustomer } from '../support/companion';
import { ensureLoggedIn, qrPayloadOf, recap, requestPayment } from './support/cashier-actions';
import { seriousViolations } from './support/axe';
import { startCashierHost, type CashierHost } from './support/cashier-host';

let host: CashierHost;

beforeAll(async () => {
  host = await startCashierHost();
});

afterAll(async () => {
  await host?.close();
});

describe('the companion under the browser bridge', () => {
  it('is said to be unreachable when killed, and the page recovers when it is started again', async () => {
    const { page } = await host.openCashier();
    await ensureLoggedIn(page);
    await requestPayment(page, '25', 'DOWN-1');
    await recap(page).getByRole('button', { name: 'Fermer', exact: true }).click();
    await page.getByRole('button', { name: 'Garder la demande ouverte' }).click();
    const display = await host.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await display.goto(`${host.companion.url}/display?token=${host.companion.displayToken}`);
    await display.locator('.qr svg').waitFor();

    const port = host.port();
    await host.companion.kill();
    const banner = page.getByRole('region', { name: 'État de la connexion' });
    await banner.getByText(/Statuts retardés — compagnon de caisse injoignable depuis \d+:\d\d$/).waitFor({ timeout: 15_000 });
    await banner.getByText('Reconnexion automatique en cours. Si cela dure, vérifiez que le compagnon de caisse est démarré.').waitFor();
    await display.getByText('Connexion à la caisse perdue — reconnexion…').waitFor({ timeout: 15_000 });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await seriousViolations(display)).toEqual([]);

    await host.restart(['--port', String(port)]);
    // The bridge retries at most every 5 s: back within a few attempts.
    await banner.getByText(/compagnon de caisse injoignable/).waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByRole('region', { name: /Demandes en attente/ }).getByText('DOWN-1').waitFor();
    await display.getByText('Connexion à la caisse perdue — reconnexion…').waitFor({ state: 'detached', timeout: 20_000 });

    await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host.companion, 'DOWN-1'), 2500);
    await page.getByRole('region', { name: 'Résultats à voir' }).getByText('25,00 € reçus — panier DOWN-1').waitFor({ timeout: 15_000 });
    await display.close();
  });
});
