// The Electron host once the app is ready (a thin host over a fat core): start the runtime
// (the platform, the core, Caisse-AP: the same as `npm run serve`), bind the core to IPC, open the
// windows. main.ts owns the process-level parts (single instance, quit) and the stores that need
// Electron's own packages; tests run this with a stand-in `electron`, the real core and the real
// sandbox.
import { join } from 'node:path';
import { session, type BrowserWindow } from 'electron';
import { DEFAULT_SETTINGS } from '../common/contract';
import type { Companion, CompanionTiming, Logger, SecretStore } from '../core/ports';
import type { PlatformTiming } from '../runtime/platform-provider';
import { startRuntime, type Runtime } from '../runtime/runtime';
import { bindIpc } from './ipc';
import type { AppPaths } from './paths';
import { logsFolderHandler } from './logs-folder';
import { createNotifier } from './notifications';
import { reportFileHandlers } from './report-files';
import { hardenSession } from './security';
import { customerDisplayChoice, placementStoreFrom, settingsStoreFrom, type KeyValueStore } from './stores';
import { createCashierWindow, createCustomerWindows, focusWindow, type CustomerWindows } from './windows';

/** The embedded sandbox's state, in the app's data folder. */
export const SANDBOX_DB_FILE = 'sandbox-platform.sqlite3';

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
  timing?: Partial<CompanionTiming & PlatformTiming>;
  /** Start a new, empty operation log although this data folder has served (`--new-log`). */
  newLog?: boolean;
  /** Where main.ts writes the log files (« Journaux » in Paramètres). */
  logFolder?: string;
}

export interface RunningShell {
  readonly companion: Companion;
  readonly runtime: Runtime;
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

  const runtime = await startRuntime({
    dataDir: options.dataDir,
    secretStore: options.secretStore,
    settingsStore: settingsStoreFrom(options.store),
    settingsFile: join(options.dataDir, 'settings.json'),
    sandbox: { dbFileName: SANDBOX_DB_FILE },
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(log ? { log } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.newLog ? { newLog: true } : {}),
    ...(options.logFolder ? { logFolder: options.logFolder } : {}),
  });
  const companion = runtime.companion;

  const settings = await companion.handlers['settings.get']({});
  let choice = customerDisplayChoice(settings.ok ? settings.value : DEFAULT_SETTINGS);

  const customerWindows = createCustomerWindows({
    paths,
    choice: () => choice,
    placements: placementStoreFrom(options.store),
    ...(log ? { log } : {}),
  });
  const stopFollowingSettings = companion.on('settings.changed', (saved) => {
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

  // Closed before the core at shutdown: nothing reaches it from the windows any more.
  runtime.addHost(() => {
    stopFollowingSettings();
    unbindIpc();
    customerWindows.dispose();
  });

  openCashierWindow();
  await customerWindows.place();

  let stopped: Promise<void> | null = null;
  return {
    companion,
    runtime,
    customerWindows,
    cashierWindow: () => (cashier && !cashier.isDestroyed() ? cashier : null),
    showCashierWindow() {
      if (stopped) return;
      if (cashier && !cashier.isDestroyed()) focusWindow(cashier);
      else openCashierWindow();
    },
    shutdown() {
      stopped ??= runtime.shutdown();
      return stopped;
    },
  };
}
