// Files on a bad day: checksums of a folder (to prove a refusal changed nothing), a search for
// secrets in every byte of a folder, and small tmpfs mounts (a disk that fills up, a folder that
// turns read-only) when the harness runs as root.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { trackMount } from './children';

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** sha256 of every file under `dir`, by path relative to it. */
export function checksums(dir: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const file of filesUnder(dir)) sums.set(relative(dir, file), createHash('sha256').update(readFileSync(file)).digest('hex'));
  return sums;
}

/** Files that existed before and were changed or removed since. */
export function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before].filter(([file, sum]) => after.get(file) !== sum).map(([file]) => file);
}

/** Where `needle` occurs in the files under `dir` (raw bytes), as `file ×n`. */
export function occurrences(dir: string, needle: string, skip: (file: string) => boolean = () => false): Array<{ file: string; count: number }> {
  const bytes = Buffer.from(needle, 'utf8');
  const found: Array<{ file: string; count: number }> = [];
  for (const file of filesUnder(dir)) {
    if (skip(file)) continue;
    const content = readFileSync(file);
    let count = 0;
    for (let at = content.indexOf(bytes); at !== -1; at = content.indexOf(bytes, at + 1)) count++;
    if (count) found.push({ file, count });
  }
  return found;
}

export function countIn(text: string, needle: string): number {
  if (!needle) return 0;
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

/** Permission bits that let other users read or write a file. */
export function openToOthers(file: string): boolean {
  return (statSync(file).mode & 0o077) !== 0;
}

/** Why tmpfs mounts cannot be used here, or null when they can. */
export function tmpfsUnavailable(): string | null {
  if (process.platform !== 'linux') return `tmpfs mounts need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return `tmpfs mounts need root (id -u is ${process.getuid?.()})`;
  return null;
}

export function mountTmpfs(dir: string, sizeKb: number): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir]);
  trackMount(dir, true);
}

export function remountReadOnly(dir: string): void {
  execFileSync('mount', ['-o', 'remount,ro', dir]);
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    // Still busy (a process that has not let go yet): detach it now, freed once released.
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  }
  trackMount(dir, false);
}
