// The companion's runtime, the same for both hosts (the Electron shell and `npm run serve`): the
// platform chosen (command line, settings, or the demo sandbox until the merchant chooses), the
// core on it, Caisse-AP, and a shutdown in order. A host adds only what is its own (windows and
// IPC, or the local HTTP API and the screens) and registers how to close it.
//
// Shutdown order: Caisse-AP first (no till request may start on a closing core), then the hosts
// in the reverse order they registered (nothing reaches the core any more), then the core (its
// followers, its log), which closes the platform it uses last (the embedded sandbox).
import { join } from 'node:path';
import { createCaisseApController, type CaisseApController, type CaisseApListen } from '../caisse-ap/index';
import { createCompanion, OPERATIONS_FILE, type CoreCompanion } from '../core/companion';
import { checkDataFolder } from '../core/data-folder';
import type { CompanionTiming, Logger, OpenedPlatform, PlatformChoice, SecretStore, SettingsStore } from '../core/ports';
import { StartupRefusal } from '../core/startup-refusal';
import { SANDBOX_CHOICE, savedPlatformChoice } from './platform-choice';
import { createPlatformProvider, type EmbeddedSandboxOptions, type PlatformTiming } from './platform-provider';

export interface RuntimeOptions {
  dataDir: string;
  secretStore: SecretStore;
  settingsStore: SettingsStore;
  /** The settings file as the merchant would find it (named in a refusal). */
  settingsFile: string;
  /** The command line's platform: wins over the settings for this run. */
  platform?: PlatformChoice | null;
  /** The embedded demo sandbox, when it is (or becomes) the platform. `dbFile` is in `dataDir`. */
  sandbox: Omit<EmbeddedSandboxOptions, 'dbFile' | 'nativeBinding'> & { dbFileName: string };
  caisseAp?: {
    /** `--caisse-ap HOST:PORT`: a fixed address instead of the settings. */
    override?: CaisseApListen | null;
    /** `--caisse-ap-timeout S`. */
    tillTimeoutSeconds?: number | null;
    /** Told the address each time the server starts listening, and null when it stops. */
    onListening?: (address: string | null) => void;
  };
  /** better-sqlite3 built for Electron (undefined: Node's). */
  nativeBinding?: string;
  log?: Logger;
  /** Faster timings for tests. */
  timing?: Partial<CompanionTiming & PlatformTiming>;
  /** `--new-log`. */
  newLog?: boolean;
  /** Where the host writes its log files (« Journaux » in Paramètres); none when absent. */
  logFolder?: string;
}

export interface Runtime {
  readonly companion: CoreCompanion;
  readonly caisseAp: CaisseApController;
  /** What a banner says about the platform in use now. */
  platform(): { kind: 'sandbox' | 'api-v1' | 'worldline-direct'; url: string; walletPageUrl: string | null; demo: { conventionNumber: string; password: string } | null };
  /** A host's own close, run before the core's at shutdown (the last added closes first). */
  addHost(close: () => Promise<void> | void): void;
  /** Caisse-AP, the hosts, the core and its platform, in that order. Safe to call twice. */
  shutdown(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { log } = options;
  // Before anything is written there (the embedded sandbox keeps its state in it too).
  checkDataFolder(options.dataDir, join(options.dataDir, OPERATIONS_FILE));
  const saved = savedPlatformChoice(loadRaw(options.settingsStore), options.settingsFile);
  const provider = createPlatformProvider({
    sandbox: {
      dbFile: join(options.dataDir, options.sandbox.dbFileName),
      ...(options.sandbox.expirySeconds !== undefined ? { expirySeconds: options.sandbox.expirySeconds } : {}),
      ...(options.sandbox.demoPassword !== undefined ? { demoPassword: options.sandbox.demoPassword } : {}),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    },
    ...(options.timing ? { timing: options.timing } : {}),
    ...(log ? { log } : {}),
  });
  const commandLine = options.platform ?? null;
  const choice = commandLine ?? saved ?? SANDBOX_CHOICE;
  const opened: OpenedPlatform = {
    ...(await provider.open(choice)),
    source: commandLine ? 'command-line' : saved ? 'settings' : 'default',
  };

  let companion: CoreCompanion;
  try {
    companion = await createCompanion({
      dataDir: options.dataDir,
      platform: opened,
      platforms: provider,
      secretStore: options.secretStore,
      settingsStore: options.settingsStore,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(log ? { log } : {}),
      ...(options.timing ? { timing: options.timing } : {}),
      ...(options.newLog ? { newLog: true } : {}),
      logFolder: options.logFolder ?? null,
    });
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw error;
  }

  // Tills drive the companion over Caisse-AP when the settings (or the command line) turn it on.
  const caisseAp = createCaisseApController({
    core: companion,
    override: options.caisseAp?.override ?? null,
    tillTimeoutSeconds: options.caisseAp?.tillTimeoutSeconds ?? null,
    ...(options.caisseAp?.onListening ? { onListening: options.caisseAp.onListening } : {}),
    ...(log ? { log } : {}),
  });
  try {
    await caisseAp.start();
  } catch (error) {
    await companion.close().catch(() => undefined);
    throw error;
  }

  const hosts: Array<() => Promise<void> | void> = [];
  let stopped: Promise<void> | null = null;
  return {
    companion,
    caisseAp,
    platform() {
      const session = companionPlatform(companion);
      const sandbox = session.kind === 'sandbox' ? provider.sandbox : null;
      return { kind: session.kind, url: session.url, walletPageUrl: sandbox?.walletPageUrl ?? null, demo: session.demo };
    },
    addHost(close) {
      hosts.push(close);
    },
    shutdown() {
      stopped ??= (async () => {
        await caisseAp.stop().catch((error: unknown) => log?.warn('stopping Caisse-AP failed', { error: String(error) }));
        for (const close of hosts.splice(0).reverse()) {
          await Promise.resolve()
            .then(close)
            .catch((error: unknown) => log?.warn('closing a host failed', { error: String(error) }));
        }
        await companion.close();
      })();
      return stopped;
    },
  };
}

/** The settings as stored, before the core reads them (a file that is not JSON is refused by the
 *  store itself, with its own sentence). */
function loadRaw(store: SettingsStore): unknown {
  try {
    return store.load();
  } catch (error) {
    if (error instanceof StartupRefusal) throw error;
    return undefined;
  }
}

/** The platform in use, from the session state the core keeps current (it changes on a switch). */
function companionPlatform(companion: CoreCompanion): {
  kind: 'sandbox' | 'api-v1' | 'worldline-direct';
  url: string;
  demo: { conventionNumber: string; password: string } | null;
} {
  const state = companion.sessionState();
  return { kind: state.platform.kind ?? (state.platform.mode === 'sandbox' ? 'sandbox' : 'api-v1'), url: state.platform.url, demo: companion.about().demo };
}
