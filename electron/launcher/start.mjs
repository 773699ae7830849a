// `npm start`: (a) Electron's binary, (b) better-sqlite3 built for Electron, (c) the build
// (vite + the shell bundle), (d) Electron on the project folder (package.json "main" is
// dist/electron/main.cjs), stdio and exit code passed through.
// `--prepare-only` does (a) and (b), stages the addon for electron-builder, and stops
// (`npm run dist`). Other arguments go to the app.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleShell, PROJECT_ROOT } from './bundle.mjs';
import { ensureElectron } from './electron-binary.mjs';
import { ensureElectronAddon, stageAddonForPackaging } from './native-addon.mjs';

function electronVersion(electronDir) {
  return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
}

function runNode(script, args, cwd) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolveRun() : reject(new Error(`${script} exited with code ${code}`))));
  });
}

/** (c) What `npm run build` does: the renderer (vite) then the shell (esbuild). */
export async function buildApp(root) {
  await runNode(join(root, 'node_modules', 'vite', 'bin', 'vite.js'), ['build', '--logLevel', 'warn'], root);
  await bundleShell({ root });
}

/** (d) Electron on the project folder; resolves with its exit code. */
export function runElectron(executable, root, args) {
  return new Promise((resolveRun) => {
    const env = { ...process.env };
    // Set in a parent shell, it would make Electron behave as plain Node.
    delete env.ELECTRON_RUN_AS_NODE;
    const child = spawn(executable, [root, ...args], { cwd: root, env, stdio: 'inherit' });
    const forward = (signal) => () => child.kill(signal);
    const onInterrupt = forward('SIGINT');
    const onTerminate = forward('SIGTERM');
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onTerminate);
    child.on('error', (error) => {
      console.error(`Electron n'a pas pu démarrer (${error.message}).`);
      resolveRun(1);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
      resolveRun(code ?? (signal ? 1 : 0));
    });
  });
}

/** The whole launcher; every step can be replaced (tests). Resolves with the exit code. */
export async function runLauncher({
  argv = process.argv.slice(2),
  root = PROJECT_ROOT,
  electronDir = join(root, 'node_modules', 'electron'),
  print = console.error,
  ensureBinary = ensureElectron,
  ensureAddon = ensureElectronAddon,
  build = buildApp,
  launch = runElectron,
} = {}) {
  const prepareOnly = argv.includes('--prepare-only');
  const appArgs = argv.filter((arg) => arg !== '--prepare-only');

  const electron = await ensureBinary({ electronDir, print });
  if (!electron.ok) {
    print(electron.message);
    return 1;
  }
  const addon = await ensureAddon({ root, electronVersion: electronVersion(electronDir), print });
  if (!addon.ok) {
    print(addon.message);
    return 1;
  }
  if (prepareOnly) {
    stageAddonForPackaging(root, addon.path);
    return 0;
  }
  await build(root);
  return launch(electron.executable, root, appArgs);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runLauncher().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
