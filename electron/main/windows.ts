// The two windows (issue 4 §1, issue 5 §1): the cashier window, and the customer window that
// follows the monitors. Placement decisions are pure (placement.ts); this file applies them.
// Both windows get the rules of security.ts. The customer window never takes the focus from the
// cashier: it is shown inactive, and unfocusable when full-screen on its own monitor.
import { BrowserWindow, screen, type Display, type WebContents } from 'electron';
import type { Logger } from '../core/ports';
import type { AppPaths } from './paths';
import {
  decidePlacement,
  displayMatching,
  windowedBounds,
  type CurrentCustomerWindow,
  type CustomerDisplayChoice,
  type PlacementAction,
  type Rect,
  type ScreenLayout,
} from './placement';
import { hardenWebContents, secureWebPreferences } from './security';
import type { PlacementStore } from './stores';

const CUSTOMER_WINDOW_TITLE = 'Écran client';

function loadPage(window: BrowserWindow, page: string, log?: Logger): void {
  window.loadFile(page).catch((error: unknown) => log?.error('page failed to load', { page, error: String(error) }));
}

export function createCashierWindow(paths: AppPaths, log?: Logger): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 600,
    show: false,
    title: 'Chèque-Vacances Connect — Caisse',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(paths.cashierPreload),
  });
  hardenWebContents(window.webContents, log);
  window.once('ready-to-show', () => window.show());
  loadPage(window, paths.cashierPage, log);
  return window;
}

/** Brings the cashier window to the front (a second `npm start`, a click on the dock icon). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function toLayout(displays: Display[], primary: Display): ScreenLayout {
  return {
    displays: displays.map(({ id, bounds, workArea }) => ({ id, bounds, workArea })),
    primaryId: primary.id,
  };
}

export interface CustomerWindows {
  /** The customer window's webContents, or null while there is none. */
  contents(): WebContents | null;
  /** Applies the placement rules now (at start, after a settings change). Display events call it too. */
  place(): Promise<void>;
  /** "Écran client": shows the customer window, opening a normal one where there is no automatic one. */
  openWindowed(): Promise<void>;
  /** Stops following the monitors and closes the window. */
  dispose(): void;
}

export function createCustomerWindows(options: {
  paths: AppPaths;
  choice: () => CustomerDisplayChoice;
  placements: PlacementStore;
  log?: Logger;
}): CustomerWindows {
  const { paths, placements, log } = options;
  let window: BrowserWindow | null = null;
  let mode: CurrentCustomerWindow['mode'] = 'fullscreen';
  let displayId = 0;
  /** The display bounds a full-screen window was opened for: what the OS reports back may differ slightly. */
  let placedBounds: Rect = { x: 0, y: 0, width: 0, height: 0 };
  let disposed = false;

  const layout = () => toLayout(screen.getAllDisplays(), screen.getPrimaryDisplay());
  const alive = (): BrowserWindow | null => (window && !window.isDestroyed() ? window : null);

  const current = (): CurrentCustomerWindow | null => {
    const existing = alive();
    if (!existing) return null;
    return { mode, displayId, bounds: mode === 'fullscreen' ? placedBounds : existing.getBounds() };
  };

  const saveWindowed = (shown: BrowserWindow) => {
    if (shown.isDestroyed()) return;
    const bounds = shown.getBounds();
    const display = displayMatching(layout(), bounds);
    if (display) placements.save({ displayId: display.id, bounds });
  };

  const open = (kind: CurrentCustomerWindow['mode'], bounds: Rect, onDisplay: number) => {
    alive()?.destroy();
    const fullscreen = kind === 'fullscreen';
    const created = new BrowserWindow({
      ...bounds,
      title: CUSTOMER_WINDOW_TITLE,
      show: false,
      backgroundColor: '#000000',
      autoHideMenuBar: true,
      ...(fullscreen
        ? {
            frame: false,
            fullscreen: true,
            // macOS: the pre-Lion full screen stays on its monitor, without a Space of its own.
            simpleFullscreen: true,
            focusable: false,
            skipTaskbar: true,
            resizable: false,
            movable: false,
            minimizable: false,
            maximizable: false,
          }
        : { minWidth: 320, minHeight: 240 }),
      webPreferences: secureWebPreferences(paths.customerPreload),
    });
    hardenWebContents(created.webContents, log);
    created.once('ready-to-show', () => created.showInactive());
    created.on('closed', () => {
      if (window === created) window = null;
    });
    if (!fullscreen) {
      created.on('moved', () => saveWindowed(created));
      created.on('resized', () => saveWindowed(created));
      created.on('close', () => saveWindowed(created));
    }
    window = created;
    mode = kind;
    displayId = onDisplay;
    placedBounds = bounds;
    if (fullscreen) placements.save({ displayId: onDisplay, bounds });
    loadPage(created, paths.customerPage, log);
  };

  const apply = (action: PlacementAction) => {
    switch (action.kind) {
      case 'keep':
        return;
      case 'close':
        alive()?.close();
        return;
      case 'open-fullscreen':
        log?.info('customer window full-screen', { displayId: action.displayId });
        open('fullscreen', action.bounds, action.displayId);
        return;
      case 'move': {
        const existing = alive();
        if (!existing) return;
        // A full-screen window follows its monitor's new size by being opened again there.
        if (mode === 'fullscreen') open('fullscreen', action.bounds, displayId);
        else existing.setBounds(action.bounds);
        return;
      }
      default: {
        const unreachable: never = action;
        return unreachable;
      }
    }
  };

  // Display events can come in bursts (a dock plugged in): decisions run one after another.
  let queue: Promise<void> = Promise.resolve();
  const place = (): Promise<void> => {
    queue = queue
      .then(() => {
        if (disposed) return;
        apply(decidePlacement(current(), layout(), options.choice(), placements.load()));
      })
      .catch((error: unknown) => log?.error('customer window placement failed', { error: String(error) }));
    return queue;
  };

  const onDisplaysChanged = () => void place();
  screen.on('display-added', onDisplaysChanged);
  screen.on('display-removed', onDisplaysChanged);
  screen.on('display-metrics-changed', onDisplaysChanged);

  return {
    contents: () => alive()?.webContents ?? null,
    place,
    async openWindowed() {
      await queue;
      const existing = alive();
      if (existing) {
        if (existing.isMinimized()) existing.restore();
        existing.showInactive();
        return;
      }
      const desk = layout();
      const bounds = windowedBounds(desk, placements.load());
      open('windowed', bounds, displayMatching(desk, bounds)?.id ?? desk.primaryId);
    },
    dispose() {
      disposed = true;
      screen.removeListener('display-added', onDisplaysChanged);
      screen.removeListener('display-removed', onDisplaysChanged);
      screen.removeListener('display-metrics-changed', onDisplaysChanged);
      alive()?.close();
    },
  };
}
