// One end-to-end fixture per test file: the real headless host (`electron/host/cli.ts --sandbox`,
// a child process on a free loopback port, its own temp data folder) and one Chromium. Each test
// opens its own browser context (fresh sessionStorage) on the cashier URL with the token.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium';
import { spawnCompanion, type CompanionProcess } from '../../support/companion-process';
import { tempDir } from '../../support/companion';
import { requireBuiltRenderer } from './built-renderer';
import { watchPage, type PageWatch } from './page-watch';

/** The till's screen: big enough for the recap with its QR beside the details. */
export const VIEWPORT = { width: 1280, height: 800 };

export interface CashierPage {
  page: Page;
  watch: PageWatch;
}

export interface CashierHost {
  companion: CompanionProcess;
  /** The embedded sandbox platform, where the customer pays. */
  sandboxUrl: string;
  browser: Browser;
  dataDir: string;
  /** The cashier URL as `npm run serve` prints it (with the token). */
  cashierUrl(): string;
  /** A fresh browser context on the cashier URL; closed by `close()`. */
  openCashier(path?: string): Promise<CashierPage>;
  /** Stops the host and starts it again on the same data folder (other options allowed). */
  restart(args: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function startCashierHost(options: { args?: string[]; browser?: Browser } = {}): Promise<CashierHost> {
  requireBuiltRenderer();
  const dir = tempDir('cvc-e2e-');
  const contexts: BrowserContext[] = [];
  let companion: CompanionProcess | null = null;
  let browser: Browser | null = options.browser ?? null;
  const ownBrowser = !options.browser;
  try {
    companion = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox', ...(options.args ?? [])] });
    browser ??= await launchChromium();
  } catch (error) {
    await companion?.stop();
    dir.remove();
    throw error;
  }
  const sandboxUrlOf = (running: CompanionProcess) => {
    if (!running.sandboxUrl) throw new Error(`the host did not print its sandbox URL:\n${running.output()}`);
    return running.sandboxUrl;
  };

  const host: CashierHost = {
    companion,
    sandboxUrl: sandboxUrlOf(companion),
    browser,
    dataDir: dir.path,
    cashierUrl: () => `${host.companion.url}/?token=${host.companion.token}`,
    async openCashier(path = `/?token=${host.companion.token}`) {
      const context = await host.browser.newContext({ viewport: VIEWPORT, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
      contexts.push(context);
      const page = await context.newPage();
      const watch = watchPage(page);
      await page.goto(`${host.companion.url}${path}`);
      return { page, watch };
    },
    async restart(args) {
      await host.companion.stop();
      host.companion = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox', ...args] });
      host.sandboxUrl = sandboxUrlOf(host.companion);
    },
    async close() {
      for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
      if (ownBrowser) await host.browser.close().catch(() => undefined);
      await host.companion.stop();
      dir.remove();
    },
  };
  return host;
}
