// « Clôture de journée », the customer's receipt and the other tills in a real Chromium against
// the real headless host and its sandbox platform: the true totals on screen, the page as printed
// (print media, A4 and 80 mm, Chromium's page.pdf()), the CSV downloaded, « Imprimer le ticket »,
// and another till's request marked « Autre caisse ». Accessibility checked with axe-core.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Operation } from '../../electron/common/contract';
import { parisDay } from '../../electron/common/dates';
import { payAsCustomer } from '../support/companion';
import { SandboxApi } from '../support/sandbox';
import { accessibilityViolations } from './support/accessibility';
import { ensureLoggedIn, goToOperations, recap, waitForStatus } from './support/cashier-actions';
import { startCashierHost, type CashierHost } from './support/cashier-host';
import { PATIENCE, patience } from '../support/patience';

let host: CashierHost;
let partial: Operation;

async function create(input: Record<string, unknown>): Promise<{ status: number; body: any }> {
  return host.companion.call('payments.create', input);
}

async function settled(id: string): Promise<Operation> {
  return vi.waitFor(async () => {
    const { body } = await host.companion.call('payments.get', { id });
    expect(body).toMatchObject({ ok: true, value: { status: 'validated' } });
    return body.value as Operation;
  }, patience(15_000));
}

beforeAll(async () => {
  host = await startCashierHost();
});

afterAll(async () => {
  await host?.close();
});

/** The page's size in PDF points, from Chromium's page.pdf() with the page's own @page size. */
async function pdfPageSize(page: Page): Promise<{ width: number; height: number; pages: number; bytes: Buffer }> {
  const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const text = bytes.toString('latin1');
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
  if (!box) throw new Error('no MediaBox in the PDF');
  return { width: Number(box[1]), height: Number(box[2]), pages: (text.match(/\/Type\s*\/Page\b/g) ?? []).length, bytes };
}

const MM = 72 / 25.4;

/** A table row as its cells read, one space between cells. */
async function row(page: Page, table: string, header: string): Promise<string> {
  const cells = await page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: header, exact: true }) })
    .locator('th, td')
    .allTextContents();
  return cells.map((cell) => cell.replace(/\s+/g, ' ').trim()).join(' ');
}

describe('« Clôture de journée » in Chromium', () => {
  it('shows the true totals, prints A4 and 80 mm, and downloads the CSV', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);

    // 20 € asked once for DC-1, paid 15 € then the rest; a refused retry while DC-2 is pending.
    const first = (await create({ amount: 2000, basketNumber: 'DC-1', sellerId: 'V1' })).body.value as Operation;
    await payAsCustomer(host.sandboxUrl, first.qrPayload!, 1500);
    partial = await settled(first.id);
    const rest = (await create({ amount: 500, basketNumber: 'DC-1', followUpOf: first.id, sellerId: 'V1' })).body.value as Operation;
    await payAsCustomer(host.sandboxUrl, rest.qrPayload!, 500);
    await settled(rest.id);
    await create({ amount: 950, basketNumber: 'DC-2' });
    expect((await create({ amount: 950, basketNumber: 'DC-2' })).body).toMatchObject({ ok: false, error: { code: 'basket_in_progress' } });

    await page.getByRole('navigation').getByRole('button', { name: 'Clôture de journée', exact: true }).click();
    const today = parisDay().split('-').reverse().join('/');
    const report = page.getByRole('article', { name: `Clôture du ${today}` });
    await report.waitFor();
    expect(await row(page, 'Demandes de paiement', 'Toutes les demandes')).toBe('Toutes les demandes 3 34,50 € 20,00 €');
    expect(await row(page, 'Demandes de paiement', 'Tentatives refusées')).toMatch(/^Tentatives refusées 1 /);
    expect(await row(page, 'Paniers', 'Paniers')).toBe('Paniers 2');
    expect(await row(page, 'Paniers', 'Montant demandé (une fois par panier)')).toBe('Montant demandé (une fois par panier) 29,50 €');
    expect(await row(page, 'Paniers', 'Réglés en totalité')).toBe('Réglés en totalité 1');
    expect(await row(page, 'Par vendeur', 'V1')).toBe('V1 2 25,00 € 20,00 € 2 0');
    expect(await accessibilityViolations(page, '.app-main')).toEqual([]);

    // On paper: the report alone (no bar, no form, no buttons), A4 by default.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.locator('.day-close-form').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Exporter en CSV' }).isVisible()).toBe(false);
    expect(await report.isVisible()).toBe(true);
    const a4 = await pdfPageSize(page);
    expect(a4.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a4.width).toBeCloseTo(210 * MM, -1);
    expect(a4.height).toBeCloseTo(297 * MM, -1);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Ticket 80 mm' }).click();
    await page.emulateMedia({ media: 'print' });
    const ticket = await pdfPageSize(page);
    expect(ticket.width).toBeCloseTo(80 * MM, -1);
    await page.emulateMedia({ media: 'screen' });

    // The CSV as a browser downloads it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`cheque-vacances-connect_${parisDay()}.csv`);
    const csv = readFileSync((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^Date de création;Date de mise à jour;Statut;N° de panier;Montant demandé;Montant reçu;/);
    expect(lines.filter((line) => line.includes(';DC-1;'))).toHaveLength(2);
    expect(lines.find((line) => line.includes(';Échec;DC-2;'))).toMatch(/;9,50;0,00;/);
    await page.getByText('Le fichier CSV est téléchargé.').waitFor();
    expect(watch.problems).toEqual([]);
  });

  it('prints the customer\'s receipt after a validated payment, alone on 80 mm paper', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    await goToOperations(page);
    await page.getByRole('listitem').filter({ hasText: 'DC-1' }).first().waitFor();
    // Open the partial payment's recap (the first request of DC-1).
    // The print dialog, recorded instead of shown: which layout was asked for.
    await page.evaluate(`window.prints = []; window.print = () => { window.prints.push(document.documentElement.dataset.print ?? 'page'); };`);
    const prints = () => page.evaluate('window.prints') as Promise<string[]>;
    const rows = page.getByRole('listitem').filter({ hasText: 'DC-1' });
    await rows.filter({ hasText: /Demandé :\s*20,00/ }).getByRole('button').click();
    await waitForStatus(page, 'Validé');
    await recap(page).getByRole('button', { name: 'Imprimer le ticket' }).click();
    await vi.waitFor(async () => expect(await prints()).toHaveLength(1), PATIENCE);
    expect(await prints()).toEqual(['receipt']);

    // Outside the app, shown on paper only.
    const paper = page.locator('body > .receipt-print .receipt-paper');
    expect(await paper.isVisible()).toBe(false);
    const text = (await paper.textContent()) ?? '';
    for (const expected of ['Camping des Pins', 'N° de convention : 643736001001', 'DC-1', partial.platformId!]) expect(text).toContain(expected);
    expect(text).toMatch(/Montant demandé\s*20,00\s€/);
    expect(text).toMatch(/Reçu en Chèque-Vacances Connect\s*20,00\s€/);

    // As the print dialog lays it out: the receipt alone, on 80 mm paper.
    await page.evaluate(`document.documentElement.dataset.print = 'receipt'`);
    await page.emulateMedia({ media: 'print' });
    expect(await paper.isVisible()).toBe(true);
    expect(await page.locator('.app-frame').isVisible()).toBe(false);
    const size = await pdfPageSize(page);
    expect(size.width).toBeCloseTo(80 * MM, -1);
    await page.emulateMedia({ media: 'screen' });
    expect(watch.problems).toEqual([]);
  });

  it('marks another till\'s request « Autre caisse » under « Mes opérations »', async () => {
    const platform = new SandboxApi(host.sandboxUrl);
    const token = await platform.token();
    await platform.create(token, { amount: 4200, basketNumber: 'OTHER-1' });

    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    await goToOperations(page);
    await page.getByRole('button', { name: 'Voir les opérations des autres caisses' }).click();
    const list = page.getByRole('list', { name: 'Toutes les caisses de la convention, aujourd’hui (plateforme)' });
    const other = list.getByRole('listitem').filter({ hasText: 'OTHER-1' });
    await other.waitFor();
    expect(await other.textContent()).toContain('Autre caisse');
    expect(await other.textContent()).toMatch(/Demandé :\s*42,00\s€/);
    expect(await list.getByRole('listitem').filter({ hasText: 'DC-2' }).textContent()).toContain('Cette caisse');
    expect(await accessibilityViolations(page, '.convention-panel')).toEqual([]);
    expect(watch.problems).toEqual([]);
  });
});
