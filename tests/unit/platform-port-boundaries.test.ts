// The core depends on the platform port only: outside the adapters (electron/core/platform/…),
// no core module imports an adapter or the sandbox's wire types (electron/common/platform-api.ts),
// and among the adapters only the sandbox's (the API v1 client, its event stream, its gateway)
// reads those wire types. A new platform is then one adapter and its conformance run, not edits
// across the core. The import graph is read from the sources themselves.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const WIRE_TYPES = 'electron/common/platform-api.ts';
const PORT = 'electron/core/platform/gateway.ts';
/** The sandbox adapter: the documented API v1's client, its event stream, and its gateway. */
const SANDBOX_ADAPTER = [
  'electron/core/platform/sandbox-gateway.ts',
  'electron/core/platform/platform-client.ts',
  'electron/core/platform/platform-events.ts',
];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Where each relative import of a file lands, as a path from the root with its extension. */
function importTargets(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found = new Set<string>();
  const patterns = [
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g,
    /(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g,
    /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) found.add(`${relative(ROOT, resolve(ROOT, file, '..', match[1]!))}.ts`);
  }
  return [...found];
}

const core = sources('electron/core');
const outsideAdapters = core.filter((file) => !file.startsWith('electron/core/platform/'));

describe('the core depends on the platform port only', () => {
  it('reads the import graph it checks', () => {
    expect(importTargets('electron/core/payments/payment-service.ts')).toContain(PORT);
    expect(importTargets('electron/core/platform/sandbox-gateway.ts')).toContain(WIRE_TYPES);
  });

  it('keeps the sandbox wire types inside the sandbox adapter', () => {
    const readers = core.filter((file) => importTargets(file).includes(WIRE_TYPES));
    expect(readers.filter((file) => !SANDBOX_ADAPTER.includes(file))).toEqual([]);
  });

  it('reaches the platforms only through the port outside the adapters', () => {
    const adapterImports = outsideAdapters.flatMap((file) =>
      importTargets(file)
        .filter((target) => target.startsWith('electron/core/platform/') && target !== PORT)
        .map((target) => `${file} imports ${target}`),
    );
    expect(adapterImports).toEqual([]);
  });
});
