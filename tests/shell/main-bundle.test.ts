// The shell as `npm start` runs it: the three esbuild bundles. The preloads run in a VM whose
// `require` knows only 'electron' (a sandboxed preload's rule). The main bundle runs in this
// process with only `electron` stood in: the real core, the real sandbox platform on a loopback
// port, real SQLite files and electron-store in a temp data folder. The whole seed flow goes
// through IPC as the cashier window would drive it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import vm from 'node:vm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, displayChannels, type AppAbout, type DisplayState, type Operation, type SessionState } from '../../electron/common/contract';
import { LOG_FILE_PATTERN } from '../../electron/host/logging';
import packageJson from '../../package.json';
import { bundleShell } from '../../electron/launcher/bundle.mjs';
import { SHELL_CHANNELS } from '../../electron/main/shell-contract';
import { SandboxApi } from '../support/sandbox';
import { removeTempDirs, tempDir } from './helpers';
import * as electron from './stand-in-electron';
import { app, BrowserWindow, dialog, ipcMain, resetStandIn, screen, standInDisplay, StandInWebContents, StandInWebFrame } from './stand-in-electron';

const requireHere = createRequire(import.meta.url);
// Electron sets process.resourcesPath; plain Node has none, so the test sets it as Electron would.
const writableProcess = process as { resourcesPath: string | undefined };

let bundles: Awaited<ReturnType<typeof bundleShell>>;
const packageVersion = packageJson.version;

beforeAll(async () => {
  bundles = await bundleShell({ outDir: tempDir('bundle') });
}, 60_000);

afterAll(removeTempDirs);

/** Runs a preload bundle the way a sandboxed renderer would: `require('electron')` and nothing else. */
function runSandboxedPreload(file: string) {
  const exposed = new Map<string, unknown>();
  const requested: string[] = [];
  const standIn = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: { invoke: async () => ({ ok: true, value: null }), on: () => undefined, removeListener: () => undefined },
  };
  const sandboxRequire = (name: string) => {
    requested.push(name);
    if (name === 'electron') return standIn;
    throw new Error(`module not found: ${name}`);
  };
  const module = { exports: {} };
  vm.runInNewContext(readFileSync(file, 'utf8'), {
    require: sandboxRequire,
    module,
    exports: module.exports,
    process: { platform: 'linux' },
  });
  return { exposed, requested };
}

describe('preload bundles', () => {
  it('the cashier preload needs only electron and exposes the contract API', () => {
    const { exposed, requested } = runSandboxedPreload(bundles.preload);
    expect(requested).toEqual(['electron']);
    expect([...exposed.keys()].sort()).toEqual(['companion', 'companionShell']);
    const groups = new Set(CHANNELS.map((channel) => channel.split('.')[0]));
    expect(Object.keys(exposed.get('companion') as object).sort()).toEqual([...groups, 'on'].sort());
  });

  it('the customer display preload needs only electron and exposes only customerDisplay.subscribe', () => {
    const { exposed, requested } = runSandboxedPreload(bundles.displayPreload);
    expect(requested).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['customerDisplay']);
    expect(Object.keys(exposed.get('customerDisplay') as object)).toEqual(['subscribe']);
  });
});

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

describe('main bundle with the real core and sandbox', () => {
  const moduleInternals = Module as unknown as { _load: Loader };
  const originalLoad = moduleInternals._load;
  const resourcesBefore = process.resourcesPath;
  const signalListenersBefore = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  let dataDir: string;

  const windowShowing = (page: string) =>
    BrowserWindow.getAllWindows().find((window) => window.loadedFile?.endsWith(page));
  const cashier = () => {
    const window = windowShowing('index.html');
    if (!window) throw new Error('no cashier window');
    return window.webContents;
  };
  const customer = () => {
    const window = windowShowing('display.html');
    if (!window) throw new Error('no customer window');
    return window.webContents;
  };
  const call = <T>(from: StandInWebContents, channel: string, input: unknown = {}) =>
    ipcMain.invokeFrom(from, channel, input) as Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>;
  const valueOf = async <T>(from: StandInWebContents, channel: string, input: unknown = {}): Promise<T> => {
    const result = await call<T>(from, channel, input);
    if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  };

  beforeAll(async () => {
    resetStandIn();
    const root = tempDir('app');
    dataDir = join(root, 'userData');
    app.paths.userData = dataDir;
    app.appPath = join(root, 'app');
    // As a packaged app: the better-sqlite3 addon comes from resources/native (here Node's own build,
    // since this "Electron" is Node).
    app.isPackaged = true;
    const resources = join(root, 'resources');
    mkdirSync(join(resources, 'native'), { recursive: true });
    const sqliteEntry = requireHere.resolve('better-sqlite3');
    copyFileSync(join(sqliteEntry, '..', '..', 'build', 'Release', 'better_sqlite3.node'), join(resources, 'native', 'better_sqlite3.node'));
    writableProcess.resourcesPath = resources;
    screen.plug(standInDisplay(2, { x: 1920, y: 0, width: 1280, height: 1024 }));

    moduleInternals._load = function load(this: unknown, request, parent, isMain) {
      if (request === 'electron') return electron;
      // The bundle sits in a temp folder: resolve its one external package from the project.
      if (request === 'better-sqlite3') return originalLoad.call(this, sqliteEntry, parent, isMain);
      return originalLoad.call(this, request, parent, isMain);
    };
    requireHere(bundles.main);
    await vi.waitFor(() => expect(windowShowing('index.html') && windowShowing('display.html'), 'both windows').toBeTruthy(), { timeout: 20_000, interval: 10 });
  }, 30_000);

  afterAll(async () => {
    if (!app.quitted) {
      app.quit();
      await vi.waitFor(() => expect(app.quitted, 'the app to quit').toBe(true), { timeout: 10_000, interval: 10 });
    }
    moduleInternals._load = originalLoad;
    delete requireHere.cache[bundles.main];
    writableProcess.resourcesPath = resourcesBefore;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) {
        if (!signalListenersBefore[signal].includes(listener)) process.off(signal, listener);
      }
    }
    resetStandIn();
  }, 20_000);

  it('starts in demo mode on the embedded sandbox, with the demo credentials for the login screen only', async () => {
    const session = await valueOf<SessionState>(cashier(), 'session.get');
    expect(session.status).toBe('logged_out');
    expect(session.platform.mode).toBe('sandbox');
    expect(session.platform.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.stringify(session)).not.toContain('vacances2026');
    const about = await valueOf<AppAbout>(cashier(), 'app.about');
    expect(about).toEqual({
      version: packageVersion,
      platformMode: 'sandbox',
      logFolder: join(dataDir, 'logs'),
      demo: { conventionNumber: '643736001001', password: 'vacances2026' },
    });
    expect(existsSync(join(dataDir, 'sandbox-platform.sqlite3'))).toBe(true);
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS, ...Object.keys(displayChannels), ...SHELL_CHANNELS].sort());
  });

  it('walks the seed flow: login, 20,00 € for REF253, the customer pays, both windows see it validated', async () => {
    const session = await valueOf<SessionState>(cashier(), 'session.get');
    const { demo } = await valueOf<AppAbout>(cashier(), 'app.about');
    const loggedIn = await valueOf<SessionState>(cashier(), 'session.login', {
      conventionNumber: demo?.conventionNumber,
      password: demo?.password,
    });
    expect(loggedIn.status).toBe('logged_in');
    expect(existsSync(join(dataDir, 'session-token.bin'))).toBe(true);

    const created = await valueOf<Operation>(cashier(), 'payments.create', {
      amount: 2000,
      basketNumber: 'REF253',
      customerReference: 'client-42',
    });
    expect(created).toMatchObject({ status: 'pending', amountRequested: 2000, basketNumber: 'REF253' });
    if (!created.qrPayload) throw new Error('no QR payload');

    const paymentShown = await vi.waitFor(
      () => {
        const shown = customer()
          .sent.filter((message) => message.channel === 'display.changed')
          .map((message) => message.args[0] as DisplayState)
          .find((state) => state.phase === 'payment');
        expect(shown, 'the QR on the customer window').toBeDefined();
        return shown!;
      },
      { timeout: 5_000, interval: 10 },
    );
    expect(paymentShown.payment).toMatchObject({ basketNumber: 'REF253', amountRequested: 2000, qrPayload: created.qrPayload });
    expect(JSON.stringify(customer().sent)).not.toContain('client-42');
    expect(customer().sent.every((message) => message.channel === 'display.changed')).toBe(true);

    await new SandboxApi(session.platform.url).pay(created.qrPayload, 'demo-wallet-1', 2000);

    await vi.waitFor(
      () =>
        expect(
          cashier().sent.some(
            (message) =>
              message.channel === 'payment.updated' &&
              (message.args[0] as Operation).id === created.id &&
              (message.args[0] as Operation).status === 'validated',
          ),
          'payment.updated validated on the cashier window',
        ).toBe(true),
      { timeout: 5_000, interval: 10 },
    );
    await vi.waitFor(
      () =>
        expect(
          customer().sent.some((message) => message.channel === 'display.changed' && (message.args[0] as DisplayState).phase === 'validated'),
          'the customer window to show the payment validated',
        ).toBe(true),
      { timeout: 5_000, interval: 10 },
    );
    const list = await valueOf<{ items: Operation[] }>(cashier(), 'operations.list', { status: 'validated' });
    expect(list.items.map((operation) => operation.basketNumber)).toContain('REF253');
  });

  it('writes its log in the app\'s logs folder, version and mode first, the password nowhere; « Journaux » opens it', async () => {
    const folder = join(dataDir, 'logs');
    const files = readdirSync(folder).filter((name) => LOG_FILE_PATTERN.test(name));
    expect(files).toHaveLength(1);
    const text = readFileSync(join(folder, files[0]!), 'utf8');
    const first = JSON.parse(text.split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ msg: 'companion starting', version: packageVersion, host: 'electron', name: 'electron' });
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.msg === 'platform')).toMatchObject({ kind: 'sandbox' });
    expect(text).not.toContain('vacances2026');
    expect(statSync(join(folder, files[0]!)).mode & 0o777).toBe(0o600);

    expect(await valueOf(cashier(), 'shell.openLogsFolder')).toEqual({ opened: true, path: folder });
    expect(electron.shell.openedPaths).toEqual([folder]);
    // Electron has no local API: nothing to revoke or rotate.
    expect(await valueOf(cashier(), 'display.revoke')).toBeNull();
    expect(await valueOf(cashier(), 'access.rotate')).toBeNull();
  });

  it('exports the accountant\'s CSV through the bundled worker, with the addon the app ships', async () => {
    // The worker is its own bundle beside main.cjs and loads better-sqlite3 from resources/native.
    expect(existsSync(bundles.csvWorker)).toBe(true);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    dialog.savePath = join(dataDir, 'export.csv');
    const saved = await valueOf<{ saved: boolean; path: string }>(cashier(), 'shell.saveReportCsv', { from: today, to: today });
    expect(saved).toEqual({ saved: true, path: dialog.savePath });
    const text = readFileSync(dialog.savePath, 'utf8');
    expect(text.startsWith('\ufeffDate de création;')).toBe(true);
    const rows = Papa.parse<Record<string, string>>(text.slice(1), { delimiter: ';', header: true, skipEmptyLines: true }).data;
    expect(rows).toEqual([expect.objectContaining({ 'N° de panier': 'REF253', Statut: 'Validé', 'Montant reçu': '20,00', 'Référence client': 'client-42' })]);
  });

  it('rejects bad input at the contract, and foreign senders before the core', async () => {
    expect(await call(cashier(), 'payments.create', { amount: -5, basketNumber: 'REF254' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await call(customer(), 'payments.create', { amount: 2000, basketNumber: 'REF254' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const stranger = new StandInWebContents();
    stranger.mainFrame = new StandInWebFrame(cashier().mainFrame.url);
    expect(await call(stranger, 'operations.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const list = await valueOf<{ items: Operation[] }>(cashier(), 'operations.list', {});
    expect(list.items.filter((operation) => operation.basketNumber === 'REF254')).toEqual([]);
  });

  it('keeps settings in electron-store and follows a settings change (customer display off)', async () => {
    await valueOf(cashier(), 'settings.update', { customerDisplay: { enabled: false } });
    await vi.waitFor(() => expect(windowShowing('display.html'), 'the customer window to close').toBeFalsy(), { timeout: 5_000, interval: 10 });
    const saved = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as { settings: { customerDisplay: { enabled: boolean } } };
    expect(saved.settings.customerDisplay.enabled).toBe(false);
  });

  it('focuses the cashier window when a second instance starts', async () => {
    const window = windowShowing('index.html');
    if (!window) throw new Error('no cashier window');
    window.minimize();
    app.emit('second-instance', new electron.StandInEvent(), [], process.cwd(), {});
    expect(window.isMinimized()).toBe(false);
    expect(window.focused).toBe(true);
  });

  it('quits cleanly: the core and the embedded sandbox close before the app goes', async () => {
    const session = await valueOf<SessionState>(cashier(), 'session.get');
    app.quit();
    await vi.waitFor(() => expect(app.quitted, 'the app to quit').toBe(true), { timeout: 10_000, interval: 10 });
    expect(BrowserWindow.getAllWindows()).toEqual([]);
    await expect(fetch(`${session.platform.url}/v1/health`)).rejects.toThrow();
  });
});
