// What the shell keeps in electron-store (a JSON file in the app's data folder): the settings
// (behind the core's SettingsStore) and where the customer window was last.
import { z } from 'zod';
import type { Settings } from '../common/contract';
import type { SettingsStore } from '../core/ports';
import type { CustomerDisplayChoice, SavedPlacement } from './placement';

/** The part of electron-store (or conf) the shell uses, so tests can pass a Map-backed one. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

const SETTINGS_KEY = 'settings';
const PLACEMENT_KEY = 'customerWindow';

/** The core's settings, kept under one key (who follows changes listens to `settings.changed`). */
export function settingsStoreFrom(store: KeyValueStore): SettingsStore {
  return {
    load: () => store.get(SETTINGS_KEY),
    save(settings) {
      store.set(SETTINGS_KEY, settings);
    },
  };
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
