// What the harness started and must not leave behind if it is interrupted (Ctrl+C): its child
// processes (hosts, platforms) and its tmpfs mounts.
import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
const mounts = new Set<string>();

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export function trackMount(dir: string, mounted: boolean): void {
  if (mounted) mounts.add(dir);
  else mounts.delete(dir);
}

/** Kills every child still running and returns the mounts still in place, to unmount. */
export function abandon(): string[] {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  return [...mounts];
}
