// The platform goes away under a running companion, for real: the sandbox platform runs as its
// own process (its state in a file), reached by the companion through a loopback TCP proxy (the
// shop's internet line). Stop the platform process: the cashier's banner appears within the
// polling interval + 2 s, counting up. Start it again while the shop's line is still down, and the
// customer pays from their phone (their own network); when the line is back, the banner goes
// and the payment made during the outage is announced. The customer display keeps the QR
// meanwhile: the request is still payable.
//
// This needs the core's platform link state (`platform.changed` emitted by the payment tracker).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payAsCustomer, tempDir } from '../support/companion';
import { spawnSandbox, type SandboxProcess } from '../support/sandbox-process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { logIn, qrPayloadOf, recap, requestPayment } from './support/cashier-actions';
import { seriousViolations } from './support/axe';
import { freePort, startCashierHost, type CashierHost } from './support/cashier-host';

/** The companion's poll of pending requests while its event stream is down (DEFAULT_TIMING). */
const POLL_INTERVAL_MS = 2_000;

let host: CashierHost;
let sandbox: SandboxProcess;
let proxy: TcpProxy;
let sandboxPort: number;
const state = tempDir('cvc-e2e-platform-');
const sandboxArgs = () => ['--port', String(sandboxPort), '--db', join(state.path, 'platform.sqlite3')];

beforeAll(async () => {
  sandboxPort = await freePort();
  sandbox = await spawnSandbox(sandboxArgs());
  proxy = await startTcpProxy(sandboxPort);
  host = await startCashierHost({ platform: { url: proxy.url, customerUrl: sandbox.url } });
});

afterAll(async () => {
  await host?.close();
  await proxy?.close();
  await sandbox?.stop();
  state.remove();
});

describe('the platform stops and comes back', () => {
  it('shows the banner within the polling interval + 2 s, then removes it and announces the payment made meanwhile', async () => {
    const { page } = await host.openCashier();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await logIn(page);
    await requestPayment(page, '20', 'OUT-1');
    await recap(page).getByRole('button', { name: 'Fermer', exact: true }).click();
    await page.getByRole('button', { name: 'Garder la demande ouverte' }).click();
    const display = await host.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await display.goto(`${host.companion.url}/display?token=${host.companion.displayToken}`);
    await display.locator('.qr svg').waitFor();

    await sandbox.stop();
    const banner = page.getByRole('region', { name: 'État de la connexion' });
    const lost = banner.getByText(/Statuts retardés — connexion à la plateforme perdue depuis \d+:\d\d$/);
    await lost.waitFor({ timeout: POLL_INTERVAL_MS + 2_000 });
    const first = await lost.innerText();
    await expect.poll(() => lost.innerText(), { timeout: 5_000 }).not.toBe(first); // it counts
    expect(await seriousViolations(page)).toEqual([]);
    // The customer can still pay over their own network: the QR stays on the customer display.
    expect(await display.locator('.qr svg').count()).toBe(1);

    // The platform is back, the shop's line not yet: the customer pays from their phone.
    proxy.setMode('refuse');
    sandbox = await spawnSandbox(sandboxArgs());
    const qrPayload = await qrPayloadOf(host.companion, 'OUT-1');
    await payAsCustomer(sandbox.url, qrPayload, 2000);
    expect(await lost.count()).toBe(1);

    proxy.setMode('forward');
    await lost.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByRole('region', { name: 'Résultats à voir' }).getByText('20,00 € reçus — panier OUT-1').waitFor({ timeout: 15_000 });
    await display.getByText('Paiement validé — merci !').waitFor({ timeout: 15_000 });
    await display.close();
  });
});
