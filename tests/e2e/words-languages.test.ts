// One voice for words, in Chromium against the real headless host (`--caisse-ap`) and its sandbox:
// the cashier picks English; a till's refused request and a platform refusal then read in English
// on the cashier screen (worded from their codes, not from the core's French fallback), while the
// customer display, which has its own language, stays French; its own setting in « Paramètres »
// then switches it to English, live. Checked with axe-core.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendTillRequest } from '../../electron/caisse-ap/till-client';
import { encodeFields } from '../../electron/caisse-ap/protocol';
import { seriousViolations } from './support/axe';
import { ensureLoggedIn, FOLLOW_MS } from './support/cashier-actions';
import { startCashierHost, VIEWPORT, type CashierHost } from './support/cashier-host';
import { caisseApPortOf } from '../support/companion-process';

let host: CashierHost;
let tillPort: number;

beforeAll(async () => {
  host = await startCashierHost({ args: ['--caisse-ap', '127.0.0.1:0'] });
  tillPort = caisseApPortOf(host.companion.output());
});

afterAll(async () => {
  await host?.close();
});

/** A debit from the till, over the per-request ceiling: refused before the platform is asked. */
function tillDebitOverCeiling() {
  const tags = { CZ: '0320', CJ: '012345678901', CA: '01', CD: '0', CE: '978', CB: '1000001', CF: 'BIG-1' };
  const chunk = encodeFields(Object.entries(tags).map(([tag, value]) => ({ tag, value })));
  return sendTillRequest({ port: tillPort, chunks: [chunk], timeoutMs: FOLLOW_MS });
}

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function displayText(display: Page): Promise<string> {
  return plain(await display.locator('body').innerText());
}

describe('the cashier’s language and the customer display’s', () => {
  it('words notices and failures in English for the cashier, the display staying French until its own setting changes', async () => {
    const { page } = await host.openCashier();
    await ensureLoggedIn(page);
    const displayContext = await host.browser.newContext({ viewport: VIEWPORT });
    const display = await displayContext.newPage();
    try {
      await display.goto(`${host.companion.url}/display?token=${host.companion.displayToken}`);
      await display.getByText('Payez avec vos Chèques-Vacances Connect').waitFor({ timeout: FOLLOW_MS });

      await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
      await page.getByLabel('Amount requested', { exact: true }).waitFor({ timeout: FOLLOW_MS });

      // A till notice, worded from its code and params in the cashier's language.
      const answer = await tillDebitOverCeiling();
      expect(answer.get('AF')).toBe('04');
      const notices = page.getByRole('region', { name: 'Messages from the till' });
      await notices.getByRole('alert').filter({ hasText: 'Request from the till refused: amount above the ceiling of €10,000.00 per request.' }).waitFor({ timeout: FOLLOW_MS });
      expect(plain(await notices.innerText())).not.toMatch(/refusée|plafond/);

      // A request made elsewhere (the local API) holds basket WORDS-1: the customer display shows
      // it in French, whatever the cashier's language.
      const held = await host.companion.call('payments.create', { amount: 2000, basketNumber: 'WORDS-1' });
      expect(held.body).toMatchObject({ ok: true });
      await display.getByText('Montant à payer').waitFor({ timeout: FOLLOW_MS });
      expect(await displayText(display)).toContain('20,00 €');
      expect(await displayText(display)).toContain("Ouvrez votre App' Chèque-Vacances et scannez ce QR code");
      expect(await display.evaluate('document.documentElement.lang')).toBe('fr');

      // A failure from the core (the platform refuses a second request for that basket), in English.
      await page.getByLabel('Amount requested', { exact: true }).fill('12.50');
      await page.getByLabel('Basket number', { exact: true }).fill('WORDS-1');
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page.getByText('A payment request is already pending for this basket number.').waitFor({ timeout: FOLLOW_MS });
      expect(await seriousViolations(page)).toEqual([]);
      expect(await displayText(display)).toContain('Montant à payer');

      // The display's own language, in Settings: it follows at once, without a reload.
      await display.evaluate(() => ((globalThis as unknown as { samePage: boolean }).samePage = true));
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      const choice = page.getByRole('group', { name: 'Customer display language' });
      await choice.getByRole('radio', { name: 'English' }).check();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Settings saved.').waitFor({ timeout: FOLLOW_MS });
      await display.getByText('Amount to pay').waitFor({ timeout: FOLLOW_MS });
      expect(await displayText(display)).toContain('€20.00');
      expect(await displayText(display)).toContain('Open your Chèque-Vacances app and scan this QR code');
      expect(await display.evaluate('document.documentElement.lang')).toBe('en');
      expect(await display.evaluate(() => (globalThis as unknown as { samePage?: boolean }).samePage)).toBe(true);
      expect(await seriousViolations(display)).toEqual([]);

      // The cashier going back to French leaves the display in its own language.
      await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Français' }).click();
      await page.getByRole('heading', { name: 'Paramètres', level: 2 }).waitFor({ timeout: FOLLOW_MS });
      expect(await page.getByRole('group', { name: 'Langue de l’écran client' }).getByRole('radio', { name: 'English' }).isChecked()).toBe(true);
      expect(await displayText(display)).toContain('Amount to pay');
    } finally {
      await displayContext.close();
    }
  });
});
