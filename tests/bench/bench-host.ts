// What the browser parts of the bench run against: the real headless host as a child process
// (`electron/host/cli.ts --sandbox`, its embedded sandbox platform), Debian's Chromium with the
// customer display page and, when asked, the cashier page logged in through its own form. Both
// pages carry the bench's marks (page-marks.ts). `close()` ends every process and browser, and
// a start that fails half-way closes what it had opened.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { sandboxAdmin } from '../support/companion';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';
import { requireBuiltRenderer } from '../e2e/support/built-renderer';
import { DEMO, ensureLoggedIn } from '../e2e/support/cashier-actions';
import type { BenchContext } from './context';
import { clockOffset, installCashierMarks, installDisplayMarks } from './page-marks';

/** The customers' wallet: topped up so a full run never runs dry. */
export const BENCH_WALLET = 'bench-wallet';

export interface BenchHost {
  companion: CompanionProcess;
  sandboxUrl: string;
  dataDir: string;
  display: Page;
  /** The cashier page, when the part asked for one. */
  cashier: Page | null;
  /** Page clock minus bench clock (0 within the measurement's uncertainty). */
  offsets: { display: number; cashier: number };
  /** A local API call that must succeed: its value. */
  call<T = any>(channel: string, input?: unknown): Promise<T>;
  /** The offsets measured again, to report how far the clocks moved during the part. */
  clockDrift(): Promise<number>;
  close(): Promise<void>;
}

export async function startBenchHost(
  ctx: BenchContext,
  options: {
    name: string;
    args?: string[];
    cashierPage?: boolean;
    dataDir?: string;
    /** A platform of the bench's own instead of the embedded sandbox: the URL the host is given
     *  (a proxy, say) and the sandbox behind it (for the customer's payments and the switches). */
    platform?: { hostUrl: string; sandboxUrl: string };
  },
): Promise<BenchHost> {
  requireBuiltRenderer();
  const dataDir = options.dataDir ?? join(ctx.workDir, options.name);
  mkdirSync(dataDir, { recursive: true });
  let companion: CompanionProcess | null = null;
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await companion?.stop();
  };
  try {
    ctx.progress(`${options.name}: starting the headless host and Chromium…`);
    const platformArgs = options.platform ? ['--platform-url', options.platform.hostUrl] : ['--sandbox'];
    companion = await spawnCompanion({ dataDir, args: [...platformArgs, ...(options.args ?? [])] });
    const running = companion;
    const sandboxUrl = options.platform?.sandboxUrl ?? running.sandboxUrl;
    if (!sandboxUrl) throw new Error(`the host did not print its sandbox URL:\n${running.output()}`);
    await sandboxAdmin(sandboxUrl, '/sandbox/wallets', { walletId: BENCH_WALLET, balance: 1_000_000_000 });
    browser = await launchChromium();

    const displayContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const display = await displayContext.newPage();
    await installDisplayMarks(display);
    await display.goto(`${running.url}/display?token=${running.displayToken}`);
    await display.locator('main[data-phase]').waitFor();

    let cashier: Page | null = null;
    if (options.cashierPage) {
      const cashierContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
      cashier = await cashierContext.newPage();
      await installCashierMarks(cashier);
      await cashier.goto(`${running.url}/?token=${running.token}`);
      await ensureLoggedIn(cashier);
    } else {
      const login = await running.call('session.login', DEMO);
      if (!login.body.ok) throw new Error(`session.login: ${JSON.stringify(login.body)}`);
    }
    await display.getByRole('heading', { name: 'Camping des Pins' }).waitFor();

    const measureOffsets = async () => ({
      display: (await clockOffset(display)).offsetMs,
      cashier: cashier ? (await clockOffset(cashier)).offsetMs : 0,
    });
    const offsets = await measureOffsets();
    return {
      companion: running,
      sandboxUrl,
      dataDir,
      display,
      cashier,
      offsets,
      async call(channel, input = {}) {
        const { status, body } = await running.call(channel, input);
        if (!body?.ok) throw new Error(`${channel}: HTTP ${status} ${JSON.stringify(body)}`);
        return body.value;
      },
      async clockDrift() {
        const again = await measureOffsets();
        return Math.max(Math.abs(again.display - offsets.display), Math.abs(again.cashier - offsets.cashier));
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Cents as the cashier types them in "Montant demandé": 1234 → "12,34". */
export function typedEuros(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

/** A merchant's own login on the platform (for the bench's baselines, beside the companion's). */
export async function platformToken(sandboxUrl: string): Promise<string> {
  const response = await fetch(`${sandboxUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (!response.ok || !body.accessToken) throw new Error(`platform login: ${response.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

/** A pause that stands for a person (the customer taking out their phone), never for the software. */
export function humanPause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
