// The cashier's screens in the order of the ANCV guide: login, a locked account, the request
// form with errors, a pending request (QR + countdown), a validated and a partial payment, the
// cancel confirmation, and "Mes opérations" with a few rows.
import { payAsCustomer, sandboxAdmin } from '../../support/companion';
import {
  DEMO,
  goToOperations,
  goToPaymentForm,
  logIn,
  qrPayloadOf,
  recap,
  requestPayment,
  submitLogin,
  waitForStatus,
} from '../../e2e/support/cashier-actions';
import type { ShotSuite } from '../shot-context';

export const cashierShots: ShotSuite = async ({ startHost, newPage, shoot }) => {
  const host = await startHost();
  const page = await newPage();
  const files: string[] = [];
  const cashierUrl = `${host.url}/?token=${host.token}`;

  await page.goto(cashierUrl);
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  files.push(await shoot(page, 'cashier-01-login'));

  // One wrong password at a time: each answer empties the field before the next try.
  await submitLogin(page, 'faux-1');
  await page.getByRole('alert').getByText(/Il vous reste 2 essais/).waitFor();
  await submitLogin(page, 'faux-2');
  await page.getByRole('alert').getByText(/Il vous reste 1 essai/).waitFor();
  await submitLogin(page, 'faux-3');
  await page.getByRole('alert').getByText('Votre compte est bloqué.', { exact: true }).waitFor();
  files.push(await shoot(page, 'cashier-02-locked'));
  // What "mot de passe oublié" does on the merchant space, so the other screens can follow.
  await sandboxAdmin(host.sandboxUrl, `/sandbox/merchants/${DEMO.conventionNumber}/unlock`);
  await page.reload();
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  await logIn(page);

  await page.getByLabel('Montant demandé', { exact: true }).fill('20,555');
  await page.getByLabel('Libellé de transaction', { exact: true }).fill('Emplacement 12, 2 nuits');
  await page.getByRole('button', { name: 'Je continue', exact: true }).click();
  await page.getByText('Indiquez le N° de panier.').waitFor();
  files.push(await shoot(page, 'cashier-03-form-errors'));

  await page.getByLabel('Montant demandé', { exact: true }).fill('20');
  await requestPayment(page, '20', 'REF253');
  await page.getByRole('timer').waitFor();
  files.push(await shoot(page, 'cashier-04-pending'));

  await page.getByRole('button', { name: 'Annuler la demande', exact: true }).click();
  await page.getByRole('dialog').waitFor();
  files.push(await shoot(page, 'cashier-05-cancel-confirm'));
  await page.getByRole('button', { name: 'Non, revenir' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host, 'REF253'), 2000);
  await waitForStatus(page, 'Validé');
  files.push(await shoot(page, 'cashier-06-validated'));

  await page.getByRole('button', { name: 'Fermer', exact: true }).click();
  await requestPayment(page, '20', 'REF254');
  await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host, 'REF254'), 1500);
  await recap(page).getByText(/Reste à encaisser : 5,00/).waitFor();
  files.push(await shoot(page, 'cashier-07-partial'));

  // A few more rows for the list: the rest of REF254 still pending, one cancelled.
  await page.getByRole('button', { name: 'Demander le reste', exact: true }).click();
  await waitForStatus(page, 'En attente de paiement');
  await goToPaymentForm(page);
  await requestPayment(page, '45,90', 'REF255');
  await page.getByRole('button', { name: 'Annuler la demande', exact: true }).click();
  await page.getByRole('button', { name: 'Oui, annuler la demande' }).click();
  await waitForStatus(page, 'Annulé');
  await goToOperations(page);
  await page.getByRole('list', { name: 'Mes opérations' }).getByRole('listitem').filter({ hasText: 'REF255' }).waitFor();
  await page.getByRole('table', { name: /Totaux du jour/ }).waitFor();
  files.push(await shoot(page, 'cashier-08-operations'));

  await page.getByRole('button', { name: 'Paramètres', exact: true }).click();
  await page.getByRole('heading', { name: 'Paramètres' }).waitFor();
  await page.getByLabel('Nom de la caisse').waitFor();
  files.push(await shoot(page, 'cashier-09-settings'));

  // « Assistance » (version, « Journaux ») and, in a browser, the two access tokens.
  const access = page.getByRole('group', { name: 'Écran client et API locale' });
  await access.scrollIntoViewIfNeeded();
  files.push(await shoot(page, 'cashier-10-settings-support'));

  return files;
};
