// The platform in use, and switching to another when the merchant chooses one (the first-start
// setup, Paramètres). A switch is all or nothing: the new platform is opened (the embedded sandbox
// started, say) and the settings saved before anything is torn down; if either fails, the old
// platform stays in use and nothing changed. Then the session of the old platform ends (it is
// that platform's), following stops, and the cashier logs in on the new one. The operation log is
// not touched: operations sent to another platform keep its name and are left alone until it is
// in use again.
import type { Settings } from '../common/contract';
import { CompanionFailure } from './failure';
import { platformIdentity } from './platform-identity';
import type { Logger, OpenedPlatform, PlatformChoice, PlatformProvider } from './ports';
import type { PlatformInUse } from './session';

/** The platform a settings object chooses, or null while none is chosen (the default runs). */
export function choiceOf(settings: Pick<Settings, 'platform' | 'platformUrl' | 'worldline'>): PlatformChoice | null {
  return settings.platform === null ? null : { platform: settings.platform, platformUrl: settings.platformUrl, worldline: settings.worldline };
}

function inUseOf(opened: OpenedPlatform): PlatformInUse {
  const { gateway } = opened;
  return {
    gateway,
    identity: platformIdentity(gateway),
    demo: opened.demo,
    state: {
      mode: gateway.kind === 'sandbox' ? 'sandbox' : 'platform',
      url: gateway.endpoint,
      kind: gateway.kind,
      credentials: gateway.capabilities.credentials,
      source: opened.source,
    },
  };
}

export class PlatformSwitch {
  private opened: OpenedPlatform;
  private inUse: PlatformInUse;

  constructor(
    first: OpenedPlatform,
    private readonly deps: {
      provider: PlatformProvider | undefined;
      /** Everything tied to the old platform's session stops (followers, the session itself). */
      leave(): Promise<void>;
      /** The new platform is in use: say so (session.changed). */
      arrived(): void;
      log?: Logger;
    },
  ) {
    this.opened = first;
    this.inUse = inUseOf(first);
  }

  readonly current = (): PlatformInUse => this.inUse;

  /**
   * Applies the settings' platform after a change: `save` writes the new settings. `named`: the
   * change names the platform (Paramètres, the first-start setup), which then becomes the one in
   * use even when the settings already said so (the command line had chosen another for this run).
   * Saved alone when nothing about the platform changed, or when the choice designates the platform
   * already in use (first start: « Mode démonstration »).
   */
  async apply(previous: PlatformChoice | null, next: PlatformChoice | null, save: () => void, named = false): Promise<void> {
    const changed = next !== null && (previous === null || !this.same(previous, next));
    if (next === null || (!changed && !named)) {
      save();
      return;
    }
    const provider = this.deps.provider;
    if (!provider) throw CompanionFailure.of('not_supported');
    if (provider.keyOf(next) === this.opened.key) {
      save();
      this.replace({ ...this.opened, source: 'settings' });
      this.deps.arrived();
      return;
    }
    // Opened and saved before anything of the old one is let go: a failure changes nothing.
    const opened = await provider.open(next);
    try {
      save();
    } catch (error) {
      await opened.close().catch(() => undefined);
      throw error;
    }
    await this.deps.leave();
    const old = this.opened;
    this.replace({ ...opened, source: 'settings' });
    this.deps.log?.info('platform switched', { from: platformIdentity(old.gateway), to: this.inUse.identity });
    this.deps.arrived();
    await old.close().catch((error: unknown) => this.deps.log?.warn('closing the previous platform failed', { error: String(error) }));
  }

  /** Stops what the platform in use started (at shutdown). */
  close(): Promise<void> {
    return this.opened.close();
  }

  private same(a: PlatformChoice, b: PlatformChoice): boolean {
    const provider = this.deps.provider;
    return provider ? provider.keyOf(a) === provider.keyOf(b) : JSON.stringify(a) === JSON.stringify(b);
  }

  private replace(opened: OpenedPlatform): void {
    this.opened = opened;
    this.inUse = inUseOf(opened);
  }
}
