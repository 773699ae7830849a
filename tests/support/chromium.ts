// Chromium for end-to-end tests: Debian's, driven by playwright-core (never `playwright install`).
// Looked for in CHROMIUM_PATH, then /usr/bin/chromium, then Playwright's own download.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // Playwright has no browser of its own here: fine, we never download one.
  }
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found) {
    throw new Error(
      'Chromium introuvable : installez-le (`apt-get install -y chromium`) ou indiquez son chemin dans CHROMIUM_PATH. ' +
        `Cherché : ${candidates.filter(Boolean).join(', ')}.`,
    );
  }
  return found;
}

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
