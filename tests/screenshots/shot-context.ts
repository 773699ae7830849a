// What a screenshot suite gets from `npm run screenshots` (tests/screenshots/run.ts), and what it
// gives back: the PNG files it wrote.
import type { Browser, Page } from 'playwright-core';
import type { CompanionProcess } from '../support/companion-process';

export interface ShotHost extends CompanionProcess {
  /** The embedded sandbox platform (where the customer pays, and its /sandbox admin routes). */
  sandboxUrl: string;
}

export interface ShotContext {
  /** Where the PNGs go (dist/screenshots); emptied once before the first suite. */
  outDir: string;
  browser: Browser;
  viewport: { width: number; height: number };
  /** A headless host (`--sandbox` plus `args`) in its own temp data folder; stopped by run.ts at the end. */
  startHost(args?: string[]): Promise<ShotHost>;
  /** A page in a fresh browser context (own sessionStorage) at the viewport, French, Paris time. */
  newPage(): Promise<Page>;
  /** Writes the page as `<name>.png` in outDir; returns the file's path. */
  /** `fullPage`: the whole scrollable page (a long report), not only the 1280×800 window. */
  shoot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
}

/** One group of screens (the cashier's, the customer display's…): returns the files it wrote. */
export type ShotSuite = (context: ShotContext) => Promise<string[]>;
