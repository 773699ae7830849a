// The Electron host once the app is ready (STYLE.md §3: thin host, fat core): pick the platform,
// create the core, bind it to IPC, open the windows. main.ts owns the process-level parts
// (single instance, quit) and the stores that need Electron's own packages; tests run this
// with a stand-in `electron`, the real core and the real sandbox.
import { join } from 'node:path';
import { session, type BrowserWindow } from 'electron';
import { DEFAULT_SETTINGS, PlatformUrl } from '../common/contract';
import { createCaisseApController } from '../caisse-ap/index';
import { createCompanion, OPERATIONS_FILE } from '../core/companion';
import { checkDataFolder } from '../core/data-folder';
import { unreadableSettings } from '../core/stores';
import type { Companion, CompanionTiming, Logger, SecretStore } from '../core/ports';
import { bindIpc } from './ipc';
import type { AppPaths } from './paths';
import { choosePlatform, type ChosenPlatform } from './platform';
import { logsFolderHandler } from './logs-folder';
import { createNotifier } from './notifications';
import { reportFileHandlers } from './report-files';
import { hardenSession } from './security';
import {
  customerDisplayChoice,
  placementStoreFrom,
  savedPlatformUrl,
  settingsStoreFrom,
  type KeyValueStore,
} from './stores';
import { createCashierWindow, createCustomerWindows, focusWindow, type CustomerWindows } from './windows';

export interface ShellOptions {
  paths: AppPaths;
  /** `app.getPath('userData')`: the operation log, the sandbox's state, the encrypted token. */
  dataDir: string;
  /** electron-store: settings and the customer window's last placement. */
  store: KeyValueStore;
  secretStore: SecretStore;
  /** better-sqlite3 built for Electron (undefined: Node's, as in tests). */
  nativeBinding?: string;
  log?: Logger;
  /** Called when the cashier closes the cashier window: the till companion quits with it. */
  onCashierClosed?: () => void;
  timing?: Partial<CompanionTiming>;
  /** Start a new, empty operation log although this data folder has served (`--new-log`). */
  newLog?: boolean;
  /** Where main.ts writes the log files (« Journaux » in Paramètres). */
  logFolder?: string;
}

export interface RunningShell {
  readonly companion: Companion;
  readonly platform: ChosenPlatform;
  readonly customerWindows: CustomerWindows;
  cashierWindow(): BrowserWindow | null;
  /** A second `npm start`, or a click on the dock icon: bring the cashier window back. */
  showCashierWindow(): void;
  /** Closes the windows, the core, then the embedded sandbox. Safe to call twice. */
  shutdown(): Promise<void>;
}

export async function startShell(options: ShellOptions): Promise<RunningShell> {
  const { paths, log } = options;
  hardenSession(session.defaultSession);

  // Before anything is written there (the embedded sandbox keeps its state in it too).
  checkDataFolder(options.dataDir, join(options.dataDir, OPERATIONS_FILE));
  const settingsStore = settingsStoreFrom(options.store);
  refuseUnusablePlatformUrl(options.store, options.dataDir);
  const platform = await choosePlatform({
    configuredUrl: savedPlatformUrl(options.store),
    dataDir: options.dataDir,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(log ? { log } : {}),
  });

  let companion: Companion;
  try {
    companion = await createCompanion({
      dataDir: options.dataDir,
      platformUrl: platform.platformUrl,
      platformMode: platform.platformMode,
      demo: platform.demo ?? null,
      secretStore: options.secretStore,
      settingsStore,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(log ? { log } : {}),
      ...(options.timing ? { timing: options.timing } : {}),
      ...(options.newLog ? { newLog: true } : {}),
      logFolder: options.logFolder ?? null,
    });
  } catch (error) {
    await platform.close();
    throw error;
  }

  // Tills drive the companion over Caisse-AP when the settings turn it on (off by default).
  const caisseAp = createCaisseApController({ core: companion, ...(log ? { log } : {}) });
  await caisseAp.start();

  const settings = await companion.handlers['settings.get']({});
  let choice = customerDisplayChoice(settings.ok ? settings.value : DEFAULT_SETTINGS);

  const customerWindows = createCustomerWindows({
    paths,
    choice: () => choice,
    placements: placementStoreFrom(options.store),
    ...(log ? { log } : {}),
  });
  const stopFollowingSettings = settingsStore.onSaved((saved) => {
    choice = customerDisplayChoice(saved);
    void customerWindows.place();
  });

  let cashier: BrowserWindow | null = null;
  const openCashierWindow = () => {
    const window = createCashierWindow(paths, log);
    window.on('closed', () => {
      if (cashier === window) cashier = null;
      options.onCashierClosed?.();
    });
    cashier = window;
  };

  const notifier = createNotifier({
    cashierWindow: () => (cashier && !cashier.isDestroyed() ? cashier : null),
    ...(log ? { log } : {}),
  });
  const unbindIpc = bindIpc({
    companion,
    contents: {
      cashier: () => (cashier && !cashier.isDestroyed() ? cashier.webContents : null),
      customer: () => customerWindows.contents(),
    },
    pages: { cashier: paths.cashierPage, customer: paths.customerPage },
    shell: {
      'shell.openCustomerDisplay': () => customerWindows.openWindowed(),
      'shell.notify': (input) => notifier.notify(input),
      ...reportFileHandlers({ companion, cashierWindow: () => (cashier && !cashier.isDestroyed() ? cashier : null), ...(log ? { log } : {}) }),
      ...logsFolderHandler({ folder: options.logFolder ?? null, ...(log ? { log } : {}) }),
    },
    ...(log ? { log } : {}),
  });

  openCashierWindow();
  await customerWindows.place();

  let stopped: Promise<void> | null = null;
  return {
    companion,
    platform,
    customerWindows,
    cashierWindow: () => (cashier && !cashier.isDestroyed() ? cashier : null),
    showCashierWindow() {
      if (stopped) return;
      if (cashier && !cashier.isDestroyed()) focusWindow(cashier);
      else openCashierWindow();
    },
    shutdown() {
      stopped ??= (async () => {
        stopFollowingSettings();
        unbindIpc();
        customerWindows.dispose();
        try {
          await caisseAp.stop();
          await companion.close();
        } finally {
          await platform.close();
        }
      })();
      return stopped;
    },
  };
}

/** A platform URL saved in the settings but unusable stops the start: read as "none", it would
 *  switch a production till to the demo sandbox without a word. */
function refuseUnusablePlatformUrl(store: KeyValueStore, dataDir: string): void {
  const saved = store.get('settings');
  const value = saved && typeof saved === 'object' ? (saved as Record<string, unknown>).platformUrl : undefined;
  if (value === undefined || value === null) return;
  const checked = PlatformUrl.safeParse(value);
  if (!checked.success) {
    throw unreadableSettings(
      join(dataDir, 'settings.json'),
      `platformUrl invalide (${JSON.stringify(value)} : ${checked.error.issues[0]?.message ?? 'URL invalide'})`,
    );
  }
}
