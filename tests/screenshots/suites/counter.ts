// What the cashier sees when something needs them, made to happen for real: a request kept open
// among those pending, the question before closing it, an outcome announced on another screen,
// the last 30 seconds, an amount below the platform's minimum, the session expired (and the
// request sent with one click after), the remainder collected another way, and the two outages:
// the platform unreachable (its own process behind a loopback proxy, the line cut) and the
// companion itself killed under the browser page.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { payAsCustomer, sandboxAdmin, tempDir } from '../../support/companion';
import { spawnCompanion } from '../../support/companion-process';
import { spawnSandbox } from '../../support/sandbox-process';
import { startTcpProxy } from '../../support/tcp-proxy';
import {
  DEMO,
  fillPaymentForm,
  goToOperations,
  logIn,
  qrPayloadOf,
  recap,
  requestPayment,
} from '../../e2e/support/cashier-actions';
import type { ShotSuite } from '../shot-context';

async function closeKeepingItOpen(page: Page): Promise<void> {
  await recap(page).getByRole('button', { name: 'Fermer', exact: true }).click();
  await page.getByRole('button', { name: 'Garder la demande ouverte' }).click();
}

export const counterShots: ShotSuite = async ({ startHost, newPage, shoot }) => {
  const files: string[] = [];
  const host = await startHost();
  const page = await newPage();
  await page.goto(`${host.url}/?token=${host.token}`);
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  await logIn(page);

  // A request kept open, and the question that comes before closing it.
  await requestPayment(page, '42', 'REF410');
  await recap(page).getByRole('button', { name: 'Fermer', exact: true }).click();
  await page.getByRole('dialog', { name: 'La demande reste payable par le client' }).waitFor();
  files.push(await shoot(page, 'counter-01-close-pending'));
  await page.getByRole('button', { name: 'Garder la demande ouverte' }).click();
  await requestPayment(page, '18,50', 'REF411');
  await closeKeepingItOpen(page);
  await page.getByRole('region', { name: /Demandes en attente/ }).getByText('REF411').waitFor();
  files.push(await shoot(page, 'counter-02-open-requests'));

  // Paid while the cashier is in « Mes opérations »: the late payment notice.
  await goToOperations(page);
  await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host, 'REF410'), 4200);
  await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host, 'REF411'), 1000);
  await page.getByRole('region', { name: 'Résultats à voir' }).getByText(/panier REF411/).waitFor();
  files.push(await shoot(page, 'counter-03-late-payment-notice'));

  // The partial one opened from its notice: the remainder collected another way.
  await page.getByRole('button', { name: /Paiement partiel.*Voir la demande/ }).click();
  await recap(page).getByText('Paiement partiel — reste 8,50 €').waitFor();
  await recap(page).getByRole('button', { name: 'Reste encaissé autrement' }).click();
  await page.getByRole('dialog').getByRole('radio', { name: 'Espèces' }).check();
  files.push(await shoot(page, 'counter-04-remainder-dialog'));
  await page.getByRole('dialog').getByRole('button', { name: 'Enregistrer' }).click();
  await recap(page).getByText('Reste de 8,50 € encaissé autrement : Espèces').first().waitFor();
  files.push(await shoot(page, 'counter-05-settled'));
  await page.getByRole('button', { name: /J’ai vu/ }).click();
  await recap(page).getByRole('button', { name: 'Fermer', exact: true }).click();
  await goToOperations(page);
  await page.getByRole('table', { name: /Restes encaissés autrement/ }).waitFor();
  files.push(await shoot(page, 'counter-06-operations-with-rests'));

  // Below the platform's minimum: the minimum, in euros.
  await page.getByRole('navigation').getByRole('button', { name: 'Demande de paiement', exact: true }).click();
  const limits = (minAmount: number) =>
    sandboxAdmin(host.sandboxUrl, '/sandbox/merchants', {
      conventionNumber: DEMO.conventionNumber,
      name: 'Camping des Pins',
      password: DEMO.password,
      minAmount,
    });
  await limits(150);
  await fillPaymentForm(page, '0,99', 'REF412');
  await page.getByRole('button', { name: 'Je continue', exact: true }).click();
  await page.getByText(/le minimum accepté est de 1,50/).waitFor();
  files.push(await shoot(page, 'counter-07-below-minimum'));
  await limits(1);

  // The session expired while typing: the login over the form, then one click to send.
  await fillPaymentForm(page, '45,90', 'REF413');
  await sandboxAdmin(host.sandboxUrl, `/sandbox/merchants/${DEMO.conventionNumber}/expire-tokens`);
  await page.getByRole('button', { name: 'Je continue', exact: true }).click();
  const expired = page.getByRole('dialog', { name: 'Votre session a expiré' });
  await expired.waitFor();
  files.push(await shoot(page, 'counter-08-session-expired'));
  await expired.getByLabel('Mot de passe', { exact: true }).fill(DEMO.password);
  await expired.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.getByRole('button', { name: 'Envoyer la demande' }).waitFor();
  files.push(await shoot(page, 'counter-09-send-after-login'));

  // The last 30 seconds of a request.
  const expiring = await startHost(['--expiry-seconds', '33']);
  const soon = await newPage();
  await soon.goto(`${expiring.url}/?token=${expiring.token}`);
  await soon.getByRole('heading', { name: 'Connexion' }).waitFor();
  await logIn(soon);
  await requestPayment(soon, '20', 'REF414');
  await soon.getByText('Expire bientôt', { exact: true }).waitFor({ timeout: 15_000 });
  files.push(await shoot(soon, 'counter-10-expiring-soon'));

  // The companion killed under the browser page.
  await expiring.kill();
  await soon.getByText(/compagnon de caisse injoignable depuis 0:0[3-9]/).waitFor({ timeout: 15_000 });
  files.push(await shoot(soon, 'counter-11-companion-down'));

  // The platform unreachable: its own process, reached through a proxy standing for the shop's line.
  const state = tempDir('cvc-shots-platform-');
  const sandbox = await spawnSandbox(['--db', join(state.path, 'platform.sqlite3')]);
  const proxy = await startTcpProxy(Number(new URL(sandbox.url).port));
  const companion = await spawnCompanion({ dataDir: join(state.path, 'companion'), args: ['--platform-url', proxy.url] });
  try {
    const cut = await newPage();
    await cut.goto(`${companion.url}/?token=${companion.token}`);
    await cut.getByRole('heading', { name: 'Connexion' }).waitFor();
    await logIn(cut);
    await requestPayment(cut, '20', 'REF415');
    await closeKeepingItOpen(cut);
    proxy.setMode('refuse');
    proxy.dropConnections();
    // Whether the banner came by itself or the page was opened after the cut, it says the same.
    await cut.reload();
    // A few seconds on the counter, as a cashier would first notice it.
    await cut.getByText(/connexion à la plateforme perdue depuis 0:0[3-9]/).waitFor({ timeout: 15_000 });
    files.push(await shoot(cut, 'counter-12-platform-down'));
  } finally {
    await companion.stop();
    await proxy.close();
    await sandbox.stop();
    state.remove();
  }
  return files;
};
