// The till's panel in Chromium against the real headless host (`--caisse-ap`), its sandbox and an
// Odoo-style till over TCP: a partial payment shows « Paiement partiel … — la caisse attend » on
// the cashier screen, the cashier asks the rest in Chèque-Vacances (the till then gets the whole
// amount) or has it paid otherwise (the screen says to record the 15,00 € on the till by hand
// until « C’est fait »). Checked with axe-core at each step.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Operation } from '../../electron/common/contract';
import { payAsCustomer } from '../support/companion';
import { odooSendPayment, type OdooVerdict } from '../support/odoo-caisse-ap-peer';
import { ensureLoggedIn, FOLLOW_MS } from './support/cashier-actions';
import { startCashierHost, type CashierHost } from './support/cashier-host';
import { patience } from '../support/patience';
import { caisseApPortOf } from '../support/companion-process';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let host: CashierHost;
let tillPort: number;

beforeAll(async () => {
  host = await startCashierHost({ args: ['--caisse-ap', '127.0.0.1:0'] });
  tillPort = caisseApPortOf(host.companion.output());
});

afterAll(async () => {
  await host?.close();
});

/** axe-core's violations in the till panel as it is now (evaluated through the debugger: the
 *  page's CSP stays strict). */
async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = (await page.evaluate(`${AXE_SOURCE}\n;axe.run({ include: [['.till-panel']] }, { resultTypes: ['violations'] })`)) as {
    violations: Array<{ id: string; nodes: Array<{ target: string[] }> }>;
  };
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The till's latest request as the companion has it (the Odoo till sends no basket number). */
function tillRequest(status: Operation['status'], followUpOf: string | null = null): Promise<Operation> {
  return vi.waitFor(async () => {
    const { body } = await host.companion.call('operations.list', { status: status === 'pending' ? 'pending' : 'all', limit: 10 });
    const found = (body.value.items as Operation[]).find((op) => op.origin === 'caisse-ap' && op.status === status && op.followUpOf === followUpOf);
    expect(found).toBeDefined();
    return found!;
  }, patience(FOLLOW_MS));
}

async function partialOnScreen(page: Page): Promise<{ verdict: Promise<OdooVerdict>; first: Operation }> {
  const verdict = odooSendPayment({ port: tillPort, amount: 20, posTimeoutMs: 120_000 });
  const first = await tillRequest('pending');
  await payAsCustomer(host.sandboxUrl, first.qrPayload!, 1500);
  const panel = page.getByRole('region', { name: 'Caisse (Caisse-AP)' });
  await panel.getByRole('alert').filter({ hasText: /^Paiement partiel : 15,00\s€ reçus, reste 5,00\s€ — la caisse attend$/ }).waitFor({ timeout: FOLLOW_MS });
  return { verdict, first };
}

describe('the till panel in Chromium', () => {
  it('asks the rest in Chèque-Vacances from the keyboard: the till gets the whole amount', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    const { verdict, first } = await partialOnScreen(page);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Demander le reste en Chèque-Vacances' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/Reste de 5,00\s€ demandé en Chèque-Vacances \(15,00\s€ déjà reçus\)/).waitFor({ timeout: FOLLOW_MS });
    const rest = await tillRequest('pending', first.id);
    expect(rest.amountRequested).toBe(500);
    await payAsCustomer(host.sandboxUrl, rest.qrPayload!, 500);

    expect(await verdict).toMatchObject({ paymentStatus: 'success' });
    await page.getByRole('region', { name: 'Caisse (Caisse-AP)' }).waitFor({ state: 'detached', timeout: FOLLOW_MS });
    expect(watch.problems).toEqual([]);
  });

  it('« Le reste sera payé autrement »: the till is told, the screen says to record 15,00 € by hand until « C’est fait »', async () => {
    const { page, watch } = await host.openCashier();
    await ensureLoggedIn(page);
    // Another screen: the panel is there too.
    await page.getByRole('button', { name: 'Mes opérations' }).click();
    const { verdict } = await partialOnScreen(page);

    await page.getByRole('button', { name: 'Le reste sera payé autrement' }).click();
    expect(await verdict).toMatchObject({ paymentStatus: 'failure' });
    const todo = page.getByRole('region', { name: 'Caisse (Caisse-AP)' }).getByRole('alert');
    await todo.getByText(/Enregistrez à la main 15,00\s€ de Chèque-Vacances sur la caisse\./).waitFor({ timeout: FOLLOW_MS });
    expect(await accessibilityViolations(page)).toEqual([]);

    // Until then the till cannot ask again.
    expect((await odooSendPayment({ port: tillPort, amount: 20, posTimeoutMs: 120_000 })).errorMessage).toBe('The payment transaction has failed: Non aboutie');
    await todo.getByRole('button', { name: 'C’est fait' }).click();
    await page.getByRole('region', { name: 'Caisse (Caisse-AP)' }).waitFor({ state: 'detached', timeout: FOLLOW_MS });
    expect(watch.problems).toEqual([]);
  });
});
