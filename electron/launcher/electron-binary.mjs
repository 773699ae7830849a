// Step (a) of `npm start`: make sure Electron's binary is there. npm's `allowScripts` keeps
// electron's install script out of `npm install` (and CI sets ELECTRON_SKIP_BINARY_DOWNLOAD),
// so the first `npm start` downloads it. Where that cannot work (no access to GitHub's
// releases), the merchant gets one clear sentence and the way to run without Electron.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVE_HINT = 'lancez le compagnon sans Electron avec `npm run serve -- --sandbox`.';

/** The one sentence `npm start` prints when Electron cannot be installed. */
export function missingElectronSentence(reason) {
  return `Electron n'a pas pu être installé sur cette machine (${reason}): ${SERVE_HINT}`;
}

/** The Electron executable `node_modules/electron` points to, or null when it is not there. */
export function electronExecutable(electronDir, env = process.env) {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const executable = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : join(electronDir, 'dist', relative);
  return existsSync(executable) ? executable : null;
}

/** The most telling line of a failed installer's output, short and without a final period. */
export function installFailureReason(output, exitCode) {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const telling = [...lines]
    .reverse()
    .find((line) => /(error|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|fetch failed|not available|status code)/i.test(line) && !/^at\s/.test(line));
  const detail = (telling ?? '')
    .replace(/^(\w*Error|HTTPError|RequestError)\s*:\s*/i, '')
    .replace(/[.\s]+$/, '')
    .replaceAll('(', '[')
    .replaceAll(')', ']');
  const short = detail.length > 120 ? `${detail.slice(0, 117)}…` : detail;
  return short ? `téléchargement du binaire impossible : ${short}` : `le script d'installation s'est arrêté avec le code ${exitCode}`;
}

/** Runs electron's own install.js, output captured. */
export function runElectronInstaller(electronDir, env = process.env) {
  // `npm start` means "run Electron": the CI switch that skips the download does not apply here.
  const { ELECTRON_SKIP_BINARY_DOWNLOAD: _skip, ...childEnv } = env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], {
      cwd: electronDir,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: 1, output: `${output}\nError: ${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * @returns {Promise<{ ok: true, executable: string } | { ok: false, message: string }>}
 */
export async function ensureElectron({ electronDir, env = process.env, install = runElectronInstaller, print = console.error }) {
  const present = electronExecutable(electronDir, env);
  if (present) return { ok: true, executable: present };
  if (!existsSync(join(electronDir, 'install.js'))) {
    return { ok: false, message: missingElectronSentence("le paquet npm « electron » est absent : lancez d'abord npm install") };
  }
  print("Téléchargement d'Electron (première exécution de npm start)…");
  const { code, output } = await install(electronDir, env);
  const installed = electronExecutable(electronDir, env);
  if (installed) return { ok: true, executable: installed };
  return { ok: false, message: missingElectronSentence(installFailureReason(output, code)) };
}
