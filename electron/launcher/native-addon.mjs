// Step (b) of `npm start`: better-sqlite3 built for Electron's ABI, in its own folder, so that
// node_modules keeps Node's build for the tests and `npm run serve` (issue 4 §1). The addon is
// fetched (prebuild-install, Electron prebuilds of better-sqlite3) or compiled (node-gyp against
// Electron's headers) in a temporary copy of the package, never in node_modules itself.
// electron/main/native-addon.ts reads it from the same place (`nativeBinding`).
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { SERVE_HINT } from './electron-binary.mjs';

export const ADDON_FILE = 'better_sqlite3.node';

/** `.electron-native/electron-41.10.7-linux-x64/better_sqlite3.node` (same as electron/main/native-addon.ts). */
export function electronAddonPath(root, electronVersion, platform = process.platform, arch = process.arch) {
  return join(root, '.electron-native', `electron-${electronVersion}-${platform}-${arch}`, ADDON_FILE);
}

/** Where `npm run dist` picks the addon up (build/electron-builder.yml, extraResources). */
export function packagedAddonPath(root, platform = process.platform, arch = process.arch) {
  return join(root, '.electron-native', 'package', `${platform}-${arch}`, ADDON_FILE);
}

export function missingAddonSentence(reason) {
  return `Le module SQLite (better-sqlite3) n'a pas pu être préparé pour Electron (${reason}): ${SERVE_HINT}`;
}

function runNode(script, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function resolveFrom(root, specifier) {
  try {
    return createRequire(join(root, 'package.json')).resolve(specifier);
  } catch {
    return null;
  }
}

function copyAtomically(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  const temporary = `${to}.tmp`;
  copyFileSync(from, temporary);
  renameSync(temporary, to);
}

/**
 * @returns {Promise<{ ok: true, path: string } | { ok: false, message: string }>}
 */
export async function ensureElectronAddon({
  root,
  electronVersion,
  platform = process.platform,
  arch = process.arch,
  run = runNode,
  print = console.error,
}) {
  const target = electronAddonPath(root, electronVersion, platform, arch);
  if (existsSync(target)) return { ok: true, path: target };

  const source = join(root, 'node_modules', 'better-sqlite3');
  if (!existsSync(join(source, 'package.json'))) {
    return { ok: false, message: missingAddonSentence("better-sqlite3 est absent de node_modules : lancez d'abord npm install") };
  }
  print(`Préparation de better-sqlite3 pour Electron ${electronVersion} (${platform}-${arch})…`);
  const work = mkdtempSync(join(tmpdir(), 'cvc-electron-addon-'));
  try {
    const copy = join(work, 'better-sqlite3');
    // Everything but Node's build: the sources stay for node-gyp, the Node addon stays put.
    cpSync(source, copy, {
      recursive: true,
      filter: (path) => relative(source, path).split(sep)[0] !== 'build',
    });
    const built = join(copy, 'build', 'Release', ADDON_FILE);
    const attempts = [];

    const prebuild = resolveFrom(root, 'prebuild-install/bin.js');
    if (prebuild) {
      const code = await run(prebuild, ['--runtime=electron', `--target=${electronVersion}`, `--arch=${arch}`, `--platform=${platform}`], copy);
      if (!existsSync(built)) attempts.push(`prebuild-install : code ${code}`);
    } else {
      attempts.push('prebuild-install introuvable');
    }

    if (!existsSync(built)) {
      const nodeGyp = resolveFrom(root, 'node-gyp/bin/node-gyp.js');
      if (nodeGyp) {
        const code = await run(
          nodeGyp,
          ['rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers'],
          copy,
        );
        if (!existsSync(built)) attempts.push(`node-gyp : code ${code}`);
      } else {
        attempts.push('node-gyp introuvable');
      }
    }

    if (!existsSync(built)) return { ok: false, message: missingAddonSentence(attempts.join(', ')) };
    copyAtomically(built, target);
    return { ok: true, path: target };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `npm run dist`: puts the addon where electron-builder's extraResources looks for it. */
export function stageAddonForPackaging(root, addonPath, platform = process.platform, arch = process.arch) {
  const staged = packagedAddonPath(root, platform, arch);
  copyAtomically(addonPath, staged);
  return staged;
}
