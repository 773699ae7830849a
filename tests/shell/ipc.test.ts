// The contract on IPC (issue 4 §1): every channel registered once by looping over the contract,
// every call checked for its sender before the core sees it, events routed to the right window.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { CHANNELS, displayChannels, type Channel, type Operation } from '../../electron/common/contract';
import { bindIpc } from '../../electron/main/ipc';
import { appPaths, type AppPaths } from '../../electron/main/paths';
import { SHELL_CHANNELS } from '../../electron/main/shell-contract';
import type { PlacementStore } from '../../electron/main/stores';
import { createCashierWindow, createCustomerWindows, type CustomerWindows } from '../../electron/main/windows';
import { IDLE_DISPLAY, recordingCompanion, recordingLogger, removeTempDirs, tempDir } from './helpers';
import {
  BrowserWindow,
  ipcMain,
  resetStandIn,
  screen,
  standInDisplay,
  StandInWebContents,
  StandInWebFrame,
} from './stand-in-electron';

const DISPLAY_CHANNELS = Object.keys(displayChannels);

const OPERATION: Operation = {
  id: 'op-1',
  platformId: 'pr-1',
  basketNumber: 'REF253',
  amountRequested: 2000,
  amountReceived: 0,
  remainder: 2000,
  status: 'pending',
  label: null,
  customerReference: 'client 42',
  sellerId: null,
  qrPayload: 'http://127.0.0.1:1/wallet?qr=abc',
  createdAt: '2026-07-01T10:00:00.000Z',
  updatedAt: '2026-07-01T10:00:00.000Z',
  expiresAt: '2026-07-01T10:05:00.000Z',
  failure: null,
  followUpOf: null,
  tillId: 'caisse-1',
  origin: 'cashier',
  remainderCollected: null,
};

function memoryPlacements(): PlacementStore {
  let saved: ReturnType<PlacementStore['load']> = null;
  return { load: () => saved, save: (placement) => void (saved = placement) };
}

function contentsOf(window: ElectronWindow | BrowserWindow): StandInWebContents {
  return window.webContents as unknown as StandInWebContents;
}

describe('IPC binding', () => {
  let paths: AppPaths;
  let cashier: ElectronWindow;
  let customerWindows: CustomerWindows;
  let recording: ReturnType<typeof recordingCompanion>;
  let logger: ReturnType<typeof recordingLogger>;
  let unbind: () => void;
  let shellCalls: string[];

  const customer = () => {
    const contents = customerWindows.contents();
    if (!contents) throw new Error('no customer window');
    return contents as unknown as StandInWebContents;
  };

  beforeEach(async () => {
    resetStandIn();
    screen.plug(standInDisplay(2, { x: 1920, y: 0, width: 1280, height: 1024 }));
    paths = appPaths(tempDir('ipc'));
    recording = recordingCompanion();
    logger = recordingLogger();
    shellCalls = [];
    cashier = createCashierWindow(paths);
    customerWindows = createCustomerWindows({
      paths,
      choice: () => ({ enabled: true, displayId: null }),
      placements: memoryPlacements(),
    });
    await customerWindows.place();
    unbind = bindIpc({
      companion: recording.companion,
      contents: { cashier: () => cashier.webContents, customer: () => customerWindows.contents() },
      pages: { cashier: paths.cashierPage, customer: paths.customerPage },
      shell: {
        'shell.openCustomerDisplay': async () => void shellCalls.push('openCustomerDisplay'),
        'shell.notify': async (input) => void shellCalls.push(`notify: ${input.title}`),
        'shell.saveReportPdf': async () => ({ saved: false, reason: 'cancelled' }),
        'shell.saveReportCsv': async () => ({ saved: false, reason: 'cancelled' }),
        'shell.openLogsFolder': async () => ({ opened: false, path: null }),
      },
      log: logger.log,
    });
  });

  afterEach(() => {
    unbind();
    customerWindows.dispose();
    resetStandIn();
  });

  it('registers every contract channel exactly once, plus only the display and shell channels', () => {
    expect(ipcMain.registrations).toHaveLength(new Set(ipcMain.registrations).size);
    expect([...ipcMain.registrations].sort()).toEqual([...CHANNELS, ...DISPLAY_CHANNELS, ...SHELL_CHANNELS].sort());
    for (const channel of CHANNELS) expect(ipcMain.handlers.has(channel)).toBe(true);
  });

  it('passes each cashier call to the core with its input, as a cashier call', async () => {
    for (const channel of CHANNELS) {
      const input = { probe: channel };
      expect(await ipcMain.invokeFrom(contentsOf(cashier), channel, input)).toEqual({ ok: true, value: { answeredBy: channel } });
    }
    expect(recording.calls.map((call) => call.channel)).toEqual(CHANNELS);
    for (const call of recording.calls) {
      expect(call.raw).toEqual({ probe: call.channel });
      expect(call.context).toEqual({ origin: 'cashier' });
    }
  });

  it('refuses a call from a webContents that is not one of our windows, without calling the core', async () => {
    const stranger = new StandInWebContents();
    stranger.mainFrame = new StandInWebFrame(contentsOf(cashier).mainFrame.url);
    const result = await ipcMain.invokeFrom(stranger, 'payments.create', { amount: 2000, basketNumber: 'REF253' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Accès refusé pour cet écran.' } });
    expect(recording.calls).toEqual([]);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'IPC call refused' }));
  });

  it('refuses our window once it shows a page that is not ours', async () => {
    contentsOf(cashier).mainFrame = new StandInWebFrame('https://evil.example/index.html');
    expect(await ipcMain.invokeFrom(contentsOf(cashier), 'session.get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    contentsOf(cashier).mainFrame = new StandInWebFrame('file:///etc/index.html');
    expect(await ipcMain.invokeFrom(contentsOf(cashier), 'session.get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(recording.calls).toEqual([]);
  });

  it('refuses a subframe, even one showing our page, and a frame that is gone', async () => {
    const top = contentsOf(cashier).mainFrame;
    const child = new StandInWebFrame(top.url, top);
    expect(await ipcMain.invokeFrom(contentsOf(cashier), 'session.get', {}, child)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ipcMain.invokeFrom(contentsOf(cashier), 'session.get', {}, null)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(recording.calls).toEqual([]);
  });

  it('accepts our page with a query or a hash', async () => {
    const top = contentsOf(cashier).mainFrame;
    contentsOf(cashier).mainFrame = new StandInWebFrame(`${top.url}?lang=en#/operations`);
    expect(await ipcMain.invokeFrom(contentsOf(cashier), 'session.get', {})).toEqual({ ok: true, value: { answeredBy: 'session.get' } });
  });

  it('lets the customer window read the display state and nothing else', async () => {
    expect(await ipcMain.invokeFrom(customer(), 'display.get', {})).toEqual({ ok: true, value: IDLE_DISPLAY });
    for (const channel of [...CHANNELS, ...SHELL_CHANNELS]) {
      expect(await ipcMain.invokeFrom(customer(), channel, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(recording.calls).toEqual([]);
    expect(shellCalls).toEqual([]);
  });

  it('does not let the cashier window use the display channel (it has the whole contract instead)', async () => {
    expect(await ipcMain.invokeFrom(contentsOf(cashier), 'display.get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('validates the display channel input like any contract input', async () => {
    expect(await ipcMain.invokeFrom(customer(), 'display.get', { extra: true })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses a closed window', async () => {
    const contents = contentsOf(cashier);
    cashier.destroy();
    expect(await ipcMain.invokeFrom(contents, 'session.get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('runs "Écran client" for the cashier window only', async () => {
    expect(await ipcMain.invokeFrom(contentsOf(cashier), 'shell.openCustomerDisplay', {})).toEqual({ ok: true, value: null });
    expect(shellCalls).toEqual(['openCustomerDisplay']);
    expect(await ipcMain.invokeFrom(contentsOf(cashier), 'shell.openCustomerDisplay', { monitor: 3 })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('turns a core that throws into an internal_error result (nothing thrown crosses IPC)', async () => {
    unbind();
    const failing = recordingCompanion(async () => {
      throw new Error('database is locked');
    });
    unbind = bindIpc({
      companion: failing.companion,
      contents: { cashier: () => cashier.webContents, customer: () => customerWindows.contents() },
      pages: { cashier: paths.cashierPage, customer: paths.customerPage },
      shell: {
        'shell.openCustomerDisplay': async () => undefined,
        'shell.notify': async () => undefined,
        'shell.saveReportPdf': async () => ({ saved: false, reason: 'cancelled' }),
        'shell.saveReportCsv': async () => ({ saved: false, reason: 'cancelled' }),
        'shell.openLogsFolder': async () => ({ opened: false, path: null }),
      },
    });
    expect(await ipcMain.invokeFrom(contentsOf(cashier), 'session.get', {})).toMatchObject({
      ok: false,
      error: { code: 'internal_error' },
    });
  });

  it('sends every contract event to the cashier window and only display events to the customer window', () => {
    contentsOf(cashier).sent.length = 0;
    customer().sent.length = 0;
    recording.emit('payment.updated', OPERATION);
    recording.emit('display.changed', IDLE_DISPLAY);
    expect(contentsOf(cashier).sent).toEqual([
      { channel: 'payment.updated', args: [OPERATION] },
      { channel: 'display.changed', args: [IDLE_DISPLAY] },
    ]);
    expect(customer().sent).toEqual([{ channel: 'display.changed', args: [IDLE_DISPLAY] }]);
  });

  it('keeps sending events to the customer window after it was re-opened on another monitor', async () => {
    screen.unplug(2);
    screen.plug(standInDisplay(3, { x: -1280, y: 0, width: 1280, height: 1024 }));
    await customerWindows.place();
    recording.emit('display.changed', IDLE_DISPLAY);
    expect(customer().sent).toEqual([{ channel: 'display.changed', args: [IDLE_DISPLAY] }]);
  });

  it('undoes everything when unbound', async () => {
    expect(recording.listenerCount()).toBeGreaterThan(0);
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
    expect(recording.listenerCount()).toBe(0);
    await expect(ipcMain.invokeFrom(contentsOf(cashier), 'session.get' satisfies Channel, {})).rejects.toThrow(/No handler/);
    unbind = () => undefined;
  });

  it('finds windows created after binding (the cashier window re-opened from the dock)', async () => {
    const reopened = new BrowserWindow({});
    await reopened.loadFile(paths.cashierPage);
    // Not yet the cashier window for the binding: refused.
    expect(await ipcMain.invokeFrom(reopened.webContents, 'session.get', {})).toMatchObject({ ok: false });
    cashier = reopened as unknown as ElectronWindow;
    expect(await ipcMain.invokeFrom(reopened.webContents, 'session.get', {})).toMatchObject({ ok: true });
  });
});

afterAll(removeTempDirs);
