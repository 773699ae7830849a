// Window rules in one place (STYLE.md §7, issue 4 §1): isolated, sandboxed renderers without
// Node; no navigation, no new windows, no permissions; a strict CSP; external links only to the
// allow-list, in the system browser. Both windows (cashier and customer) go through here.
import { shell, type Session, type WebContents, type WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../common/content-security-policy';
import type { Logger } from '../core/ports';
import { isAllowedExternalLink } from './trusted-url';


export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

function openExternally(url: string, log: Logger | undefined): void {
  if (!isAllowedExternalLink(url)) {
    log?.warn('external link refused (not on the allow-list)', { url });
    return;
  }
  shell.openExternal(url).catch((error: unknown) => log?.warn('could not open external link', { url, error: String(error) }));
}

const hardened = new WeakSet<WebContents>();

/**
 * Denies every navigation and new window; an allow-listed link (a `target=_blank` link or a
 * plain one) opens in the system browser instead. Idempotent: the app-wide guard and the window
 * factory may both call it.
 */
export function hardenWebContents(contents: WebContents, log?: Logger): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  // Electron emits will-frame-navigate (any frame) first and, unless it was prevented,
  // will-navigate (main frame): the link is handled in the first, the second is a backstop.
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    if (event.isMainFrame) openExternally(event.url, log);
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url, log);
    return { action: 'deny' };
  });
}

/** No camera, microphone, notifications, geolocation…: a till screen needs none of them. */
export function hardenSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.webRequest.onHeadersReceived((details, callback) => {
    if (details.url.startsWith('file:')) {
      callback({});
      return;
    }
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}
