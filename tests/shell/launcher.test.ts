// `npm start` (issue 4 §1): where Electron cannot be installed it says so in one sentence and
// points to `npm run serve`; the Electron build of better-sqlite3 is made outside node_modules;
// `--prepare-only` stops before building and launching.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureElectron, installFailureReason } from '../../electron/launcher/electron-binary.mjs';
import { electronAddonPath, ensureElectronAddon, packagedAddonPath } from '../../electron/launcher/native-addon.mjs';
import { runLauncher } from '../../electron/launcher/start.mjs';
import { nativeBindingPath } from '../../electron/main/native-addon';
import { removeTempDirs, tempDir } from './helpers';

const SENTENCE =
  "Electron n'a pas pu être installé sur cette machine (téléchargement du binaire impossible : fetch failed): " +
  'lancez le compagnon sans Electron avec `npm run serve -- --sandbox`.';

/** A node_modules/electron whose install.js does what `script` says (the real one needs GitHub). */
function standInElectronPackage(script: string): string {
  const dir = tempDir('electron-pkg');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '41.10.7' }));
  writeFileSync(join(dir, 'install.js'), script);
  return dir;
}

// What @electron/get prints on a machine that cannot reach GitHub (seen here with the real install.js).
const FAILING_INSTALL = `
console.error('TypeError: fetch failed');
console.error('    at node:internal/deps/undici/undici:14976:13');
console.error('    at async FetchDownloader.download (file:///x/@electron/get/dist/FetchDownloader.js:46:30)');
process.exit(1);
`;

const WORKING_INSTALL = `
const fs = require('node:fs');
const path = require('node:path');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '#!/bin/sh\\n');
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
fs.writeFileSync(path.join(__dirname, 'skip-variable.txt'), process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? 'unset');
`;

describe('npm start: Electron binary', () => {
  it('says in one sentence that Electron cannot be installed, and points to npm run serve', async () => {
    const electronDir = standInElectronPackage(FAILING_INSTALL);
    const result = await ensureElectron({ electronDir, print: () => undefined });
    expect(result).toEqual({ ok: false, message: SENTENCE });
    if (result.ok) return;
    expect(result.message.split('\n')).toHaveLength(1);
    expect(result.message.match(/\.(\s|$)/g)).toHaveLength(1);
  });

  it('stops npm start right there, with exit code 1 and that sentence last', async () => {
    const electronDir = standInElectronPackage(FAILING_INSTALL);
    const printed: string[] = [];
    const later: string[] = [];
    const code = await runLauncher({
      argv: [],
      root: tempDir('root'),
      electronDir,
      print: (line) => printed.push(line),
      ensureAddon: async () => {
        later.push('addon');
        return { ok: false, message: 'unreachable' };
      },
      build: async () => void later.push('build'),
      launch: async () => {
        later.push('launch');
        return 0;
      },
    });
    expect(code).toBe(1);
    expect(printed.at(-1)).toBe(SENTENCE);
    expect(later).toEqual([]);
  });

  it('installs the binary on first start, even where CI switched the download off', async () => {
    const electronDir = standInElectronPackage(WORKING_INSTALL);
    const result = await ensureElectron({
      electronDir,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      print: () => undefined,
    });
    expect(result).toEqual({ ok: true, executable: join(electronDir, 'dist', 'electron') });
    expect(readFileSync(join(electronDir, 'skip-variable.txt'), 'utf8')).toBe('unset');
  });

  it('does not run the installer when the binary is already there', async () => {
    const electronDir = standInElectronPackage(WORKING_INSTALL);
    await ensureElectron({ electronDir, print: () => undefined });
    let ran = false;
    const again = await ensureElectron({
      electronDir,
      install: async () => {
        ran = true;
        return { code: 0, output: '' };
      },
    });
    expect(again.ok).toBe(true);
    expect(ran).toBe(false);
  });

  it('gives a reason even when the installer says nothing', () => {
    expect(installFailureReason('', 0)).toBe("le script d'installation s'est arrêté avec le code 0");
    expect(installFailureReason('Error: Electron builds are not available on platform: aix\n    at x', 1)).toBe(
      'téléchargement du binaire impossible : Electron builds are not available on platform: aix',
    );
  });
});

describe('npm start: better-sqlite3 for Electron', () => {
  /** A project folder with a better-sqlite3 package (Node build included) and stand-in build tools. */
  function project(): string {
    const root = tempDir('project');
    const sqlite = join(root, 'node_modules', 'better-sqlite3');
    mkdirSync(join(sqlite, 'build', 'Release'), { recursive: true });
    mkdirSync(join(sqlite, 'src'), { recursive: true });
    writeFileSync(join(sqlite, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }));
    writeFileSync(join(sqlite, 'src', 'better_sqlite3.cpp'), '// sources');
    writeFileSync(join(sqlite, 'build', 'Release', 'better_sqlite3.node'), 'NODE ABI 115');
    for (const [name, bin] of [
      ['prebuild-install', 'bin.js'],
      ['node-gyp', 'bin/node-gyp.js'],
    ] as const) {
      const dir = join(root, 'node_modules', name);
      mkdirSync(join(dir, 'bin'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
      writeFileSync(join(dir, bin), '');
    }
    return root;
  }

  it('builds the Electron addon in a copy, leaves Node’s build alone, and puts it where main looks', async () => {
    const root = project();
    const runs: Array<{ tool: string; args: string[]; hadNodeBuild: boolean }> = [];
    const result = await ensureElectronAddon({
      root,
      electronVersion: '41.10.7',
      platform: 'linux',
      arch: 'x64',
      print: () => undefined,
      run: async (script, args, cwd) => {
        runs.push({ tool: basename(script), args, hadNodeBuild: existsSync(join(cwd, 'build')) });
        mkdirSync(join(cwd, 'build', 'Release'), { recursive: true });
        writeFileSync(join(cwd, 'build', 'Release', 'better_sqlite3.node'), 'ELECTRON ABI 145');
        return 0;
      },
    });
    const expected = electronAddonPath(root, '41.10.7', 'linux', 'x64');
    expect(result).toEqual({ ok: true, path: expected });
    expect(readFileSync(expected, 'utf8')).toBe('ELECTRON ABI 145');
    expect(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe(
      'NODE ABI 115',
    );
    expect(runs).toEqual([
      { tool: 'bin.js', args: ['--runtime=electron', '--target=41.10.7', '--arch=x64', '--platform=linux'], hadNodeBuild: false },
    ]);
    expect(
      nativeBindingPath({
        isPackaged: false,
        appRoot: root,
        resourcesPath: '/unused',
        electronVersion: '41.10.7',
        platform: 'linux',
        arch: 'x64',
      }),
    ).toBe(expected);
  });

  it('compiles against Electron’s headers when no prebuild can be fetched, and says so when that fails too', async () => {
    const root = project();
    const tools: string[] = [];
    const result = await ensureElectronAddon({
      root,
      electronVersion: '41.10.7',
      platform: 'linux',
      arch: 'x64',
      print: () => undefined,
      run: async (script, args) => {
        tools.push(`${basename(script)} ${args.join(' ')}`);
        return 1;
      },
    });
    expect(tools).toEqual([
      'bin.js --runtime=electron --target=41.10.7 --arch=x64 --platform=linux',
      'node-gyp.js rebuild --release --target=41.10.7 --arch=x64 --dist-url=https://electronjs.org/headers',
    ]);
    expect(result).toEqual({
      ok: false,
      message:
        "Le module SQLite (better-sqlite3) n'a pas pu être préparé pour Electron (prebuild-install : code 1, node-gyp : code 1): " +
        'lancez le compagnon sans Electron avec `npm run serve -- --sandbox`.',
    });
  });

  it('does nothing when the addon for this Electron is already there', async () => {
    const root = project();
    const target = electronAddonPath(root, '41.10.7', 'linux', 'x64');
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, 'ELECTRON ABI 145');
    const result = await ensureElectronAddon({
      root,
      electronVersion: '41.10.7',
      platform: 'linux',
      arch: 'x64',
      run: async () => {
        throw new Error('must not run');
      },
    });
    expect(result).toEqual({ ok: true, path: target });
  });
});

describe('npm start: the steps', () => {
  it('--prepare-only gets Electron and the addon ready for electron-builder, then stops', async () => {
    const root = tempDir('prepare');
    const electronDir = standInElectronPackage(WORKING_INSTALL);
    const addon = join(tempDir('addon'), 'better_sqlite3.node');
    writeFileSync(addon, 'ELECTRON ABI 145');
    const steps: string[] = [];
    const code = await runLauncher({
      argv: ['--prepare-only'],
      root,
      electronDir,
      print: () => undefined,
      ensureAddon: async ({ electronVersion }) => {
        steps.push(`addon ${electronVersion}`);
        return { ok: true, path: addon };
      },
      build: async () => void steps.push('build'),
      launch: async () => {
        steps.push('launch');
        return 0;
      },
    });
    expect(code).toBe(0);
    expect(steps).toEqual(['addon 41.10.7']);
    expect(readFileSync(packagedAddonPath(root), 'utf8')).toBe('ELECTRON ABI 145');
  });

  it('builds, then runs Electron on the project folder with the remaining arguments and its exit code', async () => {
    const root = tempDir('launch');
    const electronDir = standInElectronPackage(WORKING_INSTALL);
    const steps: string[] = [];
    const code = await runLauncher({
      argv: ['--lang=fr'],
      root,
      electronDir,
      print: () => undefined,
      ensureAddon: async () => ({ ok: true, path: join(root, 'addon.node') }),
      build: async (where) => void steps.push(`build ${where}`),
      launch: async (executable, where, args) => {
        steps.push(`launch ${basename(executable)} ${where} ${args.join(' ')}`);
        return 3;
      },
    });
    expect(steps).toEqual([`build ${root}`, `launch electron ${root} --lang=fr`]);
    expect(code).toBe(3);
  });
});

afterAll(removeTempDirs);
