// Where code runs shows in its path (STYLE.md §1), and this test keeps it true: shared code
// imports neither Node, Electron nor the DOM's frameworks; the core, the hosts, the sandbox and
// Caisse-AP never import Electron; the renderer reaches the Node side only through the shared
// contract; only the Electron shell imports 'electron'.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every module specifier a file imports (static, dynamic, re-exports). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) found.add(match[1]!);
  for (const match of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) found.add(match[1]!);
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.add(match[1]!);
  return [...found];
}

/** Where a relative import lands, from the project root. */
function target(file: string, specifier: string): string {
  return relative(ROOT, resolve(ROOT, file, '..', specifier));
}

function violations(dir: string, allowed: (specifier: string, landsIn: string | null) => boolean): string[] {
  const bad: string[] = [];
  for (const file of sources(dir)) {
    for (const specifier of importsOf(file)) {
      const landsIn = specifier.startsWith('.') ? target(file, specifier) : null;
      if (!allowed(specifier, landsIn)) bad.push(`${file} imports ${specifier}`);
    }
  }
  return bad;
}

describe('import boundaries', () => {
  it('finds the imports it checks', () => {
    expect(importsOf('electron/common/contract/operations.ts')).toEqual(expect.arrayContaining(['zod', '../money', '../platform-api']));
  });

  it('keeps electron/common free of Node, Electron and the DOM frameworks', () => {
    // Both runtime-neutral: zod, and the SSE parser the one SSE client of both sides reads with.
    const neutral = ['zod', 'eventsource-parser'];
    expect(violations('electron/common', (s, landsIn) => neutral.includes(s) || (landsIn !== null && landsIn.startsWith('electron/common')))).toEqual([]);
  });

  it('keeps Electron out of the core, the hosts, the sandbox and Caisse-AP', () => {
    for (const dir of ['electron/core', 'electron/host', 'electron/sandbox', 'electron/caisse-ap']) {
      expect(
        violations(dir, (s, landsIn) => s !== 'electron' && !(landsIn ?? '').startsWith('electron/main')),
        dir,
      ).toEqual([]);
    }
  });

  it('lets the renderer reach the Node side only through the shared contract', () => {
    expect(
      violations('renderer', (s, landsIn) =>
        landsIn !== null
          ? landsIn.startsWith('renderer') || landsIn.startsWith('electron/common')
          : !s.startsWith('node:') && s !== 'electron' && !['better-sqlite3', 'fastify'].includes(s),
      ),
    ).toEqual([]);
  });

  it('imports electron only from the Electron shell', () => {
    const outside = ['electron/common', 'electron/core', 'electron/host', 'electron/sandbox', 'electron/caisse-ap', 'renderer'];
    for (const dir of outside) expect(violations(dir, (s) => s !== 'electron'), dir).toEqual([]);
  });
});
