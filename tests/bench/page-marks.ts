// Times taken inside the pages, on the machine's wall clock: a MutationObserver installed before
// the page's own scripts records when each watched element appears (the DOM change the user is
// about to see), and a capturing listener records when "Je continue" is clicked. The bench waits
// for a mark with a promise the page settles when the mark is recorded: no polling in the page (a
// `waitForFunction` polls on every animation frame, which made both pages draw frames and take
// CPU from the very work being timed).
import type { Page } from 'playwright-core';

/** The machine's wall clock in high resolution, as the pages read it too. */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}

/** An element to watch: it "appears" when the selector starts matching, or when its identity
 *  (an attribute or text of another element) changes while it matches. */
interface Probe {
  name: string;
  selector: string;
  identity?: { selector: string; attribute?: string };
}

/** What the bench watches on the cashier page. */
const CASHIER_PROBES: Probe[] = [
  // The recap's own QR, named after the basket.
  { name: 'qr', selector: '.recap .qr-frame svg', identity: { selector: '.recap .qr-frame', attribute: 'aria-label' } },
  // "Statut : Validé" in the recap; the first field of the recap is the basket number.
  { name: 'validated', selector: '.recap .recap-status .badge-validated', identity: { selector: '.recap .fields dd' } },
];

/** What the bench watches on the customer display. */
const DISPLAY_PROBES: Probe[] = [
  { name: 'qr', selector: 'main[data-phase="payment"] .qr svg', identity: { selector: 'main[data-phase="payment"] .qr', attribute: 'aria-label' } },
  // "Paiement validé — merci !" with "… reçus": the amount tells one payment from the next.
  { name: 'validated', selector: 'main[data-phase="validated"]', identity: { selector: 'main[data-phase="validated"] .big-line' } },
];

/** What the cold start watches on the cashier page: the login form's button, usable. */
const LOGIN_PROBES: Probe[] = [{ name: 'login', selector: '.login-card form.login-form button[type="submit"]:not([disabled])' }];

export interface PageMark {
  name: string;
  identity: string;
  /** The page's wall clock (timeOrigin + now) when it appeared. */
  at: number;
}

interface MarkWaiter {
  name: string;
  ending: string;
  resolve(at: number): void;
}

interface MarkBook {
  marks: PageMark[];
  waiters: MarkWaiter[];
  add(mark: PageMark): void;
  /** The page time of the first mark `name` whose identity ends with `ending`, once it exists. */
  wait(name: string, ending: string, timeoutMs: number): Promise<number>;
}

/** The little of the DOM the script uses (the Node-side tsconfig has no DOM types). */
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
}
interface PageGlobals {
  __benchMarks: MarkBook;
  document: { querySelector(selector: string): PageElement | null };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void };
  addEventListener(type: 'click', listener: (event: { target: PageElement | null }) => void, options: { capture: boolean }): void;
}

/** Runs in the page, before its scripts, on every load. Must be self-contained (serialised). */
function markBookScript(probes: Probe[]): void {
  const page = globalThis as unknown as PageGlobals;
  const document = page.document;
  const now = () => performance.timeOrigin + performance.now();
  const book: MarkBook = {
    marks: [],
    waiters: [],
    add(mark) {
      book.marks.push(mark);
      book.waiters = book.waiters.filter((waiter) => {
        if (waiter.name !== mark.name || !mark.identity.endsWith(waiter.ending)) return true;
        waiter.resolve(mark.at);
        return false;
      });
    },
    wait(name, ending, timeoutMs) {
      return new Promise<number>((resolve, reject) => {
        const found = book.marks.find((mark) => mark.name === name && mark.identity.endsWith(ending));
        if (found) return resolve(found.at);
        const timer = setTimeout(() => reject(new Error(`no mark "${name}" ending with "${ending}" within ${timeoutMs} ms`)), timeoutMs);
        book.waiters.push({
          name,
          ending,
          resolve(at) {
            clearTimeout(timer);
            resolve(at);
          },
        });
      });
    },
  };
  page.__benchMarks = book;
  const last = new Map<string, string | null>();
  const look = () => {
    const at = now();
    for (const probe of probes) {
      const element = document.querySelector(probe.selector);
      let identity: string | null = null;
      if (element) {
        const source = probe.identity ? document.querySelector(probe.identity.selector) : element;
        identity = (probe.identity?.attribute ? source?.getAttribute(probe.identity.attribute) : source?.textContent) ?? '';
      }
      if (identity !== null && identity !== last.get(probe.name)) book.add({ name: probe.name, identity, at });
      last.set(probe.name, identity);
    }
  };
  new page.MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  // The click itself, before React's handler on the root sees it.
  page.addEventListener(
    'click',
    (event) => {
      const button = event.target?.closest?.('button');
      if (button?.textContent?.trim() === 'Je continue') book.add({ name: 'continue', identity: '', at: now() });
    },
    { capture: true },
  );
}

/** The script as text: tsx keeps function names by wrapping them in a `__name` helper that
 *  does not exist in the page, so the page gets a stand-in for it. */
function initScript(probes: Probe[]): string {
  return `(() => { const __name = (f) => f; (${markBookScript.toString()})(${JSON.stringify(probes)}); })();`;
}

export async function installCashierMarks(page: Page): Promise<void> {
  await page.addInitScript({ content: initScript(CASHIER_PROBES) });
}

export async function installLoginMarks(target: Pick<Page, 'addInitScript'>): Promise<void> {
  await target.addInitScript({ content: initScript(LOGIN_PROBES) });
}

export async function installDisplayMarks(page: Page): Promise<void> {
  await page.addInitScript({ content: initScript(DISPLAY_PROBES) });
}

/** Forgets the marks so far (what is on screen stays known: it will not "appear" again). */
export async function clearMarks(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { __benchMarks: MarkBook }).__benchMarks.marks.length = 0;
  });
}

/**
 * The page time of the first mark `name` since the last clear whose identity ends with
 * `identityEndsWith` (a basket number ends the QR's name), waiting for it up to `timeoutMs`.
 */
export async function waitForMark(page: Page, name: string, identityEndsWith = '', timeoutMs = 15_000): Promise<number> {
  return page.evaluate(
    (wanted) => (globalThis as unknown as { __benchMarks: MarkBook }).__benchMarks.wait(wanted.name, wanted.ending, wanted.timeoutMs),
    { name, ending: identityEndsWith, timeoutMs },
  );
}

/**
 * Page clock minus bench clock. Both read the same wall clock, so this should be ~0; it is measured
 * (the closest of a few round trips) so a page whose time origin was taken on a clock that moved
 * since cannot bias the figures. Within the round trip's uncertainty it counts as 0.
 */
export async function clockOffset(page: Page): Promise<{ offsetMs: number; uncertaintyMs: number }> {
  let best = { offsetMs: 0, uncertaintyMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 7; i++) {
    const before = wallClock();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = wallClock();
    const uncertaintyMs = (after - before) / 2;
    if (uncertaintyMs < best.uncertaintyMs) best = { offsetMs: inPage - (before + after) / 2, uncertaintyMs };
  }
  return Math.abs(best.offsetMs) <= best.uncertaintyMs + 1 ? { offsetMs: 0, uncertaintyMs: best.uncertaintyMs } : best;
}
