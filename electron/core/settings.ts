// Settings: read from the host's store, validated (anything invalid falls back to its default,
// field by field, so one bad value never loses the others), and updated by merging a patch.
// Files written before the platform was a choice (`platform`) are read as they meant it: an
// address in `platformUrl` was that API v1 server, none was the demo sandbox by default.
import { DEFAULT_SETTINGS, Settings, type SettingsPatch } from '../common/contract';
import { CompanionFailure } from './failure';
import type { Logger, SettingsStore } from './ports';
import { StartupRefusal } from './startup-refusal';

export class SettingsService {
  private current: Settings;
  private readonly listeners = new Set<(settings: Settings, previous: Settings) => void>();

  constructor(
    private readonly store: SettingsStore,
    log?: Logger,
  ) {
    this.current = loadSettings(store, log);
  }

  get(): Settings {
    return this.current;
  }

  update(patch: SettingsPatch): Settings {
    return this.commit(this.prepare(patch));
  }

  /** The settings a patch would make, checked, without saving them. */
  prepare(patch: SettingsPatch): Settings {
    const previous = this.current;
    const next = Settings.parse({
      ...previous,
      ...patch,
      customerDisplay: { ...previous.customerDisplay, ...patch.customerDisplay },
      caisseAp: { ...previous.caisseAp, ...patch.caisseAp },
      receipt: { ...previous.receipt, ...patch.receipt },
      worldline: { ...previous.worldline, ...patch.worldline },
    });
    // An API v1 server is its address: without one there is nothing to switch to.
    if (next.platform === 'api-v1' && next.platformUrl === null) throw CompanionFailure.of('bad_request', { field: 'platformUrl' });
    return next;
  }

  /** Saves settings made by `prepare` and tells the listeners. */
  commit(next: Settings): Settings {
    const previous = this.current;
    this.store.save(next);
    this.current = next;
    for (const listener of this.listeners) listener(next, previous);
    return next;
  }

  onChange(listener: (settings: Settings, previous: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function loadSettings(store: SettingsStore, log?: Logger): Settings {
  let raw: unknown;
  try {
    raw = store.load();
  } catch (error) {
    // A settings file the host refuses (it names the file): better no start than the wrong platform.
    if (error instanceof StartupRefusal) throw error;
    log?.warn('settings unreadable: defaults used', { error: String(error) });
    return DEFAULT_SETTINGS;
  }
  raw = withPlatformChoice(raw);
  const whole = Settings.safeParse(raw);
  if (whole.success) return whole.data;
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
    const field = Settings.shape[key].safeParse(source[key]);
    merged[key] = field.success ? field.data : DEFAULT_SETTINGS[key];
    if (!field.success && source[key] !== undefined) log?.warn('invalid setting replaced by its default', { key });
  }
  return Settings.parse(merged);
}

/** A settings file from before `platform` existed: its `platformUrl` said which platform. */
export function withPlatformChoice(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || 'platform' in raw) return raw;
  const url = (raw as { platformUrl?: unknown }).platformUrl;
  return { ...raw, platform: typeof url === 'string' ? 'api-v1' : null };
}
