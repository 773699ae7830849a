// Electron entry (bundled to dist/electron/main.cjs, package.json "main"). Process-level duties
// only: one instance per till, the app's data folder, electron-store and safeStorage, a clean
// quit that closes the core and the embedded sandbox. The rest is app.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, dialog, Menu, safeStorage } from 'electron';
import Store from 'electron-store';
import { consoleLogger } from '../core/logger';
import type { Logger } from '../core/ports';
import { isLogLevel, logLevelArgument, logStart, openFileLog, traceEvents, type FileLog } from '../host/logging';
import { StartupRefusal } from '../core/startup-refusal';
import { unreadableSettings } from '../core/stores';
import { startShell, type RunningShell } from './app';
import { nativeBindingPath } from './native-addon';
import { appPaths } from './paths';
import { createSafeStorageSecretStore } from './secret-store';
import { hardenWebContents } from './security';

/** The console until the log files are open (the app's logs folder, once Electron is ready). */
let log: Logger = consoleLogger('electron');
let fileLog: FileLog | null = null;
const SECRETS_FILE = 'session-token.bin';

function applicationMenu(): Menu | null {
  // macOS needs its app and edit menus (Quit, copy/paste); elsewhere a till screen has no menu bar.
  return process.platform === 'darwin' ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }]) : null;
}

/** `--log-level LEVEL` on the command line (an unknown level is said, and info kept). */
function chosenLogLevel() {
  const asked = logLevelArgument(process.argv);
  if (asked === undefined || isLogLevel(asked)) return asked ?? 'info';
  log.warn('unknown --log-level: info kept', { asked });
  return 'info';
}

async function start(): Promise<RunningShell> {
  Menu.setApplicationMenu(applicationMenu());
  fileLog = await openFileLog({ folder: app.getPath('logs'), name: 'electron', level: chosenLogLevel() });
  log = fileLog.log;
  const dataDir = app.getPath('userData');
  const appRoot = app.getAppPath();
  const nativeBinding = nativeBindingPath({
    isPackaged: app.isPackaged,
    appRoot,
    resourcesPath: process.resourcesPath,
    electronVersion: process.versions.electron ?? 'unknown',
    platform: process.platform,
    arch: process.arch,
  });
  if (!existsSync(nativeBinding)) {
    throw new Error(`module SQLite pour Electron introuvable (${nativeBinding}) : lancez le compagnon avec « npm start »`);
  }
  // A settings file that cannot be read stops the start with a sentence naming it: resetting it
  // to the defaults would silently switch a production till to the demo sandbox.
  let store: Store<Record<string, unknown>>;
  try {
    store = new Store<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: false });
  } catch (error) {
    throw unreadableSettings(join(dataDir, 'settings.json'), `JSON invalide : ${error instanceof Error ? error.message : String(error)}`);
  }
  // The platform in use is logged once opened (the runtime's « platform » line).
  logStart(log, { host: 'electron', dataDir, logFolder: fileLog.folder });
  const secretStore = fileLog.hidingSecrets(createSafeStorageSecretStore({ file: join(dataDir, SECRETS_FILE), safeStorage, log }));
  const running = await startShell({
    paths: appPaths(appRoot),
    dataDir,
    store,
    secretStore,
    nativeBinding,
    log,
    onCashierClosed: () => app.quit(),
    // As with `npm run serve -- --new-log`: only an explicit choice starts a new, empty log in a
    // data folder that has served.
    newLog: process.argv.includes('--new-log'),
    logFolder: fileLog.folder,
  });
  if (fileLog.verbose) traceEvents(running.companion, log);
  return running;
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    // Another companion already runs on this till: it gets the focus (second-instance), we leave.
    app.quit();
    return;
  }

  let shell: RunningShell | null = null;
  let quit: 'running' | 'closing' | 'closed' = 'running';

  // Every webContents, including any we did not create ourselves, gets the window rules.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  app.on('second-instance', () => shell?.showCashierWindow());
  app.on('activate', () => shell?.showCashierWindow());
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (quit === 'closed') return;
    // Hold the quit until the core has closed its database and the sandbox its port.
    event.preventDefault();
    if (quit === 'closing') return;
    quit = 'closing';
    (shell?.shutdown() ?? Promise.resolve())
      .catch((error: unknown) => log.error('shutdown failed', { error: String(error) }))
      .finally(async () => {
        log.info('companion stopped');
        await fileLog?.close();
        quit = 'closed';
        app.quit();
      });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(start)
    .then((running) => {
      shell = running;
      if (quit !== 'running') void running.shutdown();
    })
    .catch((error: unknown) => {
      const text = error instanceof StartupRefusal ? error.describe() : `Le compagnon de caisse n’a pas pu démarrer : ${String(error)}`;
      log.error('start failed', { error: text });
      dialog.showErrorBox('Chèque-Vacances Connect', text);
      void (fileLog?.close() ?? Promise.resolve()).finally(() => app.exit(1));
    });
}

main();
