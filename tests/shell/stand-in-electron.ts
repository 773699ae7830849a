// A stand-in for the `electron` module (the vitest `shell` project aliases 'electron' here: the
// Electron binary cannot be downloaded on these machines). It behaves like Electron in the parts
// the shell uses and records everything, so tests can assert what a window was created with,
// which IPC handlers exist, what was sent to a page, what was opened in the system browser.
// Only the Electron runtime is stood in: the core, the sandbox, SQLite and sockets stay real.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Rect = { x: number; y: number; width: number; height: number };

/** Electron's `Event`: listeners may call preventDefault(). */
export class StandInEvent {
  defaultPrevented = false;
  constructor(fields: Record<string, unknown> = {}) {
    Object.assign(this, fields);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class StandInWebFrame {
  constructor(
    public url: string,
    public parent: StandInWebFrame | null = null,
  ) {}
}

let nextWebContentsId = 1;

export class StandInWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  /** Every `send(channel, ...args)` the main process made to this page. */
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  mainFrame = new StandInWebFrame('about:blank');
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  private destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    // Electron serialises with the structured clone algorithm: a function or a class instance would fail here too.
    this.sent.push({ channel, args: structuredClone(args) });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  /** Every printToPDF options object; the answer is a small PDF naming the page. */
  readonly pdfRequests: Array<Record<string, unknown>> = [];
  async printToPDF(options: Record<string, unknown> = {}): Promise<Buffer> {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.pdfRequests.push(structuredClone(options));
    return Buffer.from(`%PDF-1.7\n% stand-in print of ${this.getURL()}\n%%EOF\n`);
  }

  // ---- what Chromium would do; each returns whether the page got its way ----

  /** The page navigates its main frame (a link, `location.href = …`). */
  tryNavigate(url: string): boolean {
    const event = new StandInEvent({ url, isMainFrame: true, isSameDocument: false, frame: this.mainFrame });
    this.emit('will-frame-navigate', event);
    if (!event.defaultPrevented) this.emit('will-navigate', event, url);
    return !event.defaultPrevented;
  }
  /** A server redirect during a navigation. */
  tryRedirect(url: string): boolean {
    const event = new StandInEvent({ url, isMainFrame: true, isSameDocument: false, frame: this.mainFrame });
    this.emit('will-redirect', event, url);
    return !event.defaultPrevented;
  }
  /** `window.open(url)` or a `target=_blank` link; without a handler Electron opens a window. */
  tryOpenWindow(url: string): boolean {
    if (!this.windowOpenHandler) return true;
    const details = { url, frameName: '', features: '', disposition: 'foreground-tab', referrer: { url: '', policy: 'default' } };
    return this.windowOpenHandler(details).action === 'allow';
  }
  /** A `<webview>` in the page. */
  tryAttachWebview(): boolean {
    const event = new StandInEvent();
    this.emit('will-attach-webview', event, {}, {});
    return !event.defaultPrevented;
  }
}

// ---- app ------------------------------------------------------------------------------------

class StandInApp extends EventEmitter {
  paths: Record<string, string> = {};
  appPath = process.cwd();
  isPackaged = false;
  singleInstanceLock = true;
  quitCalls = 0;
  quitted = false;
  exitCode: number | null = null;

  getPath(name: string): string {
    // Electron: without setAppLogsPath, the logs folder is inside userData on Linux and Windows.
    if (name === 'logs' && !this.paths.logs && this.paths.userData) return join(this.paths.userData, 'logs');
    const path = this.paths[name];
    if (!path) throw new Error(`stand-in app.getPath: no path set for '${name}'`);
    return path;
  }
  getAppPath(): string {
    return this.appPath;
  }
  getVersion(): string {
    return '0.1.0';
  }
  getName(): string {
    return 'cv-connect-companion';
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  isReady(): boolean {
    return true;
  }
  /** Electron: before-quit (may be prevented), then every window closes, then will-quit and quit. */
  quit(): void {
    this.quitCalls += 1;
    const beforeQuit = new StandInEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    for (const window of BrowserWindow.getAllWindows()) window.close();
    const willQuit = new StandInEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.quitted = true;
    this.emit('quit', new StandInEvent(), 0);
  }
  exit(code = 0): void {
    this.exitCode = code;
    this.quitted = true;
  }
}

export const app = new StandInApp();

// ---- windows --------------------------------------------------------------------------------

export class BrowserWindow extends EventEmitter {
  static readonly created: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.created.filter((window) => !window.isDestroyed());
  }

  readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> };
  readonly webContents = new StandInWebContents();
  loadedFile: string | null = null;
  visible = false;
  focused = false;
  shownInactive = false;
  minimized = false;
  fullScreen: boolean;
  private bounds: Rect;
  private destroyed = false;

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    const number = (key: string, fallback: number) => (typeof options[key] === 'number' ? (options[key] as number) : fallback);
    this.bounds = { x: number('x', 0), y: number('y', 0), width: number('width', 800), height: number('height', 600) };
    this.fullScreen = options.fullscreen === true;
    BrowserWindow.created.push(this);
    app.emit('web-contents-created', new StandInEvent(), this.webContents);
  }

  loadFile(path: string): Promise<void> {
    this.loadedFile = path;
    this.webContents.mainFrame = new StandInWebFrame(pathToFileURL(path).href);
    // Chromium paints the page a little later.
    setImmediate(() => {
      if (!this.destroyed) this.emit('ready-to-show');
    });
    return Promise.resolve();
  }
  get focusable(): boolean {
    return this.options.focusable !== false;
  }
  show(): void {
    this.visible = true;
    if (this.focusable) {
      for (const other of BrowserWindow.getAllWindows()) other.focused = false;
      this.focused = true;
    }
  }
  showInactive(): void {
    this.visible = true;
    this.shownInactive = true;
  }
  focus(): void {
    if (!this.focusable) return;
    for (const other of BrowserWindow.getAllWindows()) other.focused = false;
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isFocused(): boolean {
    return this.focused && !this.destroyed;
  }
  /** Another application takes the focus (the till software, a browser). */
  blur(): void {
    this.focused = false;
  }
  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }
  restore(): void {
    this.minimized = false;
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  setBounds(bounds: Partial<Rect>): void {
    this.bounds = { ...this.bounds, ...bounds };
  }
  setFullScreen(flag: boolean): void {
    this.fullScreen = flag;
  }
  setSimpleFullScreen(flag: boolean): void {
    this.fullScreen = flag;
  }
  /** The user or the app closes the window: 'close' may be prevented, then it is destroyed. */
  close(): void {
    if (this.destroyed) return;
    const event = new StandInEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroy();
    this.emit('closed');
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

// ---- IPC ------------------------------------------------------------------------------------

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

class StandInIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>();
  /** Every channel passed to handle(), in order, duplicates included. */
  readonly registrations: string[] = [];

  handle(channel: string, handler: InvokeHandler): void {
    this.registrations.push(channel);
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What Electron does when a page calls `ipcRenderer.invoke(channel, input)`; `frame` defaults
   *  to the sender's main frame. Arguments and result cross as structured clones. */
  async invokeFrom(sender: StandInWebContents, channel: string, input: unknown, frame?: StandInWebFrame | null): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const senderFrame = frame === undefined ? sender.mainFrame : frame;
    const event = { sender, senderFrame, frameId: 1, processId: 1, type: 'frame' };
    return structuredClone(await handler(event, structuredClone(input)));
  }
}

export const ipcMain = new StandInIpcMain();

class StandInIpcRenderer extends EventEmitter {
  readonly invocations: Array<{ channel: string; args: unknown[] }> = [];
  /** How "main" answers an invoke; tests replace it. */
  answer: (channel: string, ...args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: null });

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return this.answer(channel, ...args);
  }
  /** Main sends `channel` to this page (`webContents.send`): listeners get (IpcRendererEvent, payload). */
  deliver(channel: string, payload: unknown): void {
    this.emit(channel, { sender: this, senderId: 0, ports: [] }, payload);
  }
}

export const ipcRenderer = new StandInIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (contextBridge.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    contextBridge.exposed.set(key, api);
  },
};

// ---- system ---------------------------------------------------------------------------------

export const shell = {
  opened: [] as string[],
  openedPaths: [] as string[],
  openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    return Promise.resolve();
  },
  /** Electron answers '' when the file manager opened the path, an error message otherwise. */
  openPath(path: string): Promise<string> {
    shell.openedPaths.push(path);
    return Promise.resolve('');
  },
};

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
) => void;

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type PermissionCheckHandler = (contents: unknown, permission: string) => boolean;

function standInSession() {
  const recorded = {
    permissionRequestHandler: null as null | PermissionRequestHandler,
    permissionCheckHandler: null as null | PermissionCheckHandler,
    headersReceived: null as null | HeadersListener,
    setPermissionRequestHandler(handler: PermissionRequestHandler | null) {
      recorded.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler | null) {
      recorded.permissionCheckHandler = handler;
    },
    webRequest: {
      onHeadersReceived(listener: HeadersListener) {
        recorded.headersReceived = listener;
      },
    },
  };
  return recorded;
}

export const session = { defaultSession: standInSession() };

export interface StandInDisplay {
  id: number;
  bounds: Rect;
  workArea: Rect;
  scaleFactor: number;
  rotation: number;
  internal: boolean;
  label: string;
}

export function standInDisplay(id: number, bounds: Rect): StandInDisplay {
  return {
    id,
    bounds,
    workArea: { ...bounds, height: bounds.height - 40 },
    scaleFactor: 1,
    rotation: 0,
    internal: false,
    label: `Display ${id}`,
  };
}

class StandInScreen extends EventEmitter {
  displays: StandInDisplay[] = [standInDisplay(1, { x: 0, y: 0, width: 1920, height: 1080 })];
  primaryId = 1;

  getAllDisplays(): StandInDisplay[] {
    return this.displays.map((display) => structuredClone(display));
  }
  getPrimaryDisplay(): StandInDisplay {
    const primary = this.displays.find((display) => display.id === this.primaryId) ?? this.displays[0];
    if (!primary) throw new Error('stand-in screen has no display');
    return structuredClone(primary);
  }
  /** A monitor is plugged in. */
  plug(display: StandInDisplay): void {
    this.displays.push(display);
    this.emit('display-added', new StandInEvent(), display);
  }
  /** A monitor is unplugged. */
  unplug(id: number): void {
    const gone = this.displays.find((display) => display.id === id);
    this.displays = this.displays.filter((display) => display.id !== id);
    if (gone) this.emit('display-removed', new StandInEvent(), gone);
  }
  /** A monitor changes resolution. */
  change(display: StandInDisplay): void {
    this.displays = this.displays.map((existing) => (existing.id === display.id ? display : existing));
    this.emit('display-metrics-changed', new StandInEvent(), display, ['bounds', 'workArea']);
  }
}

export const screen = new StandInScreen();

/** Reversible, visibly not plaintext: enough to check that only `encryptString` output reaches the disk. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown',
  isEncryptionAvailable(): boolean {
    return safeStorage.available;
  },
  getSelectedStorageBackend() {
    return safeStorage.backend;
  },
  encryptString(plainText: string): Buffer {
    if (!safeStorage.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    const bytes = Buffer.from(plainText, 'utf8').map((byte, index) => byte ^ (0x5a + (index % 7)));
    return Buffer.concat([Buffer.from('v10'), bytes]);
  },
  decryptString(encrypted: Buffer): string {
    if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(3).map((byte, index) => byte ^ (0x5a + (index % 7)))).toString('utf8');
  },
};

/** Electron's `Notification`: records every one shown; a test clicks or closes it as the user would. */
export class Notification extends EventEmitter {
  static supported = true;
  static readonly shown: Notification[] = [];
  static isSupported(): boolean {
    return Notification.supported;
  }
  closed = false;
  constructor(readonly options: { title?: string; body?: string; urgency?: string; timeoutType?: string; silent?: boolean } = {}) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
    this.emit('show', new StandInEvent());
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', new StandInEvent());
  }
  /** The user clicks the notification. */
  click(): void {
    this.emit('click', new StandInEvent());
  }
}

export const dialog = {
  errors: [] as Array<{ title: string; content: string }>,
  showErrorBox(title: string, content: string): void {
    dialog.errors.push({ title, content });
  },
  /** Every save dialog shown, with its window and options. */
  saveDialogs: [] as Array<{ window: unknown; options: Record<string, unknown> }>,
  /** What the cashier picks in the next save dialogs: a path, or null to cancel. */
  savePath: null as string | null,
  async showSaveDialog(window: unknown, options: Record<string, unknown> = {}): Promise<{ canceled: boolean; filePath?: string }> {
    dialog.saveDialogs.push({ window, options: structuredClone(options) });
    return dialog.savePath ? { canceled: false, filePath: dialog.savePath } : { canceled: true, filePath: '' };
  },
};

export const Menu = {
  applicationMenu: undefined as unknown,
  setApplicationMenu(menu: unknown): void {
    Menu.applicationMenu = menu;
  },
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template };
  },
};

/** Back to a fresh Electron: no windows, no handlers, no listeners, one 1920×1080 monitor. */
export function resetStandIn(): void {
  for (const window of BrowserWindow.getAllWindows()) window.destroy();
  BrowserWindow.created.length = 0;
  app.removeAllListeners();
  app.paths = {};
  app.appPath = process.cwd();
  app.isPackaged = false;
  app.singleInstanceLock = true;
  app.quitCalls = 0;
  app.quitted = false;
  app.exitCode = null;
  ipcMain.removeAllListeners();
  ipcMain.handlers.clear();
  ipcMain.registrations.length = 0;
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations.length = 0;
  ipcRenderer.answer = async () => ({ ok: true, value: null });
  contextBridge.exposed.clear();
  shell.opened.length = 0;
  shell.openedPaths.length = 0;
  session.defaultSession = standInSession();
  screen.removeAllListeners();
  screen.displays = [standInDisplay(1, { x: 0, y: 0, width: 1920, height: 1080 })];
  screen.primaryId = 1;
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
  dialog.errors.length = 0;
  dialog.saveDialogs.length = 0;
  dialog.savePath = null;
  Menu.applicationMenu = undefined;
  Notification.supported = true;
  Notification.shown.length = 0;
}

const electron = {
  app,
  BrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  shell,
  session,
  screen,
  safeStorage,
  dialog,
  Menu,
  Notification,
};
export default electron;
