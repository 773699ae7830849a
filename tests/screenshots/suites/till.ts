// What the cashier sees when the till sends the amount over Caisse-AP, the way Odoo's module does
// (no BF: it must never hear of a partial amount): the till's request on the cashier screen, a
// partial payment while the till waits, the loud « enregistrez à la main » after « Le reste sera
// payé autrement », and the till's retry refused until the cashier has done it.
import type { Page } from 'playwright-core';
import type { Operation } from '../../../electron/common/contract';
import { payAsCustomer } from '../../support/companion';
import { caisseApPortOf } from '../../support/companion-process';
import { odooSendPayment } from '../../support/odoo-caisse-ap-peer';
import { logIn } from '../../e2e/support/cashier-actions';
import type { ShotHost, ShotSuite } from '../shot-context';

/** The till's pending request, once the companion has it. */
async function tillRequest(host: ShotHost, followUpOf: string | null = null): Promise<Operation> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { body } = await host.call('operations.list', { status: 'pending', limit: 10 });
    const found = (body.value.items as Operation[]).find((op) => op.origin === 'caisse-ap' && op.followUpOf === followUpOf);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the till’s request never reached the companion');
}

function tillPanel(page: Page) {
  return page.getByRole('region', { name: 'Caisse (Caisse-AP)' });
}

export const tillShots: ShotSuite = async ({ startHost, newPage, shoot }) => {
  const files: string[] = [];
  const host = await startHost(['--caisse-ap', '127.0.0.1:0']);
  const port = caisseApPortOf(host.output());
  const page = await newPage();
  await page.goto(`${host.url}/?token=${host.token}`);
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  await logIn(page);

  // The till sends 20,00 €: its request opens on the cashier screen, the QR on the display.
  const verdict = odooSendPayment({ port, amount: 20, posTimeoutMs: 120_000 });
  const first = await tillRequest(host);
  await page.getByText('Demande de la caisse').first().waitFor();
  await page.locator('.qr svg, [aria-label*="QR"]').first().waitFor();
  files.push(await shoot(page, 'till-01-till-request'));

  // The customer pays 15,00 € only: the till keeps waiting, the cashier chooses.
  await payAsCustomer(host.sandboxUrl, first.qrPayload!, 1500);
  await tillPanel(page).getByRole('alert').filter({ hasText: /Paiement partiel : 15,00\s€ reçus, reste 5,00\s€ — la caisse attend/ }).waitFor();
  files.push(await shoot(page, 'till-02-partial-till-waits'));

  // « Le reste sera payé autrement »: the till is told « non effectuée »; the 15,00 € must be
  // recorded on it by hand.
  await page.getByRole('button', { name: 'Le reste sera payé autrement' }).click();
  await verdict;
  const todo = tillPanel(page).getByRole('alert');
  await todo.getByText(/Enregistrez à la main 15,00\s€ de Chèque-Vacances sur la caisse\./).waitFor();
  files.push(await shoot(page, 'till-03-record-by-hand'));

  // The till asks again before that is done: refused, and the cashier is told why.
  await odooSendPayment({ port, amount: 20, posTimeoutMs: 120_000 });
  await page.getByText(/refusé : un paiement Chèque-Vacances que la caisse ignore/).first().waitFor();
  files.push(await shoot(page, 'till-04-retry-refused'));

  await todo.getByRole('button', { name: 'C’est fait' }).click();
  await tillPanel(page).waitFor({ state: 'detached' });
  return files;
};
