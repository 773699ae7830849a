// The Electron shell refusing to start, as `npm start` would run it (the real main bundle, only
// `electron` stood in): an unreadable settings file, a data folder whose operation log has gone.
// The cashier gets a dialog with the sentence and, for support, the file; the app exits with 1 and
// writes nothing. `--new-log` is the explicit way out of a missing log.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleShell } from '../../electron/launcher/bundle.mjs';
import { removeTempDirs, tempDir } from './helpers';
import * as electron from './stand-in-electron';
import { app, BrowserWindow, dialog, resetStandIn } from './stand-in-electron';

const requireHere = createRequire(import.meta.url);
const writableProcess = process as { resourcesPath: string | undefined };
type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Loader };
const originalLoad = moduleInternals._load;
const resourcesBefore = process.resourcesPath;
const argvBefore = [...process.argv];
const signalListenersBefore = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };

let bundles: Awaited<ReturnType<typeof bundleShell>>;

beforeAll(async () => {
  bundles = await bundleShell({ outDir: tempDir('refusal-bundle') });
}, 60_000);

afterEach(async () => {
  if (BrowserWindow.getAllWindows().length > 0 && !app.quitted) {
    app.quit();
    await vi.waitFor(() => expect(app.quitted, 'the app to quit').toBe(true), { timeout: 10_000, interval: 10 });
  }
  moduleInternals._load = originalLoad;
  delete requireHere.cache[bundles.main];
  writableProcess.resourcesPath = resourcesBefore;
  process.argv.splice(0, process.argv.length, ...argvBefore);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!signalListenersBefore[signal].includes(listener)) process.off(signal, listener);
    }
  }
  resetStandIn();
}, 20_000);

afterAll(removeTempDirs);

/** A packaged app's folders, with `prepare` run on the data folder before the bundle starts. */
function launch(prepare: (userData: string) => void, argv: string[] = []): string {
  resetStandIn();
  const root = tempDir('refusal-app');
  const userData = join(root, 'userData');
  mkdirSync(userData, { recursive: true });
  prepare(userData);
  app.paths.userData = userData;
  app.appPath = join(root, 'app');
  app.isPackaged = true;
  const resources = join(root, 'resources');
  mkdirSync(join(resources, 'native'), { recursive: true });
  const sqliteEntry = requireHere.resolve('better-sqlite3');
  copyFileSync(join(sqliteEntry, '..', '..', 'build', 'Release', 'better_sqlite3.node'), join(resources, 'native', 'better_sqlite3.node'));
  writableProcess.resourcesPath = resources;
  process.argv.push(...argv);
  moduleInternals._load = function load(this: unknown, request, parent, isMain) {
    if (request === 'electron') return electron;
    if (request === 'better-sqlite3') return originalLoad.call(this, sqliteEntry, parent, isMain);
    return originalLoad.call(this, request, parent, isMain);
  };
  requireHere(bundles.main);
  return userData;
}

describe('the shell refuses to start', () => {
  it('on a settings file that is not JSON: a dialog naming the file, exit 1, no switch to the demo sandbox', async () => {
    const userData = launch((dir) => writeFileSync(join(dir, 'settings.json'), '{"settings": {"platformUrl": "https://'));
    await vi.waitFor(() => expect(app.exitCode, 'the app to exit').not.toBeNull(), { timeout: 20_000, interval: 10 });
    expect(app.exitCode).toBe(1);
    expect(dialog.errors).toHaveLength(1);
    expect(dialog.errors[0]!.content).toContain('Le fichier des paramètres du compagnon de caisse est illisible');
    expect(dialog.errors[0]!.content).toContain(join(userData, 'settings.json'));
    expect(existsSync(join(userData, 'sandbox-platform.sqlite3'))).toBe(false);
    expect(BrowserWindow.getAllWindows()).toHaveLength(0);
  });

  it('on a data folder whose operation log has gone: a dialog saying what to restore, exit 1, no new log', async () => {
    const userData = launch((dir) => writeFileSync(join(dir, 'operation-log.json'), '{"logId":"a","createdAt":"2026-11-01T10:00:00.000Z"}'));
    await vi.waitFor(() => expect(app.exitCode, 'the app to exit').not.toBeNull(), { timeout: 20_000, interval: 10 });
    expect(app.exitCode).toBe(1);
    expect(dialog.errors[0]!.content).toContain('Le journal des opérations est introuvable');
    expect(dialog.errors[0]!.content).toContain(join(userData, 'operations.sqlite3'));
    expect(existsSync(join(userData, 'operations.sqlite3'))).toBe(false);
  });

  it('starts with --new-log on that same folder', async () => {
    const userData = launch(
      (dir) => writeFileSync(join(dir, 'operation-log.json'), '{"logId":"a","createdAt":"2026-11-01T10:00:00.000Z"}'),
      ['--new-log'],
    );
    await vi.waitFor(() => expect(BrowserWindow.getAllWindows().length, 'the cashier window').toBeGreaterThan(0), { timeout: 20_000, interval: 10 });
    expect(dialog.errors).toEqual([]);
    expect(existsSync(join(userData, 'operations.sqlite3'))).toBe(true);
  });
});
