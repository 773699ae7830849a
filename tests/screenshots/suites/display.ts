// The customer display's screens (issue 5): the pairing screen of a page without a token, idle,
// a request to pay (landscape monitor and portrait tablet, French and English), and each
// outcome: validated, partial, cancelled, expired. Then the cashier's "Écran client" panel.
import { payAsCustomer } from '../../support/companion';
import { DEMO, logIn, qrPayloadOf } from '../../e2e/support/cashier-actions';
import type { ShotHost, ShotSuite } from '../shot-context';

async function ok(host: ShotHost, channel: string, input: unknown = {}) {
  const answer = await host.call(channel, input);
  if (answer.status !== 200) throw new Error(`${channel}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.value;
}

export const displayShots: ShotSuite = async ({ startHost, newPage, shoot, viewport }) => {
  const files: string[] = [];
  const host = await startHost();
  await ok(host, 'session.login', DEMO);
  // Outcomes stay on screen long enough to be photographed.
  await ok(host, 'settings.update', { customerDisplay: { finalStatusSeconds: 120 } });

  const page = await newPage();
  await page.goto(`${host.url}/display`);
  await page.getByLabel('Code d’appairage').waitFor();
  files.push(await shoot(page, 'display-01-pairing'));

  await page.goto(`${host.url}/display?token=${host.displayToken}`);
  await page.getByText('Payez avec vos Chèques-Vacances Connect').waitFor();
  files.push(await shoot(page, 'display-02-idle'));

  await ok(host, 'payments.create', { amount: 2000, basketNumber: 'REF253' });
  await page.locator('.qr svg').waitFor();
  files.push(await shoot(page, 'display-03-payment'));
  await page.setViewportSize({ width: 800, height: 1280 });
  await page.locator('.qr svg').waitFor();
  files.push(await shoot(page, 'display-04-payment-tablet'));
  await page.setViewportSize(viewport);

  await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host, 'REF253'), 2000);
  await page.getByText('Paiement validé — merci !').waitFor();
  files.push(await shoot(page, 'display-05-validated'));

  await ok(host, 'payments.create', { amount: 2000, basketNumber: 'REF254' });
  await page.locator('.qr svg').waitFor();
  await payAsCustomer(host.sandboxUrl, await qrPayloadOf(host, 'REF254'), 1200);
  await page.getByText('Paiement partiel reçu').waitFor();
  files.push(await shoot(page, 'display-06-partial'));

  const cancelled = await ok(host, 'payments.create', { amount: 4590, basketNumber: 'REF255' });
  await page.locator('.qr svg').waitFor();
  await ok(host, 'payments.cancel', { id: cancelled.id });
  await page.getByText('Paiement annulé').waitFor();
  files.push(await shoot(page, 'display-07-cancelled'));

  // The customer display's own language (« Langue de l'écran client »), whatever the cashier's.
  await ok(host, 'settings.update', { customerDisplay: { language: 'en' } });
  await ok(host, 'payments.create', { amount: 1250, basketNumber: 'REF256' });
  await page.getByText('Open your Chèque-Vacances app and scan this QR code').waitFor();
  files.push(await shoot(page, 'display-08-payment-english'));
  await ok(host, 'settings.update', { customerDisplay: { language: 'fr' } });

  // A request nobody pays: a host whose requests expire after 3 seconds.
  const expiring = await startHost(['--expiry-seconds', '3']);
  await ok(expiring, 'session.login', DEMO);
  await ok(expiring, 'settings.update', { customerDisplay: { finalStatusSeconds: 120 } });
  const expiringPage = await newPage();
  await expiringPage.goto(`${expiring.url}/display?token=${expiring.displayToken}`);
  await ok(expiring, 'payments.create', { amount: 2000, basketNumber: 'REF260' });
  await expiringPage.getByText('Demande de paiement expirée').waitFor({ timeout: 20_000 });
  files.push(await shoot(expiringPage, 'display-09-expired'));

  // The cashier's side of pairing: "Écran client" in the header.
  const cashier = await newPage();
  await cashier.goto(`${expiring.url}/?token=${expiring.token}`);
  await cashier.getByRole('button', { name: 'Écran client' }).or(cashier.getByRole('button', { name: 'Se connecter', exact: true })).first().waitFor();
  if (await cashier.getByRole('button', { name: 'Se connecter', exact: true }).isVisible()) await logIn(cashier);
  await cashier.getByRole('button', { name: 'Écran client' }).click();
  await cashier.getByRole('dialog', { name: 'Écran client' }).waitFor();
  files.push(await shoot(cashier, 'display-10-cashier-pairing-panel'));

  return files;
};
