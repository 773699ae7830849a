// One end-to-end fixture per test file: the real headless host (`electron/host/cli.ts --sandbox`,
// a child process on a free loopback port, its own temp data folder) and one Chromium. Each test
// opens its own browser context (fresh sessionStorage) on the cashier URL with the token.
import net from 'node:net';
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
  /** A fresh browser context on the cashier URL; closed by `close()`. `initScript` runs in the
   *  page before its own scripts (to watch what the page does, such as playing a sound). */
  openCashier(path?: string, options?: { initScript?: string }): Promise<CashierPage>;
  /** Stops the host and starts it again on the same data folder (other options allowed). */
  restart(args: string[]): Promise<void>;
  /** The host's port, to start it again where the open pages expect it. */
  port(): number;
  close(): Promise<void>;
}

/** A loopback port free right now (for a process that must come back on the same one). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startCashierHost(
  options: {
    args?: string[];
    browser?: Browser;
    /** A platform of the test's own (its own process): the host then runs without --sandbox, on
     *  `--platform-url url` unless `args` say otherwise (e.g. Worldline Direct's test server). */
    platform?: { url: string; customerUrl: string; args?: string[] };
    /** Run without --token/--display-token: the host keeps its own in the data folder. */
    persistedTokens?: boolean;
  } = {},
): Promise<CashierHost> {
  requireBuiltRenderer();
  const dir = tempDir('cvc-e2e-');
  const platformArgs = options.platform ? (options.platform.args ?? ['--platform-url', options.platform.url]) : ['--sandbox'];
  const contexts: BrowserContext[] = [];
  let companion: CompanionProcess | null = null;
  let browser: Browser | null = options.browser ?? null;
  const ownBrowser = !options.browser;
  try {
    companion = await spawnCompanion({ dataDir: dir.path, args: [...platformArgs, ...(options.args ?? [])], persistedTokens: options.persistedTokens ?? false });
    browser ??= await launchChromium();
  } catch (error) {
    await companion?.stop();
    dir.remove();
    throw error;
  }
  const sandboxUrlOf = (running: CompanionProcess) => {
    if (options.platform) return options.platform.customerUrl;
    if (!running.sandboxUrl) throw new Error(`the host did not print its sandbox URL:\n${running.output()}`);
    return running.sandboxUrl;
  };

  const host: CashierHost = {
    companion,
    sandboxUrl: sandboxUrlOf(companion),
    browser,
    dataDir: dir.path,
    cashierUrl: () => `${host.companion.url}/?token=${host.companion.token}`,
    async openCashier(path = `/?token=${host.companion.token}`, openOptions = {}) {
      const context = await host.browser.newContext({ viewport: VIEWPORT, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
      contexts.push(context);
      if (openOptions.initScript) await context.addInitScript(openOptions.initScript);
      const page = await context.newPage();
      const watch = watchPage(page);
      await page.goto(`${host.companion.url}${path}`);
      return { page, watch };
    },
    async restart(args) {
      await host.companion.stop();
      host.companion = await spawnCompanion({ dataDir: dir.path, args: [...platformArgs, ...args], persistedTokens: options.persistedTokens ?? false });
      host.sandboxUrl = sandboxUrlOf(host.companion);
    },
    port: () => Number(new URL(host.companion.url).port),
    async close() {
      for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
      if (ownBrowser) await host.browser.close().catch(() => undefined);
      await host.companion.stop();
      dir.remove();
    },
  };
  return host;
}
