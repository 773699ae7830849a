// `npm run screenshots`: a PNG of every screen, so a person can look at them without starting
// the app. It builds nothing itself (npm runs `npm run build` first), starts real headless hosts
// with their sandbox platform, drives Chromium at 1280×800 and writes to dist/screenshots/.
//
// Adding screens: write `tests/screenshots/suites/<name>.ts` exporting a `ShotSuite`
// (see ./shot-context.ts):
//
//   export const displayShots: ShotSuite = async ({ startHost, newPage, shoot }) => {
//     const host = await startHost();              // --sandbox, own temp folder, stopped for you
//     const page = await newPage();
//     await page.goto(`${host.url}/display?token=${host.displayToken}`);
//     return [await shoot(page, 'display-01-idle')];  // → dist/screenshots/display-01-idle.png
//   };
//
// then add one import line and one entry to SUITES below. File names start with the suite's
// name so suites never overwrite each other.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';
import { tempDir } from '../support/companion';
import { requireBuiltRenderer } from '../e2e/support/built-renderer';
import type { ShotContext, ShotSuite } from './shot-context';
import { cashierShots } from './suites/cashier';
import { counterShots } from './suites/counter';
import { dayCloseShots } from './suites/day-close';
import { displayShots } from './suites/display';
import { platformShots } from './suites/platform';
import { tillShots } from './suites/till';

const SUITES: Array<{ name: string; run: ShotSuite }> = [
  { name: 'cashier', run: cashierShots },
  { name: 'counter', run: counterShots },
  { name: 'display', run: displayShots },
  { name: 'dayclose', run: dayCloseShots },
  { name: 'platform', run: platformShots },
  { name: 'till', run: tillShots },
];

const OUT_DIR = resolve(import.meta.dirname, '../../dist/screenshots');
const VIEWPORT = { width: 1280, height: 800 };

async function main(): Promise<void> {
  requireBuiltRenderer();
  if (!process.argv.includes('--only')) rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });

  const browser = await launchChromium();
  const hosts: CompanionProcess[] = [];
  const folders: Array<{ remove(): void }> = [];
  const contexts: BrowserContext[] = [];
  const context: ShotContext = {
    outDir: OUT_DIR,
    browser,
    viewport: VIEWPORT,
    async startHost(args = []) {
      const dir = tempDir('cvc-shots-');
      folders.push(dir);
      const host = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox', ...args] });
      hosts.push(host);
      if (!host.sandboxUrl) throw new Error(`the host did not print its sandbox URL:\n${host.output()}`);
      return { ...host, sandboxUrl: host.sandboxUrl };
    },
    async newPage() {
      const browserContext = await browser.newContext({ viewport: VIEWPORT, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
      contexts.push(browserContext);
      return browserContext.newPage();
    },
    async shoot(page, name, options = {}) {
      const path = join(OUT_DIR, `${name}.png`);
      // Let fonts and the last render settle: screenshots wait for both.
      await page.evaluate('document.fonts.ready.then(() => true)');
      await page.screenshot({ path, animations: 'disabled', caret: 'hide', fullPage: options.fullPage ?? false });
      return path;
    },
  };

  // `npm run screenshots -- --only dayclose,display`: some suites only (the others' files are kept).
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt > 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',')) : null;
  const written: string[] = [];
  try {
    for (const suite of SUITES.filter((s) => !only || only.has(s.name))) {
      written.push(...(await suite.run(context)));
    }
  } finally {
    for (const browserContext of contexts) await browserContext.close().catch(() => undefined);
    await browser.close().catch(() => undefined);
    for (const host of hosts) await host.stop().catch(() => undefined);
    for (const dir of folders) dir.remove();
  }

  console.log(`Captures d’écran écrites dans ${OUT_DIR} :`);
  for (const path of written) console.log(`  ${path.slice(OUT_DIR.length + 1)}`);
}

main().catch((error) => {
  console.error(`Les captures d’écran ont échoué : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
