// Who may see the customer display, end to end in Chromium against the real headless companion:
// a page without a valid display token sees the pairing screen and nothing else, even while a
// request is waiting to be paid; the cashier screen's "Écran client" panel gives the pairing QR
// code and the short code; the code pairs the page; the display token cannot call the cashier's
// channels; a token the host no longer accepts sends the page back to pairing.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { tempDir } from '../support/companion';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';
import { requireBuiltRenderer } from './support/built-renderer';
import { DEMO } from './support/cashier-actions';

let dir: ReturnType<typeof tempDir>;
let companion: CompanionProcess;
let browser: Browser;
let context: BrowserContext;
let qrPayload: string;
const TOKEN_KEY = 'cv-connect.display-token';

beforeAll(async () => {
  requireBuiltRenderer();
  dir = tempDir('cvc-e2e-pairing-');
  companion = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox'] });
  await companion.call('session.login', DEMO);
  const created = await companion.call('payments.create', { amount: 2000, basketNumber: 'REF253', customerReference: 'Famille Martin' });
  qrPayload = created.body.value.qrPayload;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
});

afterAll(async () => {
  await browser?.close();
  await companion?.stop();
  dir?.remove();
});

/** The page's text, with French typography's no-break spaces read as plain ones. */
async function textOf(page: Page): Promise<string> {
  return (await page.locator('body').innerText()).replace(/[\u00a0\u202f]/g, ' ');
}

/** Everything a page without a valid token must not show. */
async function expectNothingOfThePayment(page: Page) {
  const text = await textOf(page);
  for (const secret of ['20,00', '€', 'REF253', 'Camping des Pins', 'Famille Martin', 'Payez avec']) expect(text).not.toContain(secret);
  expect(await page.locator('svg').count()).toBe(0);
}

/** The display token the page keeps for its tab. */
function storedToken(page: Page): Promise<string | null> {
  type Storage = { sessionStorage: { getItem(key: string): string | null } };
  return page.evaluate((key) => (globalThis as unknown as Storage).sessionStorage.getItem(key), TOKEN_KEY);
}

function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height)?.data ?? null;
}

async function pairingCode(): Promise<string> {
  const answer = await companion.call('display.pairing');
  return answer.body.value.code;
}

describe('a display page without a valid token', () => {
  it('shows only the pairing screen and never opens the display stream', async () => {
    const page = await context.newPage();
    const streamRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/display')) streamRequests.push(request.url());
    });
    await page.goto(`${companion.url}/display`);
    await page.getByLabel('Code d’appairage').waitFor();
    await expectNothingOfThePayment(page);
    expect(streamRequests).toEqual([]);
    await page.close();
  });

  it('with a wrong token: says it is no longer paired, shows nothing else, and takes the token out of the address bar', async () => {
    const page = await context.newPage();
    await page.goto(`${companion.url}/display?token=not-the-display-token`);
    await page.getByText('Cet écran n’est plus appairé').waitFor();
    await expectNothingOfThePayment(page);
    expect(page.url()).toBe(`${companion.url}/display`);
    expect(await storedToken(page)).toBeNull();
    await page.close();
  });
});

describe('pairing from the cashier screen', () => {
  it('"Écran client" shows the pairing QR code (the display URL with its token) and the short code', async () => {
    const cashier = await context.newPage();
    await cashier.setViewportSize({ width: 1280, height: 800 });
    await cashier.goto(`${companion.url}/?token=${companion.token}`);
    await cashier.getByRole('button', { name: 'Écran client' }).click();
    const dialog = cashier.getByRole('dialog', { name: 'Écran client' });
    await dialog.waitFor();
    const shownCode = (await dialog.getByLabel('Code d’appairage').innerText()).replace(/\s/g, '');
    expect(shownCode).toBe(await pairingCode());
    expect(await dialog.innerText()).toContain(`${companion.url}/display`);
    const decoded = decodeQr(await dialog.locator('.pairing-qr').screenshot());
    expect(decoded).toBe(`${companion.url}/display?token=${companion.displayToken}`);
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    await cashier.close();
  });

  it('pairs a page with the code, after refusing a wrong one, and stays paired across a reload', async () => {
    const page = await context.newPage();
    await page.goto(`${companion.url}/display`);
    const code = await pairingCode();
    const wrong = code === '000000' ? '000001' : '000000';
    await page.getByLabel('Code d’appairage').fill(wrong);
    await page.getByRole('button', { name: 'Appairer cet écran' }).click();
    await page.getByText('Code incorrect. Encore 4 essais.').waitFor();
    await expectNothingOfThePayment(page);

    await page.getByLabel('Code d’appairage').fill(code);
    await page.getByRole('button', { name: 'Appairer cet écran' }).click();
    const qr = page.locator('.qr svg');
    await qr.waitFor();
    expect(decodeQr(await page.screenshot())).toBe(qrPayload);
    expect(await storedToken(page)).toBe(companion.displayToken);

    await page.reload();
    await qr.waitFor();
    expect(page.url()).toBe(`${companion.url}/display`);
    expect(await textOf(page)).not.toContain('Famille Martin');
    await page.close();
  });

  it('gives the page a token that gets 403 on the cashier channels', async () => {
    const page = await context.newPage();
    await page.goto(`${companion.url}/display?token=${companion.displayToken}`);
    await page.locator('.qr svg').waitFor();
    const statuses = await page.evaluate(async (token) => {
      const call = async (channel: string) =>
        (await fetch(`/api/${channel}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })).status;
      return { session: await call('session.get'), list: await call('operations.list'), pairing: await call('display.pairing'), state: await call('display.get') };
    }, companion.displayToken);
    expect(statuses).toEqual({ session: 403, list: 403, pairing: 403, state: 200 });
    await page.close();
  });
});

describe('a host that no longer accepts the token', () => {
  it('sends a paired page back to the pairing screen, hiding the payment', async () => {
    const page = await context.newPage();
    await page.goto(`${companion.url}/display?token=${companion.displayToken}`);
    await page.locator('.qr svg').waitFor();

    // The same host restarted on the same port with another display token.
    const port = new URL(companion.url).port;
    await companion.stop();
    companion = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox', '--port', port], displayToken: 'another-display-token' });
    expect(companion.url).toBe(`http://127.0.0.1:${port}`);

    await page.getByText('Cet écran n’est plus appairé').waitFor({ timeout: 20_000 });
    await expectNothingOfThePayment(page);
    expect(await storedToken(page)).toBeNull();
    await page.close();
  });
});
