// Customer window placement (issue 5 §1) against a stand-in `screen`: a list of displays.
import { describe, expect, it } from 'vitest';
import {
  chooseCustomerDisplay,
  decidePlacement,
  displayMatching,
  isVisibleOn,
  windowedBounds,
  type CurrentCustomerWindow,
  type DisplayInfo,
  type ScreenLayout,
} from '../../electron/main/placement';

function display(id: number, x: number, y: number, width: number, height: number): DisplayInfo {
  // A 40 px taskbar at the bottom, as on a typical till.
  return { id, bounds: { x, y, width, height }, workArea: { x, y, width, height: height - 40 } };
}

const cashierScreen = display(1, 0, 0, 1920, 1080);
const customerScreen = display(2, 1920, 0, 1280, 1024);
const thirdScreen = display(3, -1024, 0, 1024, 768);

const one: ScreenLayout = { displays: [cashierScreen], primaryId: 1 };
const two: ScreenLayout = { displays: [cashierScreen, customerScreen], primaryId: 1 };
const three: ScreenLayout = { displays: [cashierScreen, customerScreen, thirdScreen], primaryId: 1 };

const automatic = { enabled: true, displayId: null };

describe('which display gets the customer window', () => {
  it('takes the first non-primary display', () => {
    expect(chooseCustomerDisplay(two, automatic, null)?.id).toBe(2);
    expect(chooseCustomerDisplay(three, automatic, null)?.id).toBe(2);
  });

  it('finds the non-primary display even when the primary is not listed first', () => {
    const layout: ScreenLayout = { displays: [customerScreen, cashierScreen], primaryId: 1 };
    expect(chooseCustomerDisplay(layout, automatic, null)?.id).toBe(2);
  });

  it('opens nothing by itself with a single monitor', () => {
    expect(chooseCustomerDisplay(one, automatic, null)).toBeNull();
    expect(decidePlacement(null, one, automatic, null)).toEqual({ kind: 'keep' });
  });

  it('opens nothing when the customer display is turned off in the settings', () => {
    expect(chooseCustomerDisplay(two, { enabled: false, displayId: null }, null)).toBeNull();
    expect(decidePlacement(null, two, { enabled: false, displayId: null }, null)).toEqual({ kind: 'keep' });
  });

  it('follows the display picked in the settings', () => {
    expect(chooseCustomerDisplay(three, { enabled: true, displayId: 3 }, null)?.id).toBe(3);
  });

  it('falls back to the first non-primary display when the picked one is unplugged', () => {
    expect(chooseCustomerDisplay(two, { enabled: true, displayId: 3 }, null)?.id).toBe(2);
  });

  it('never covers the cashier screen, even if the settings pick the primary display', () => {
    expect(chooseCustomerDisplay(two, { enabled: true, displayId: 1 }, null)?.id).toBe(2);
    expect(chooseCustomerDisplay(one, { enabled: true, displayId: 1 }, null)).toBeNull();
  });

  it('goes back to the display it was on last time only if that display still exists', () => {
    const lastOnThird = { displayId: 3, bounds: thirdScreen.bounds };
    expect(chooseCustomerDisplay(three, automatic, lastOnThird)?.id).toBe(3);
    expect(chooseCustomerDisplay(two, automatic, lastOnThird)?.id).toBe(2);
  });

  it('opens full-screen on the whole customer display at start', () => {
    expect(decidePlacement(null, two, automatic, null)).toEqual({
      kind: 'open-fullscreen',
      displayId: 2,
      bounds: customerScreen.bounds,
    });
  });
});

describe('re-placement when monitors come and go', () => {
  const fullscreenOnTwo: CurrentCustomerWindow = { mode: 'fullscreen', displayId: 2, bounds: customerScreen.bounds };

  it('opens the customer window when a second monitor is plugged in', () => {
    expect(decidePlacement(null, two, automatic, null)).toMatchObject({ kind: 'open-fullscreen', displayId: 2 });
  });

  it('keeps the window when nothing relevant changed', () => {
    expect(decidePlacement(fullscreenOnTwo, three, automatic, null)).toEqual({ kind: 'keep' });
  });

  it('closes the window when its monitor is unplugged and no other is left', () => {
    expect(decidePlacement(fullscreenOnTwo, one, automatic, null)).toEqual({ kind: 'close' });
  });

  it('moves to the remaining monitor when its own is unplugged', () => {
    const layout: ScreenLayout = { displays: [cashierScreen, thirdScreen], primaryId: 1 };
    expect(decidePlacement(fullscreenOnTwo, layout, automatic, null)).toEqual({
      kind: 'open-fullscreen',
      displayId: 3,
      bounds: thirdScreen.bounds,
    });
  });

  it('follows the monitor when its resolution changes', () => {
    const resized = display(2, 1920, 0, 1920, 1080);
    const layout: ScreenLayout = { displays: [cashierScreen, resized], primaryId: 1 };
    expect(decidePlacement(fullscreenOnTwo, layout, automatic, null)).toEqual({ kind: 'move', bounds: resized.bounds });
  });

  it('leaves a monitor that became the primary one (the cashier\'s screen is never covered)', () => {
    const swapped: ScreenLayout = { displays: [cashierScreen, customerScreen], primaryId: 2 };
    expect(decidePlacement(fullscreenOnTwo, swapped, automatic, null)).toMatchObject({
      kind: 'open-fullscreen',
      displayId: 1,
    });
    const alone: ScreenLayout = { displays: [customerScreen], primaryId: 2 };
    expect(decidePlacement(fullscreenOnTwo, alone, automatic, null)).toEqual({ kind: 'close' });
  });

  it('closes the full-screen window when the setting is turned off', () => {
    expect(decidePlacement(fullscreenOnTwo, two, { enabled: false, displayId: null }, null)).toEqual({ kind: 'close' });
  });

  it('turns the windowed display into the full-screen one when a second monitor appears', () => {
    const windowed: CurrentCustomerWindow = { mode: 'windowed', displayId: 1, bounds: { x: 100, y: 100, width: 800, height: 600 } };
    expect(decidePlacement(windowed, two, automatic, null)).toMatchObject({ kind: 'open-fullscreen', displayId: 2 });
  });

  it('keeps a windowed display the cashier opened while it stays visible', () => {
    const windowed: CurrentCustomerWindow = { mode: 'windowed', displayId: 1, bounds: { x: 100, y: 100, width: 800, height: 600 } };
    expect(decidePlacement(windowed, one, automatic, null)).toEqual({ kind: 'keep' });
  });

  it('brings a windowed display back into view when the monitor it was on is unplugged', () => {
    const offScreen: CurrentCustomerWindow = {
      mode: 'windowed',
      displayId: 2,
      bounds: { x: 2000, y: 100, width: 800, height: 600 },
    };
    const action = decidePlacement(offScreen, one, { enabled: false, displayId: null }, null);
    expect(action.kind).toBe('move');
    if (action.kind === 'move') expect(isVisibleOn(action.bounds, cashierScreen)).toBe(true);
  });
});

describe('saved bounds of the windowed customer display', () => {
  it('reuses the saved bounds when their display exists and they are visible on it', () => {
    const saved = { displayId: 1, bounds: { x: 300, y: 200, width: 640, height: 480 } };
    expect(windowedBounds(one, saved)).toEqual(saved.bounds);
  });

  it('ignores them when their display no longer exists', () => {
    const saved = { displayId: 2, bounds: { x: 2000, y: 100, width: 640, height: 480 } };
    const bounds = windowedBounds(one, saved);
    expect(bounds).not.toEqual(saved.bounds);
    expect(isVisibleOn(bounds, cashierScreen)).toBe(true);
  });

  it('ignores them when the window would be mostly off its display', () => {
    const saved = { displayId: 1, bounds: { x: 1700, y: 900, width: 640, height: 480 } };
    expect(windowedBounds(one, saved)).toEqual({ x: 560, y: 220, width: 800, height: 600 });
  });

  it('ignores a saved window too small to use', () => {
    const saved = { displayId: 1, bounds: { x: 10, y: 10, width: 50, height: 20 } };
    expect(windowedBounds(one, saved)).toEqual({ x: 560, y: 220, width: 800, height: 600 });
  });

  it('centres the default window on the primary display, shrunk to a small work area', () => {
    const small = display(7, 0, 0, 640, 480);
    expect(windowedBounds({ displays: [small], primaryId: 7 }, null)).toEqual({ x: 0, y: 0, width: 640, height: 440 });
  });

  it('saves a window on the display it mostly lies on', () => {
    expect(displayMatching(two, { x: 1800, y: 0, width: 800, height: 600 })?.id).toBe(2);
    expect(displayMatching(two, { x: 100, y: 0, width: 800, height: 600 })?.id).toBe(1);
  });
});
