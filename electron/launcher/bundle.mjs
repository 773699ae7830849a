// Bundles the Electron shell with esbuild (part of `npm run build`, after `vite build`):
//   electron/main/main.ts            → dist/electron/main.cjs            (package.json "main")
//   electron/main/preload.ts         → dist/electron/preload.cjs         (cashier window)
//   electron/main/display-preload.ts → dist/electron/display-preload.cjs (customer window)
//   electron/core/reports/csv-export-worker.ts → dist/electron/csv-export-worker.cjs (the CSV
//     export's worker threads: main reads it and runs it as code, so it needs no path inside the
//     asar archive; better-sqlite3's JavaScript is bundled in, its addon is given as a path)
//   electron/host/cli.ts             → dist/host/serve.cjs               (`npm run serve`: the headless
//     host starts from one file instead of transpiling its sources at each start)
// Main keeps `electron` and `better-sqlite3` (a native addon, loaded through `nativeBinding`)
// outside; everything else is bundled, electron-store and conf too (ESM-only packages).
// A sandboxed preload may `require` only 'electron': preloads are built for the browser
// platform, so any Node import in them fails here instead of at run time.
//
// Usage: node electron/launcher/bundle.mjs [--out DIR]
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
const CSV_WORKER_FILE = 'csv-export-worker.cjs';

/** @param {{ root?: string, outDir?: string }} [options] */
export async function bundleShell(options = {}) {
  const root = options.root ?? PROJECT_ROOT;
  const outDir = resolve(root, options.outDir ?? 'dist/electron');
  const hostDir = resolve(outDir, '..', 'host');
  const outDirName = basename(outDir);
  const common = /** @type {const} */ ({
    absWorkingDir: root,
    bundle: true,
    format: 'cjs',
    logLevel: 'warning',
    legalComments: 'none',
    charset: 'utf8',
  });
  const preload = /** @type {const} */ ({
    ...common,
    platform: 'browser',
    target: 'chrome120',
    external: ['electron'],
    minify: true,
  });
  await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/main/main.ts'],
      outfile: resolve(outDir, 'main.cjs'),
      platform: 'node',
      target: 'node22',
      external: ['electron', 'better-sqlite3'],
      sourcemap: 'linked',
      // The CSV export finds its worker bundle beside main.cjs; its from-the-sources branch (the
      // only user of import.meta in main) is never taken here.
      define: { CSV_EXPORT_WORKER_BUNDLE: JSON.stringify(CSV_WORKER_FILE), 'import.meta.url': 'undefined' },
    }),
    build({
      ...common,
      entryPoints: ['electron/core/reports/csv-export-worker.ts'],
      outfile: resolve(outDir, CSV_WORKER_FILE),
      platform: 'node',
      target: 'node22',
    }),
    build({
      ...common,
      entryPoints: ['electron/host/cli.ts'],
      outfile: resolve(hostDir, 'serve.cjs'),
      platform: 'node',
      target: 'node20',
      external: ['better-sqlite3'],
      sourcemap: 'linked',
      // What the sources read from import.meta, as this file sees it; the CSV export's worker is
      // the shell's bundle, next door.
      banner: { js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
      define: {
        CSV_EXPORT_WORKER_BUNDLE: JSON.stringify(`../${outDirName}/${CSV_WORKER_FILE}`),
        'import.meta.url': '__bundle_url',
        'import.meta.dirname': '__dirname',
      },
    }),
    build({ ...preload, entryPoints: ['electron/main/preload.ts'], outfile: resolve(outDir, 'preload.cjs') }),
    build({ ...preload, entryPoints: ['electron/main/display-preload.ts'], outfile: resolve(outDir, 'display-preload.cjs') }),
  ]);
  return {
    main: resolve(outDir, 'main.cjs'),
    preload: resolve(outDir, 'preload.cjs'),
    displayPreload: resolve(outDir, 'display-preload.cjs'),
    csvWorker: resolve(outDir, CSV_WORKER_FILE),
    serve: resolve(hostDir, 'serve.cjs'),
  };
}

function outArgument(argv) {
  const index = argv.indexOf('--out');
  return index >= 0 ? argv[index + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const started = Date.now();
  const outDir = outArgument(process.argv.slice(2));
  bundleShell(outDir ? { outDir: resolve(outDir) } : {}).then(
    (files) => console.log(`bundled in ${Date.now() - started} ms: ${Object.values(files).join(', ')}`),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
