// What a window downloads and parses before it can show anything: every script its built HTML
// page loads (the entry, its modulepreloads) and every chunk those import statically, raw and
// gzip-compressed. Chunks only imported with import() are listed apart: they load later, if ever.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface WindowScripts {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  lazyFiles: string[];
}

const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+?\.js)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'](\.{1,2}\/[^"']+?\.js)["']\s*\)/g;
const PAGE_SCRIPT = /<script\b[^>]*\bsrc="([^"]+\.js)"|<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g;

export function windowScripts(rendererDir: string, page: string): WindowScripts {
  const html = readFileSync(join(rendererDir, page), 'utf8');
  const queue = [...html.matchAll(PAGE_SCRIPT)].map((match) => resolve(rendererDir, match[1] ?? match[2]!));
  const loaded = new Set<string>();
  const lazy = new Set<string>();
  while (queue.length) {
    const file = queue.shift()!;
    if (loaded.has(file)) continue;
    loaded.add(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(STATIC_IMPORT)) queue.push(resolve(dirname(file), match[1]!));
    for (const match of code.matchAll(DYNAMIC_IMPORT)) lazy.add(resolve(dirname(file), match[1]!));
  }
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of loaded) {
    const bytes = readFileSync(file);
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes).length;
  }
  const name = (file: string) => relative(rendererDir, file);
  return {
    files: [...loaded].map(name),
    rawBytes,
    gzipBytes,
    lazyFiles: [...lazy].filter((file) => !loaded.has(file)).map(name),
  };
}

/** Whether a source the renderer is built from changed after the build (the figures would
 *  describe older code). */
export function buildIsStale(rendererDir: string, sourceDirs: string[]): boolean {
  const built = statSync(join(rendererDir, 'index.html')).mtimeMs;
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const path = join(dir, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  return sourceDirs.some((dir) => newest(dir) > built);
}
