// Which URLs the shell trusts (STYLE.md §7, like Actual's trusted-url.ts): our own two pages,
// and the few ANCV sites a cashier may be sent to in the system browser.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

/** External sites the cashier screens link to: the merchant space (unlock a locked account) and ANCV. */
export const EXTERNAL_LINK_ORIGINS: readonly string[] = ['https://espace-ptl.ancv.fr', 'https://www.ancv.com'];

/** Opened in the system browser only if it is https on an allow-listed origin, with no credentials. */
export function isAllowedExternalLink(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && EXTERNAL_LINK_ORIGINS.includes(url.origin);
}

export function fileUrlOf(path: string): string {
  return pathToFileURL(resolve(path)).href;
}

function comparablePath(path: string, platform: NodeJS.Platform): string {
  const normal = resolve(path);
  // Windows paths are case-insensitive and Chromium may spell the drive letter differently.
  return platform === 'win32' ? normal.toLowerCase() : normal;
}

/**
 * Whether a frame URL is exactly our page at `pagePath` (query and hash ignored: the page may use
 * them). Compared as file paths so percent-encoding differences between Node and Chromium
 * (spaces, "è" in a folder name) do not matter.
 */
export function isOurPage(frameUrl: string, pagePath: string, platform: NodeJS.Platform = process.platform): boolean {
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'file:' || (url.host !== '' && url.host !== 'localhost')) return false;
  let path: string;
  try {
    path = fileURLToPath(new URL(url.pathname, 'file://'));
  } catch {
    return false;
  }
  return comparablePath(path, platform) === comparablePath(pagePath, platform);
}
