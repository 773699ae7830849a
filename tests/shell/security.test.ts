// Window rules (issue 4 §1, STYLE.md §7): each window's webPreferences, navigation and new
// windows denied, external links only to the allow-list, permissions denied, CSP header.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { appPaths, type AppPaths } from '../../electron/main/paths';
import { CONTENT_SECURITY_POLICY } from '../../electron/common/content-security-policy';
import { hardenSession, hardenWebContents } from '../../electron/main/security';
import type { PlacementStore } from '../../electron/main/stores';
import { createCashierWindow, createCustomerWindows, type CustomerWindows } from '../../electron/main/windows';
import { removeTempDirs, tempDir } from './helpers';
import {
  BrowserWindow,
  resetStandIn,
  screen,
  session,
  shell,
  standInDisplay,
  StandInWebContents,
} from './stand-in-electron';

function memoryPlacements(): PlacementStore {
  let saved: ReturnType<PlacementStore['load']> = null;
  return { load: () => saved, save: (placement) => void (saved = placement) };
}

function standIn(window: ElectronWindow): BrowserWindow {
  return window as unknown as BrowserWindow;
}

describe('window security', () => {
  let paths: AppPaths;
  let customerWindows: CustomerWindows | null = null;

  beforeEach(() => {
    resetStandIn();
    paths = appPaths(tempDir('security'));
  });
  afterEach(() => {
    customerWindows?.dispose();
    customerWindows = null;
    resetStandIn();
  });

  async function allWindows(): Promise<{ cashier: BrowserWindow; fullscreen: BrowserWindow; windowed: BrowserWindow }> {
    const cashier = standIn(createCashierWindow(paths));
    screen.plug(standInDisplay(2, { x: 1920, y: 0, width: 1280, height: 1024 }));
    customerWindows = createCustomerWindows({ paths, choice: () => ({ enabled: true, displayId: null }), placements: memoryPlacements() });
    await customerWindows.place();
    const fullscreen = BrowserWindow.getAllWindows().find((window) => window !== cashier);
    screen.unplug(2);
    await customerWindows.place();
    await customerWindows.openWindowed();
    const windowed = BrowserWindow.getAllWindows().find((window) => window !== cashier);
    if (!fullscreen || !windowed) throw new Error('customer windows were not created');
    return { cashier, fullscreen, windowed };
  }

  it('gives each window an isolated, sandboxed renderer without Node, and its own preload', async () => {
    const { cashier, fullscreen, windowed } = await allWindows();
    const expected = {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    };
    expect(cashier.options.webPreferences).toMatchObject({ ...expected, preload: paths.cashierPreload });
    expect(fullscreen.options.webPreferences).toMatchObject({ ...expected, preload: paths.customerPreload });
    expect(windowed.options.webPreferences).toMatchObject({ ...expected, preload: paths.customerPreload });
    expect(cashier.loadedFile).toBe(paths.cashierPage);
    expect(fullscreen.loadedFile).toBe(paths.customerPage);
    expect(windowed.loadedFile).toBe(paths.customerPage);
  });

  it('denies navigation, redirects, webviews and new windows in every window', async () => {
    for (const window of Object.values(await allWindows())) {
      const contents = window.webContents;
      expect(contents.tryNavigate('https://evil.example/')).toBe(false);
      expect(contents.tryNavigate('file:///etc/passwd')).toBe(false);
      expect(contents.tryNavigate('https://espace-ptl.ancv.fr/')).toBe(false);
      expect(contents.tryRedirect('https://evil.example/')).toBe(false);
      expect(contents.tryAttachWebview()).toBe(false);
      expect(contents.tryOpenWindow('https://evil.example/')).toBe(false);
      expect(contents.tryOpenWindow('https://www.ancv.com/')).toBe(false);
    }
  });

  it('opens allow-listed links in the system browser, and nothing else', async () => {
    const { cashier } = await allWindows();
    const contents = cashier.webContents;
    contents.tryOpenWindow('https://espace-ptl.ancv.fr/');
    contents.tryNavigate('https://www.ancv.com/cheques-vacances');
    for (const refused of [
      'https://evil.example/',
      'http://espace-ptl.ancv.fr/',
      'https://espace-ptl.ancv.fr.evil.example/',
      'https://user:secret@espace-ptl.ancv.fr/',
      'https://espace-ptl.ancv.fr:8443/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'not a url',
    ]) {
      contents.tryOpenWindow(refused);
      contents.tryNavigate(refused);
    }
    expect(shell.opened).toEqual(['https://espace-ptl.ancv.fr/', 'https://www.ancv.com/cheques-vacances']);
  });

  it('hardens a webContents once even when both the app-wide guard and the window factory ask', () => {
    const contents = new StandInWebContents();
    hardenWebContents(contents as never);
    hardenWebContents(contents as never);
    contents.tryOpenWindow('https://www.ancv.com/');
    expect(shell.opened).toEqual(['https://www.ancv.com/']);
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });

  it('denies every permission request and check', () => {
    hardenSession(session.defaultSession as never);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      session.defaultSession.permissionRequestHandler?.({}, permission, (granted) => answers.push(granted));
      answers.push(session.defaultSession.permissionCheckHandler?.({}, permission) ?? true);
    }
    expect(answers).toHaveLength(10);
    expect(answers.every((granted) => granted === false)).toBe(true);
  });

  it('adds the strict CSP header to anything not loaded from file://', () => {
    hardenSession(session.defaultSession as never);
    const listener = session.defaultSession.headersReceived;
    if (!listener) throw new Error('no onHeadersReceived listener');
    const responses: Array<{ responseHeaders?: Record<string, string[]> }> = [];
    listener({ url: 'https://example.org/x.js', responseHeaders: { 'Content-Type': ['text/javascript'] } }, (response) =>
      responses.push(response),
    );
    listener({ url: 'file:///app/dist/renderer/index.html' }, (response) => responses.push(response));
    expect(responses[0]?.responseHeaders).toEqual({
      'Content-Type': ['text/javascript'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(responses[1]).toEqual({});
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });
});

afterAll(removeTempDirs);
