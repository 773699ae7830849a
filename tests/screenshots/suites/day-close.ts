// The day close: « Clôture de journée » with a partial payment and its rest, a refused attempt, a
// pending and a cancelled request; the same report as printed (A4, then 80 mm); the check against
// the platform with another till's request; the customer's receipt on 80 mm paper; the receipt
// settings; and « Mes opérations » with the other tills.
import type { Operation } from '../../../electron/common/contract';
import { payAsCustomer } from '../../support/companion';
import { SandboxApi } from '../../support/sandbox';
import { goToOperations, logIn, recap, waitForStatus } from '../../e2e/support/cashier-actions';
import type { ShotSuite } from '../shot-context';

export const dayCloseShots: ShotSuite = async ({ startHost, newPage, shoot }) => {
  const host = await startHost();
  const page = await newPage();
  const files: string[] = [];
  const create = async (input: Record<string, unknown>) => (await host.call('payments.create', input)).body;
  const paid = async (id: string) => {
    for (let i = 0; i < 100; i++) {
      const { body } = await host.call('payments.get', { id });
      if (body.ok && body.value.status === 'validated') return body.value as Operation;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${id} was not validated`);
  };

  await page.goto(`${host.url}/?token=${host.token}`);
  await logIn(page);
  const first = (await create({ amount: 2000, basketNumber: 'REF253', sellerId: 'V1', label: 'Emplacement 12' })).value as Operation;
  await payAsCustomer(host.sandboxUrl, first.qrPayload!, 1500);
  await paid(first.id);
  const rest = (await create({ amount: 500, basketNumber: 'REF253', followUpOf: first.id, sellerId: 'V1' })).value as Operation;
  await payAsCustomer(host.sandboxUrl, rest.qrPayload!, 500);
  await paid(rest.id);
  const full = (await create({ amount: 4590, basketNumber: 'REF254', sellerId: 'V2' })).value as Operation;
  await payAsCustomer(host.sandboxUrl, full.qrPayload!, 4590);
  await paid(full.id);
  await create({ amount: 1200, basketNumber: 'REF255' });
  await create({ amount: 1200, basketNumber: 'REF255' }); // refused: already pending
  const cancelled = (await create({ amount: 800, basketNumber: 'REF256' })).value as Operation;
  await host.call('payments.cancel', { id: cancelled.id });
  // Another till of the same merchant takes a payment.
  const platform = new SandboxApi(host.sandboxUrl);
  const token = await platform.token();
  const other = await platform.create(token, { amount: 3500, basketNumber: 'CAISSE2-1', sellerId: 'V3' });
  await platform.pay(other.qrPayload, 'demo-wallet-1', 3500);

  // The cashier has seen the outcomes announced meanwhile: the report is what this shot is about.
  const seen = page.getByRole('button', { name: 'J’ai vu' });
  await seen.first().waitFor();
  while ((await seen.count()) > 0) await seen.first().click();
  await page.getByRole('navigation').getByRole('button', { name: 'Clôture de journée', exact: true }).click();
  await page.getByRole('table', { name: 'Paniers' }).waitFor();
  files.push(await shoot(page, 'dayclose-01-report', { fullPage: true }));

  await page.getByLabel(/Compter aussi les autres caisses/).check();
  await page.getByRole('button', { name: 'Afficher' }).click();
  await page.getByText(/Autres caisses comptées/).waitFor();
  await page.getByRole('button', { name: 'Vérifier avec la plateforme' }).click();
  const check = page.getByRole('heading', { name: /différence/ });
  await check.waitFor();
  await check.scrollIntoViewIfNeeded();
  files.push(await shoot(page, 'dayclose-02-other-tills-and-check'));

  await page.emulateMedia({ media: 'print' });
  files.push(await shoot(page, 'dayclose-03-print-a4'));
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'Ticket 80 mm' }).click();
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 320, height: 800 });
  files.push(await shoot(page, 'dayclose-04-print-80mm'));
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The receipt of REF253, from its recap.
  await goToOperations(page);
  await page.evaluate('window.print = () => undefined');
  await page.getByRole('listitem').filter({ hasText: 'REF253' }).filter({ hasText: /Demandé :\s*20,00/ }).getByRole('button').click();
  await waitForStatus(page, 'Validé');
  files.push(await shoot(page, 'dayclose-05-recap-print-receipt'));
  await recap(page).getByRole('button', { name: 'Imprimer le ticket' }).click();
  await page.locator('.receipt-paper').waitFor({ state: 'attached' });
  await page.evaluate(`document.documentElement.dataset.print = 'receipt'`);
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 320, height: 640 });
  files.push(await shoot(page, 'dayclose-06-receipt-80mm'));
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(`delete document.documentElement.dataset.print`);
  await page.setViewportSize({ width: 1280, height: 800 });

  await goToOperations(page);
  await page.getByRole('button', { name: 'Voir les opérations des autres caisses' }).click();
  const otherTill = page.getByRole('listitem').filter({ hasText: 'CAISSE2-1' });
  await otherTill.waitFor();
  await otherTill.scrollIntoViewIfNeeded();
  files.push(await shoot(page, 'dayclose-07-operations-other-tills'));

  await page.getByRole('button', { name: 'Paramètres', exact: true }).click();
  const receiptSettings = page.getByRole('group', { name: 'Ticket client' });
  await receiptSettings.waitFor();
  await receiptSettings.scrollIntoViewIfNeeded();
  files.push(await shoot(page, 'dayclose-08-settings-receipt'));
  return files;
};
