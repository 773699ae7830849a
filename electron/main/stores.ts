// What the shell keeps in electron-store (a JSON file in the app's data folder): the settings
// (behind the core's SettingsStore) and where the customer window was last.
import { z } from 'zod';
import { Settings } from '../common/contract';
import type { SettingsStore } from '../core/ports';
import type { CustomerDisplayChoice, SavedPlacement } from './placement';

/** The part of electron-store (or conf) the shell uses, so tests can pass a Map-backed one. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

const SETTINGS_KEY = 'settings';
const PLACEMENT_KEY = 'customerWindow';

export interface ObservableSettingsStore extends SettingsStore {
  /** Called after the core saved new settings (e.g. the customer display was turned off). */
  onSaved(listener: (settings: Settings) => void): () => void;
}

export function settingsStoreFrom(store: KeyValueStore): ObservableSettingsStore {
  const listeners = new Set<(settings: Settings) => void>();
  return {
    load: () => store.get(SETTINGS_KEY),
    save(settings) {
      store.set(SETTINGS_KEY, settings);
      for (const listener of listeners) listener(settings);
    },
    onSaved(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The platform URL as saved (null: the embedded sandbox), read before the core exists.
 *  Anything invalid means the sandbox, as the core's own reading would. */
export function savedPlatformUrl(store: KeyValueStore): string | null {
  const raw = store.get(SETTINGS_KEY);
  const value = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).platformUrl : null;
  const parsed = Settings.shape.platformUrl.safeParse(value ?? null);
  return parsed.success ? parsed.data : null;
}

export function customerDisplayChoice(settings: Settings): CustomerDisplayChoice {
  return { enabled: settings.customerDisplay.enabled, displayId: settings.customerDisplay.displayId };
}

const Rect = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
const SavedPlacementSchema = z.object({ displayId: z.number().int(), bounds: Rect });

export interface PlacementStore {
  load(): SavedPlacement | null;
  save(placement: SavedPlacement): void;
}

export function placementStoreFrom(store: KeyValueStore): PlacementStore {
  return {
    load() {
      const parsed = SavedPlacementSchema.safeParse(store.get(PLACEMENT_KEY));
      return parsed.success ? parsed.data : null;
    },
    save(placement) {
      store.set(PLACEMENT_KEY, placement);
    },
  };
}
