// The OS notification of the Electron shell, through the shell as app.ts wires it (real core,
// real embedded sandbox, real SQLite in a temp folder; only `electron` is stood in): the cashier
// page asks with `shell.notify` when a request ends; the shell shows it only when the cashier
// window is out of sight, and a click brings the window back. Input is checked like any IPC input.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { MemorySecretStore } from '../../electron/core/stores';
import { silentLogger } from '../../electron/core/logger';
import { startShell, type RunningShell } from '../../electron/main/app';
import { appPaths } from '../../electron/main/paths';
import type { KeyValueStore } from '../../electron/main/stores';
import { recordingLogger, removeTempDirs, tempDir } from './helpers';
import { BrowserWindow, ipcMain, Notification, resetStandIn, screen, standInDisplay, type StandInWebContents } from './stand-in-electron';

const NOTICE = { title: 'Paiement validé', body: '30,00 € reçus — panier REF300' };

function mapStore(): KeyValueStore {
  const data = new Map<string, unknown>();
  return { get: (key) => data.get(key), set: (key, value) => void data.set(key, structuredClone(value)) };
}

describe('OS notifications from the cashier page', () => {
  let shell: RunningShell;
  let cashier: BrowserWindow;
  let logger: ReturnType<typeof recordingLogger>;

  const contentsOf = (window: ElectronWindow | BrowserWindow) => window.webContents as unknown as StandInWebContents;
  const notify = (from: StandInWebContents, input: unknown) => ipcMain.invokeFrom(from, 'shell.notify', input);

  beforeEach(async () => {
    resetStandIn();
    screen.plug(standInDisplay(2, { x: 1920, y: 0, width: 1280, height: 1024 }));
    const root = tempDir('notify');
    mkdirSync(join(root, 'userData'));
    logger = recordingLogger();
    shell = await startShell({
      paths: appPaths(join(root, 'app')),
      dataDir: join(root, 'userData'),
      store: mapStore(),
      secretStore: new MemorySecretStore(),
      log: { ...silentLogger, warn: logger.log.warn },
    });
    cashier = shell.cashierWindow() as unknown as BrowserWindow;
    await vi.waitFor(() => expect(cashier.visible && cashier.focused, 'the cashier window in front').toBeTruthy(), { timeout: 5_000, interval: 10 });
  }, 30_000);

  afterEach(async () => {
    await shell?.shutdown();
    resetStandIn();
  });
  afterAll(removeTempDirs);

  it('shows nothing while the cashier window is in front: the page says it itself', async () => {
    expect(await notify(contentsOf(cashier), NOTICE)).toEqual({ ok: true, value: null });
    expect(Notification.shown).toHaveLength(0);
  });

  it('shows the page’s words when the window is in the background, and a click brings it back', async () => {
    cashier.blur(); // the cashier went to the till software
    expect(await notify(contentsOf(cashier), NOTICE)).toEqual({ ok: true, value: null });
    expect(Notification.shown).toHaveLength(1);
    const [shown] = Notification.shown;
    expect(shown!.options).toMatchObject({ ...NOTICE, urgency: 'critical', timeoutType: 'never' });

    shown!.click();
    expect(cashier.focused).toBe(true);
    expect(shown!.closed).toBe(true);
  });

  it('shows it for a minimised window, and restores the window on click', async () => {
    cashier.minimize();
    await notify(contentsOf(cashier), NOTICE);
    expect(Notification.shown).toHaveLength(1);
    Notification.shown[0]!.click();
    expect(cashier.isMinimized()).toBe(false);
    expect(cashier.focused).toBe(true);
  });

  it('refuses bad input and another window, and shows nothing for them', async () => {
    cashier.blur();
    expect(await notify(contentsOf(cashier), { title: '' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await notify(contentsOf(cashier), { ...NOTICE, title: 'x'.repeat(121) })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await notify(contentsOf(cashier), { ...NOTICE, html: '<b>' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const customer = shell.customerWindows.contents() as unknown as StandInWebContents;
    expect(await notify(customer, NOTICE)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(Notification.shown).toHaveLength(0);
  });

  it('says so in the log where the system has no notifications (the page title still changes)', async () => {
    Notification.supported = false;
    cashier.blur();
    expect(await notify(contentsOf(cashier), NOTICE)).toEqual({ ok: true, value: null });
    expect(Notification.shown).toHaveLength(0);
    expect(logger.lines.map((line) => line.message)).toContain(
      'OS notifications are not supported here: the page title says it instead',
    );
  });
});
