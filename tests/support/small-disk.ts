// A small real disk for storage-fault tests: a tmpfs of a few hundred KiB mounted for the test, so
// "disk full" and "read-only disk" happen for real (ENOSPC, EROFS), not as a mock. Mounting needs
// root; elsewhere `smallDisk` returns null with the reason, and callers fall back to what an
// ordinary user can do (a folder without write permission) or skip with that reason.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export interface SmallDisk {
  path: string;
  /** Fills the disk to the last byte with a file of its own (removed by `free`). */
  fill(): void;
  free(): void;
  /** `mount -o remount,ro`: the whole disk becomes read-only (EROFS), as after a disk error. */
  readOnly(): void;
  writable(): void;
  unmount(): void;
}

export type SmallDiskResult = { ok: true; disk: SmallDisk } | { ok: false; reason: string };

export function smallDisk(sizeKb: number): SmallDiskResult {
  if (!isRoot) return { ok: false, reason: 'mounting a tmpfs needs root (this test runs as an ordinary user)' };
  const path = mkdtempSync(join(tmpdir(), 'cvc-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', path], { stdio: 'pipe' });
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    return { ok: false, reason: `mount -t tmpfs failed: ${String((error as { stderr?: unknown }).stderr ?? error).trim()}` };
  }
  const filler = join(path, 'filler.bin');
  const remount = (mode: 'ro' | 'rw') => execFileSync('mount', ['-o', `remount,${mode}`, path], { stdio: 'pipe' });
  return {
    ok: true,
    disk: {
      path,
      fill() {
        // One large write, then smaller ones until not a byte is left.
        for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8, 1]) {
          try {
            for (;;) writeFileSync(filler, Buffer.alloc(size), { flag: 'a' });
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          }
        }
      },
      free() {
        rmSync(filler, { force: true });
      },
      readOnly: () => remount('ro'),
      writable: () => remount('rw'),
      unmount() {
        execFileSync('umount', ['-l', path], { stdio: 'pipe' });
        rmSync(path, { recursive: true, force: true });
      },
    },
  };
}

/** A folder inside `root` (mkdir -p). */
export function folder(root: string, name: string): string {
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  return path;
}
