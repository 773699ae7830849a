// Where the CSV export's worker thread comes from, as code to run (`new Worker(code, { eval: true })`).
// In the Electron main it is a bundle of its own beside main.cjs, read like any file of the app
// (electron/launcher/bundle.mjs writes it and defines CSV_EXPORT_WORKER_BUNDLE). From the sources
// (`npm run serve` under tsx, the tests) it is bundled by esbuild on first use, as tsx itself would
// have transformed it: in Node 20 a worker thread does not inherit tsx's loader, and registering
// tsx in a worker costs some 50 MB where the bundled worker costs under 20. Either way the worker
// resolves no package by name: better-sqlite3's addon is given to it as a path.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundle's file name, beside main.cjs; defined only in the Electron main bundle. */
declare const CSV_EXPORT_WORKER_BUNDLE: string | undefined;

let code: string | null = null;

export function csvWorkerCode(): string {
  code ??= typeof CSV_EXPORT_WORKER_BUNDLE === 'string' ? readFileSync(join(__dirname, CSV_EXPORT_WORKER_BUNDLE), 'utf8') : bundleFromSources();
  return code;
}

/** better-sqlite3's addon for the worker: the configured one (Electron's build), else Node's. */
export function sqliteAddon(configured: string | undefined): string {
  if (configured) return configured;
  return createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
}

function bundleFromSources(): string {
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./csv-export-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  return result.outputFiles[0]!.text;
}
