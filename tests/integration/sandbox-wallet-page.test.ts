// The sandbox's wallet page (the simulated customer app): served with a strict CSP and no
// outside assets, and — in a real Chromium — a customer opens a QR link, lowers the amount and
// pays, and the merchant's request is validated with what was paid.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

let sandbox: TestSandbox;
let token: string;
let browser: Browser;
let page: Page;
let cspViolations: string[];

beforeAll(async () => {
  sandbox = await startTestSandbox();
  token = await sandbox.api.token();
  browser = await launchChromium();
});

afterEach(async () => {
  await page?.close();
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

async function openPage(url: string): Promise<Page> {
  page = await browser.newPage();
  cspViolations = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(url);
  return page;
}

describe('served page', () => {
  it('is served with a strict Content-Security-Policy and no outside or inline code', async () => {
    const response = await sandbox.api.call('GET', '/wallet');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.text).not.toMatch(/https?:\/\//);
    expect(response.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(response.text).not.toMatch(/\son[a-z]+=|\sstyle=/i);
    expect(response.text).toContain('<option value="demo-wallet-1">');
    expect(response.text).toContain('<option value="demo-wallet-low">');
    expect(response.text).toContain('Payer');

    const script = await sandbox.api.call('GET', '/wallet/wallet.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const style = await sandbox.api.call('GET', '/wallet/wallet.css');
    expect(style.headers.get('content-type')).toMatch(/^text\/css/);
    expect(script.text + style.text).not.toMatch(/https?:\/\//);
  });
});

describe('in Chromium', () => {
  it('opens a QR link, shows the request, and pays part of it', async () => {
    const request = await sandbox.api.create(token, { amount: 2000, basketNumber: 'REF253', label: 'Emplacement 12' });
    const customer = await openPage(request.qrPayload);

    await customer.locator('#merchant', { hasText: 'Camping des Pins' }).waitFor();
    expect(await customer.locator('#basket').textContent()).toBe('REF253');
    expect(await customer.locator('#label').textContent()).toBe('Emplacement 12');
    expect(await customer.locator('#requested').textContent()).toMatch(/^20,00\s€$/);
    expect(await customer.locator('#status').textContent()).toBe('En attente de paiement');
    expect(await customer.locator('#amount').inputValue()).toBe('20,00');
    await customer.locator('#balance', { hasText: '500,00' }).waitFor();

    await customer.locator('#amount').fill('12,50');
    await customer.getByRole('button', { name: 'Payer' }).click();
    const message = customer.locator('#message.ok');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/Paiement validé : 12,50\s€ payés à Camping des Pins\. .*reste \(7,50\s€\)/);
    expect(await customer.locator('#status').textContent()).toBe('Validé');

    expect(await sandbox.api.get(token, request.id)).toMatchObject({ status: 'validated', amountReceived: 1250 });
    expect((await sandbox.api.wallet('demo-wallet-1')).balance).toBe(50_000 - 1250);
    expect(cspViolations).toEqual([]);
  });

  it('says in French when the balance is too low, and the request stays pending', async () => {
    const request = await sandbox.api.create(token, { amount: 2000, basketNumber: 'REF254' });
    const customer = await openPage(request.qrPayload);
    await customer.locator('#merchant', { hasText: 'Camping des Pins' }).waitFor();
    await customer.locator('#wallet').selectOption('demo-wallet-low');
    await customer.locator('#balance', { hasText: '5,00' }).waitFor();
    await customer.getByRole('button', { name: 'Payer' }).click();
    await customer.locator('#message.error', { hasText: 'Solde insuffisant' }).waitFor();
    expect((await sandbox.api.get(token, request.id)).status).toBe('pending');
  });

  it('accepts a pasted payload, and says when a request is no longer payable', async () => {
    const request = await sandbox.api.create(token, { amount: 700, basketNumber: 'REF255' });
    await sandbox.api.cancel(token, request.id);
    const customer = await openPage(sandbox.walletPageUrl);
    await customer.locator('#payload').fill(request.qrPayload);
    await customer.getByRole('button', { name: 'Afficher la demande' }).click();
    await customer.locator('#status', { hasText: 'Annulé' }).waitFor();
    expect(await customer.getByRole('button', { name: 'Payer' }).isDisabled()).toBe(true);
    expect(await customer.locator('#message').textContent()).toContain('n’est plus en attente de paiement');

    await customer.locator('#payload').fill('https://exemple.invalid/wallet?qr=inconnu');
    await customer.getByRole('button', { name: 'Afficher la demande' }).click();
    await customer.locator('#message.error', { hasText: 'ne correspond à aucune demande' }).waitFor();
    expect(cspViolations).toEqual([]);
  });
});
