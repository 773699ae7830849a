// The payment platform: the first start (« Mode démonstration » or « Ma plateforme », the
// connection tested), the login by API keys on Worldline Direct (its test server), and the
// platform in Paramètres.
import { spawnCompanion, type CompanionProcess } from '../../support/companion-process';
import { tempDir } from '../../support/companion';
import { FAKE_MERCHANT, startWorldlineFake } from '../../support/worldline-fake/server';
import type { ShotSuite } from '../shot-context';

export const platformShots: ShotSuite = async ({ newPage, shoot }) => {
  const files: string[] = [];
  const folders = [tempDir('cvc-shots-platform-'), tempDir('cvc-shots-platform-')];
  const fake = await startWorldlineFake();
  const hosts: CompanionProcess[] = [];
  try {
    // A first start: no platform option, an empty data folder.
    const first = await spawnCompanion({ dataDir: folders[0]!.path, args: [] });
    hosts.push(first);
    const sandboxUrl = /Plateforme\s*: (http:\/\/127\.0\.0\.1:\d+) \(sandbox\)/.exec(first.output())![1]!;
    const page = await newPage();
    await page.goto(`${first.url}/?token=${first.token}`);
    await page.getByRole('heading', { name: 'Bienvenue' }).waitFor();
    files.push(await shoot(page, 'platform-01-first-start'));

    const own = page.getByRole('region', { name: 'Ma plateforme' });
    await own.getByLabel('Adresse de la plateforme').fill(sandboxUrl);
    await own.getByRole('button', { name: 'Tester la connexion' }).click();
    await own.getByText(/Connexion réussie/).waitFor();
    files.push(await shoot(page, 'platform-02-first-start-tested'));

    await own.getByRole('radio', { name: /Worldline Direct/ }).click();
    await own.getByLabel('Identifiant marchand (PSPID)').fill(FAKE_MERCHANT.merchantId);
    await own.getByLabel('Identifiant de la clé API').fill(FAKE_MERCHANT.apiKeyId);
    await own.getByLabel('Clé API secrète').fill(FAKE_MERCHANT.secretApiKey);
    files.push(await shoot(page, 'platform-03-first-start-worldline'));

    // Worldline Direct (its test server) chosen on the command line: the login asks for the keys.
    const worldline = await spawnCompanion({
      dataDir: folders[1]!.path,
      args: ['--platform', 'worldline-direct', '--worldline-test-server', fake.url],
    });
    hosts.push(worldline);
    const cashier = await newPage();
    await cashier.goto(`${worldline.url}/?token=${worldline.token}`);
    await cashier.getByRole('heading', { name: 'Connexion' }).waitFor();
    files.push(await shoot(cashier, 'platform-04-worldline-login'));
    await cashier.getByLabel('Identifiant marchand (PSPID)').fill(FAKE_MERCHANT.merchantId);
    await cashier.getByLabel('Identifiant de la clé API').fill(FAKE_MERCHANT.apiKeyId);
    await cashier.getByLabel('Clé API secrète').fill(FAKE_MERCHANT.secretApiKey);
    await cashier.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await cashier.getByLabel('Montant demandé', { exact: true }).waitFor();

    await cashier.getByRole('button', { name: 'Paramètres', exact: true }).click();
    await cashier.getByRole('heading', { name: 'Paramètres' }).waitFor();
    const platform = cashier.getByRole('group', { name: 'Plateforme Chèque-Vacances Connect' });
    await platform.scrollIntoViewIfNeeded();
    files.push(await shoot(cashier, 'platform-05-settings-worldline'));
    await platform.getByRole('button', { name: 'Tester la connexion' }).click();
    await platform.getByText(/Connexion réussie/).waitFor();
    files.push(await shoot(cashier, 'platform-06-settings-tested'));
  } finally {
    for (const host of hosts) await host.stop().catch(() => undefined);
    await fake.close();
    for (const folder of folders) folder.remove();
  }
  return files;
};
