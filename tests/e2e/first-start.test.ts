// The first start in Chromium, against the real headless host started with no platform option on
// an empty data folder: the demo sandbox runs while nobody has chosen, the cashier page asks
// « Mode démonstration » or « Ma plateforme », and « Ma plateforme » (a server of the API v1,
// another real process here) is saved only after « Tester la connexion » passed. The choice is
// kept for the next start; the operation log is not touched. Every step passes axe-core.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { operationCount, tempDir } from '../support/companion';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';
import { spawnSandbox } from '../support/sandbox-process';
import { seriousViolations } from './support/axe';
import { requireBuiltRenderer } from './support/built-renderer';
import { DEMO, logIn } from './support/cashier-actions';
import { VIEWPORT } from './support/cashier-host';

let dir: ReturnType<typeof tempDir>;
let companion: CompanionProcess | null = null;
let server: Awaited<ReturnType<typeof spawnSandbox>>;
let browser: Browser;

beforeAll(async () => {
  requireBuiltRenderer();
  dir = tempDir('cvc-e2e-first-start-');
  server = await spawnSandbox([]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await companion?.stop();
  await server?.stop();
  dir?.remove();
});

async function openCashier(running: CompanionProcess) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  await page.goto(`${running.url}/?token=${running.token}`);
  return { context, page };
}

describe('the first start', () => {
  it('asks which platform, tests « Ma plateforme » before saving it, and keeps the choice for the next start', async () => {
    companion = await spawnCompanion({ dataDir: dir.path, args: [] });
    expect(companion.output()).toMatch(/Plateforme\s*: http:\/\/127\.0\.0\.1:\d+ \(sandbox\)/);
    // The demo runs meanwhile: a request made on it stays in the log whatever is chosen next.
    await companion.call('session.login', DEMO);
    await companion.call('payments.create', { amount: 1000, basketNumber: 'DEMO-1' });
    await companion.call('session.logout', {});
    const { context, page } = await openCashier(companion);
    await page.getByRole('heading', { name: 'Bienvenue' }).waitFor();
    expect(await page.getByLabel('Numéro de convention', { exact: true }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    const own = page.getByRole('region', { name: 'Ma plateforme' });
    await own.getByLabel('Adresse de la plateforme').fill(server.url);
    await own.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await own.getByText('Testez la connexion avec ces valeurs avant d’enregistrer.').waitFor();
    expect(existsSettings()).toBe(false);

    await own.getByRole('button', { name: 'Tester la connexion' }).click();
    await own.getByText(`Connexion réussie : ${server.url}.`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await own.getByRole('button', { name: 'Enregistrer et continuer' }).click();

    // The login of that platform: a convention number and password, no demo credentials.
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await page.getByText('Identifiants de démonstration').count()).toBe(0);
    expect(await page.getByText('Mode démonstration — plateforme simulée').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir.path, 'settings.json'), 'utf8'))).toMatchObject({ platform: 'api-v1', platformUrl: server.url });
    await logIn(page);
    await context.close();

    // Next start: that platform, no question; the demo's request still in the log.
    await companion.stop();
    companion = await spawnCompanion({ dataDir: dir.path, args: [] });
    expect(companion.output()).toContain(`Plateforme    : ${server.url} (API v1)`);
    const next = await openCashier(companion);
    await next.page.getByRole('heading', { name: 'Connexion' }).or(next.page.getByLabel('Montant demandé', { exact: true })).first().waitFor();
    expect(await next.page.getByRole('heading', { name: 'Bienvenue' }).count()).toBe(0);
    await next.context.close();
    expect(operationCount(join(dir.path, 'operations.sqlite3'))).toBe(1);
  });
});

function existsSettings(): boolean {
  try {
    readFileSync(join(dir.path, 'settings.json'));
    return true;
  } catch {
    return false;
  }
}
