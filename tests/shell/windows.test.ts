// The customer window on a real-looking desk (issue 5 §1): full-screen on the second monitor,
// following monitors as they come and go, never taking the focus from the cashier; with one
// monitor, "Écran client" opens a normal window that comes back where the cashier left it.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { appPaths, type AppPaths } from '../../electron/main/paths';
import type { CustomerDisplayChoice, SavedPlacement } from '../../electron/main/placement';
import { placementStoreFrom, type KeyValueStore } from '../../electron/main/stores';
import { createCashierWindow, createCustomerWindows, type CustomerWindows } from '../../electron/main/windows';
import { removeTempDirs, tempDir } from './helpers';
import { BrowserWindow, resetStandIn, screen, standInDisplay } from './stand-in-electron';

const SECOND = standInDisplay(2, { x: 1920, y: 0, width: 1280, height: 1024 });
const THIRD = standInDisplay(3, { x: -1024, y: 0, width: 1024, height: 768 });

function mapStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: (key) => data.get(key), set: (key, value) => void data.set(key, structuredClone(value)) };
}

describe('customer window', () => {
  let paths: AppPaths;
  let store: ReturnType<typeof mapStore>;
  let choice: CustomerDisplayChoice;
  let cashier: BrowserWindow;
  let customerWindows: CustomerWindows;

  const customerWindow = () => BrowserWindow.getAllWindows().find((window) => window !== cashier);
  const ready = (window: BrowserWindow) => vi.waitFor(() => expect(window.visible, 'the window to be shown').toBe(true), { timeout: 2_000, interval: 10 });

  function start() {
    cashier = createCashierWindow(paths) as unknown as BrowserWindow;
    customerWindows = createCustomerWindows({ paths, choice: () => choice, placements: placementStoreFrom(store) });
    return customerWindows.place();
  }

  beforeEach(() => {
    resetStandIn();
    paths = appPaths(tempDir('windows'));
    store = mapStore();
    choice = { enabled: true, displayId: null };
  });
  afterEach(() => {
    customerWindows.dispose();
    resetStandIn();
  });

  it('opens no customer window by itself on a single-monitor till, and the cashier window gets the focus', async () => {
    await start();
    expect(customerWindow()).toBeUndefined();
    await ready(cashier);
    expect(cashier.focused).toBe(true);
  });

  it('puts a frameless, unfocusable, full-screen window on the second monitor without taking the focus', async () => {
    screen.plug(SECOND);
    await start();
    const window = customerWindow();
    if (!window) throw new Error('no customer window');
    expect(window.options).toMatchObject({
      ...SECOND.bounds,
      frame: false,
      fullscreen: true,
      focusable: false,
      skipTaskbar: true,
      show: false,
    });
    await ready(cashier);
    await ready(window);
    expect(window.shownInactive).toBe(true);
    expect(window.focused).toBe(false);
    expect(cashier.focused).toBe(true);
  });

  it('follows monitors plugged in, resized and unplugged while the app runs', async () => {
    await start();
    screen.plug(SECOND);
    const first = await vi.waitFor(() => {
      const window = customerWindow();
      expect(window, 'the customer window on the new monitor').toBeDefined();
      return window!;
    }, { timeout: 2_000, interval: 10 });
    expect(first.getBounds()).toEqual(SECOND.bounds);

    const bigger = standInDisplay(2, { x: 1920, y: 0, width: 1920, height: 1080 });
    screen.change(bigger);
    const resized = await vi.waitFor(() => {
      const window = customerWindow();
      expect(window ?? first, 'the customer window to follow the new resolution').not.toBe(first);
      return window!;
    }, { timeout: 2_000, interval: 10 });
    expect(resized.getBounds()).toEqual(bigger.bounds);
    expect(first.isDestroyed()).toBe(true);

    screen.unplug(2);
    await vi.waitFor(() => expect(resized.isDestroyed(), 'the customer window to close with its monitor').toBe(true), { timeout: 2_000, interval: 10 });
    expect(customerWindow()).toBeUndefined();
    expect(cashier.isDestroyed()).toBe(false);
  });

  it('uses the monitor picked in the settings, and re-places when the settings change', async () => {
    screen.plug(SECOND);
    screen.plug(THIRD);
    choice = { enabled: true, displayId: 3 };
    await start();
    expect(customerWindow()?.getBounds()).toEqual(THIRD.bounds);

    choice = { enabled: false, displayId: 3 };
    await customerWindows.place();
    expect(customerWindow()).toBeUndefined();
  });

  it('opens "Écran client" as a normal window on a single-monitor till, without taking the focus', async () => {
    await start();
    await ready(cashier);
    await customerWindows.openWindowed();
    const window = customerWindow();
    if (!window) throw new Error('no customer window');
    expect(window.options.frame).not.toBe(false);
    expect(window.focusable).toBe(true);
    expect(window.options.fullscreen).toBeUndefined();
    await ready(window);
    expect(window.shownInactive).toBe(true);
    expect(cashier.focused).toBe(true);
    expect(customerWindows.contents()).toBe(window.webContents);

    await customerWindows.openWindowed();
    expect(BrowserWindow.getAllWindows()).toHaveLength(2);
  });

  it('opens "Écran client" even when the automatic window is turned off', async () => {
    choice = { enabled: false, displayId: null };
    await start();
    await customerWindows.openWindowed();
    expect(customerWindow()).toBeDefined();
  });

  it('re-opens the normal window where the cashier left it, if that place is still on a monitor', async () => {
    await start();
    await customerWindows.openWindowed();
    const first = customerWindow() as BrowserWindow;
    first.setBounds({ x: 100, y: 80, width: 700, height: 500 });
    first.emit('moved');
    first.close();
    expect(store.data.get('customerWindow')).toEqual({ displayId: 1, bounds: { x: 100, y: 80, width: 700, height: 500 } });

    await customerWindows.openWindowed();
    expect(customerWindow()?.getBounds()).toEqual({ x: 100, y: 80, width: 700, height: 500 });
  });

  it('does not reuse a saved place whose monitor is gone', async () => {
    const onGoneMonitor: SavedPlacement = { displayId: 2, bounds: { x: 2000, y: 100, width: 700, height: 500 } };
    store.set('customerWindow', onGoneMonitor);
    await start();
    await customerWindows.openWindowed();
    const bounds = customerWindow()?.getBounds();
    expect(bounds).toEqual({ x: 560, y: 220, width: 800, height: 600 });
  });

  it('goes back to the monitor it was on last time when it is plugged again', async () => {
    screen.plug(SECOND);
    screen.plug(THIRD);
    store.set('customerWindow', { displayId: 3, bounds: THIRD.bounds } satisfies SavedPlacement);
    await start();
    expect(customerWindow()?.getBounds()).toEqual(THIRD.bounds);
  });

  it('turns the normal window into the full-screen one when a second monitor is plugged', async () => {
    await start();
    await customerWindows.openWindowed();
    const windowed = customerWindow() as BrowserWindow;
    screen.plug(SECOND);
    const fullscreen = await vi.waitFor(() => {
      const window = customerWindow();
      expect(window ?? windowed, 'the full-screen window').not.toBe(windowed);
      return window!;
    }, { timeout: 2_000, interval: 10 });
    expect(windowed.isDestroyed()).toBe(true);
    expect(fullscreen.options).toMatchObject({ frame: false, focusable: false, ...SECOND.bounds });
  });

  it('stops following the monitors once disposed', async () => {
    await start();
    customerWindows.dispose();
    expect(screen.listenerCount('display-added')).toBe(0);
    screen.plug(SECOND);
    await customerWindows.place();
    expect(customerWindow()).toBeUndefined();
  });

  it('creates no window before it is asked to place one (no window at import)', () => {
    cashier = createCashierWindow(paths) as unknown as BrowserWindow;
    customerWindows = createCustomerWindows({ paths, choice: () => choice, placements: placementStoreFrom(store) });
    expect(BrowserWindow.getAllWindows()).toEqual([cashier as unknown as ElectronWindow]);
  });
});

afterAll(removeTempDirs);
