// Electron loads the built cashier page from file://, not from a server: an absolute asset path
// ("/assets/…") works over HTTP and breaks there, leaving a blank window. Load dist/renderer the
// same way and check that every script and style loads and the start-up screen renders.
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { requireBuiltRenderer } from './support/built-renderer';
import { VIEWPORT } from './support/cashier-host';
import { watchPage, type PageWatch } from './support/page-watch';

let browser: Browser;
let context: BrowserContext | null = null;
const cashierUrl = () => pathToFileURL(requireBuiltRenderer()).href;

beforeAll(async () => {
  requireBuiltRenderer();
  // Plain Chromium refuses module scripts from a file:// page (each file is its own opaque
  // origin, and module scripts are fetched in CORS mode); Electron grants its file:// pages
  // that access, so this flag stands for what Electron does, nothing more.
  browser = await launchChromium(['--allow-file-access-from-files']);
});

afterEach(async () => {
  await context?.close();
  context = null;
});

afterAll(async () => {
  await browser?.close();
});

interface Loaded {
  page: Page;
  watch: PageWatch;
  /** Every file the page asked for, with how it ended. */
  files: Array<{ url: string; ok: boolean }>;
}

async function open(initScript?: string): Promise<Loaded> {
  context = await browser.newContext({ viewport: VIEWPORT });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const watch = watchPage(page);
  const files: Loaded['files'] = [];
  page.on('requestfinished', (request) => files.push({ url: request.url(), ok: true }));
  page.on('requestfailed', (request) => files.push({ url: request.url(), ok: false }));
  await page.goto(cashierUrl());
  return { page, watch, files };
}

/** The scripts and stylesheets the built page links to, as absolute URLs. */
async function linkedAssets(page: Page): Promise<string[]> {
  const scripts = await page.locator('script[src]').evaluateAll((nodes) => nodes.map((node) => (node as unknown as { src: string }).src));
  const styles = await page
    .locator('link[rel="stylesheet"], link[rel="modulepreload"]')
    .evaluateAll((nodes) => nodes.map((node) => (node as unknown as { href: string }).href));
  return [...scripts, ...styles];
}

describe('the built cashier page from file://, as Electron loads it', () => {
  it('loads every script and style by a relative path and shows its start-up screen', async () => {
    const { page, watch, files } = await open();
    // Without Electron's preload and without a token, the start-up screen explains how to get in.
    await page.getByRole('heading', { name: 'Accès au compagnon de caisse' }).waitFor();

    const assets = await linkedAssets(page);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      expect(asset.startsWith(pathToFileURL(`${requireBuiltRenderer()}/..`).href.replace(/\/?$/, '/'))).toBe(true);
      expect(files).toContainEqual({ url: asset, ok: true });
    }
    expect(files.filter((file) => !file.ok)).toEqual([]);
    // The stylesheet applied: the page background is the cashier theme's, not the browser's white.
    expect(await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')).toBe('rgb(238, 241, 244)');
    expect(watch.apiCalls).toEqual([]);
    expect(watch.problems).toEqual([]);
  });

  it('renders the login screen when a preload provides window.companion', async () => {
    // A stand-in for Electron's preload (the one part of Electron that cannot run here): just
    // enough of the contract for the start-up reads.
    const { page, watch } = await open(`
      window.companion = Object.freeze({
        session: { get: async () => ({ ok: true, value: {
          status: 'logged_out', merchant: null, expiresAt: null,
          platform: { mode: 'sandbox', url: 'http://127.0.0.1:9' } } }) },
        settings: { get: async () => ({ ok: false, error: { code: 'internal_error', message: 'stand-in' } }) },
        app: { about: async () => ({ ok: true, value: {
          version: '0.1.0', platformMode: 'sandbox', logFolder: null,
          demo: { conventionNumber: '643736001001', password: 'vacances2026' } } }) },
        on: () => () => undefined,
      });
    `);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await page.getByText('Mode démonstration — plateforme simulée').waitFor();
    await page.getByLabel('Numéro de convention', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Se connecter', exact: true }).waitFor();
    expect(watch.problems).toEqual([]);
  });
});
