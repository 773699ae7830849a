// Where the customer window goes (issue 5 §1). Pure decisions over a list of displays, so they
// are unit-tested without Electron (tests/unit/placement.test.ts); windows.ts applies them.
// No 'electron' import here: a `DisplayInfo` is the part of Electron's `Display` we read.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayInfo {
  id: number;
  bounds: Rect;
  workArea: Rect;
}

/** What `screen` tells us: every display, and which one is primary (the cashier's). */
export interface ScreenLayout {
  displays: readonly DisplayInfo[];
  primaryId: number;
}

/** The part of `Settings.customerDisplay` placement reads. */
export interface CustomerDisplayChoice {
  enabled: boolean;
  displayId: number | null;
}

/** Where the customer window was last, kept in electron-store. */
export interface SavedPlacement {
  displayId: number;
  bounds: Rect;
}

/** The customer window as it is now: full-screen (automatic) or a normal window the cashier opened. */
export interface CurrentCustomerWindow {
  mode: 'fullscreen' | 'windowed';
  displayId: number;
  bounds: Rect;
}

export type PlacementAction =
  | { kind: 'keep' }
  | { kind: 'open-fullscreen'; displayId: number; bounds: Rect }
  | { kind: 'move'; bounds: Rect }
  | { kind: 'close' };

/** A windowed customer display opens at this size when there is no usable saved placement. */
export const WINDOWED_DEFAULT_SIZE = { width: 800, height: 600 } as const;
/** Smallest window we accept from a saved placement: below this it cannot be used or grabbed. */
export const MIN_WINDOW_SIZE = { width: 200, height: 150 } as const;

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

function intersectionArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** At least half of the window lies in the display's work area: enough to see it and drag it back. */
export function isVisibleOn(bounds: Rect, display: DisplayInfo): boolean {
  if (bounds.width < MIN_WINDOW_SIZE.width || bounds.height < MIN_WINDOW_SIZE.height) return false;
  return intersectionArea(bounds, display.workArea) * 2 >= bounds.width * bounds.height;
}

/**
 * The display for the automatic full-screen window, or null for none. Never the primary display:
 * a frameless, unfocusable window there would cover the cashier's own screen.
 * Order of preference: the display picked in the settings, the one the window was on last time
 * (only if it still exists), then the first non-primary display.
 */
export function chooseCustomerDisplay(
  layout: ScreenLayout,
  choice: CustomerDisplayChoice,
  saved: SavedPlacement | null,
): DisplayInfo | null {
  if (!choice.enabled) return null;
  const candidates = layout.displays.filter((display) => display.id !== layout.primaryId);
  const byId = (id: number | null | undefined) =>
    id === null || id === undefined ? undefined : candidates.find((display) => display.id === id);
  return byId(choice.displayId) ?? byId(saved?.displayId) ?? candidates[0] ?? null;
}

function primaryDisplay(layout: ScreenLayout): DisplayInfo | undefined {
  return layout.displays.find((display) => display.id === layout.primaryId) ?? layout.displays[0];
}

/** A window of the default size centred in the display's work area (shrunk if the area is smaller). */
export function centredOn(display: DisplayInfo, size: { width: number; height: number } = WINDOWED_DEFAULT_SIZE): Rect {
  const area = display.workArea;
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Bounds for the windowed customer display the cashier opens with "Écran client": the saved
 * bounds if their display still exists and they are visible on it, else centred on the primary.
 */
export function windowedBounds(layout: ScreenLayout, saved: SavedPlacement | null): Rect {
  if (saved) {
    const display = layout.displays.find((candidate) => candidate.id === saved.displayId);
    if (display && isVisibleOn(saved.bounds, display)) return saved.bounds;
  }
  const primary = primaryDisplay(layout);
  if (!primary) return { x: 0, y: 0, ...WINDOWED_DEFAULT_SIZE };
  return centredOn(primary);
}

/**
 * What to do with the customer window at start and whenever a display is added, removed or
 * changes: open it full-screen on the chosen display, follow that display's new bounds, close it
 * when its display is gone, bring a windowed one back into view, or leave it alone.
 */
export function decidePlacement(
  current: CurrentCustomerWindow | null,
  layout: ScreenLayout,
  choice: CustomerDisplayChoice,
  saved: SavedPlacement | null,
): PlacementAction {
  const target = chooseCustomerDisplay(layout, choice, saved);

  if (target) {
    if (current?.mode === 'fullscreen' && current.displayId === target.id) {
      return sameRect(current.bounds, target.bounds) ? { kind: 'keep' } : { kind: 'move', bounds: target.bounds };
    }
    // A windowed display (or one full-screen elsewhere) gives way to the full-screen one.
    return { kind: 'open-fullscreen', displayId: target.id, bounds: target.bounds };
  }

  if (!current) return { kind: 'keep' };
  switch (current.mode) {
    case 'fullscreen':
      // Its display is gone, became primary, or the setting was turned off.
      return { kind: 'close' };
    case 'windowed': {
      // The cashier opened it on purpose: keep it, but never lost off-screen.
      const stillVisible = layout.displays.some((display) => isVisibleOn(current.bounds, display));
      return stillVisible ? { kind: 'keep' } : { kind: 'move', bounds: windowedBounds(layout, null) };
    }
    default: {
      const unreachable: never = current.mode;
      return unreachable;
    }
  }
}

/** The display a rectangle mostly lies on (for saving a windowed placement), like `screen.getDisplayMatching`. */
export function displayMatching(layout: ScreenLayout, bounds: Rect): DisplayInfo | undefined {
  let best: DisplayInfo | undefined;
  let bestArea = 0;
  for (const display of layout.displays) {
    const area = intersectionArea(bounds, display.bounds);
    if (area > bestArea) {
      best = display;
      bestArea = area;
    }
  }
  return best ?? primaryDisplay(layout);
}
