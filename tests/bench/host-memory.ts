// The headless host's resident memory, as the kernel counts it (VmRSS in /proc/<pid>/status).
// The host runs as `npm run serve` runs it (`node dist/host/serve.cjs … --data-dir DIR`) or from its
// sources (`node --import tsx electron/host/cli.ts …`): one process, found by its own data folder on
// its command line.
import { readdirSync, readFileSync } from 'node:fs';

export function hostPid(dataDir: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // ended meanwhile, or not ours to read
    }
    const at = args.indexOf('--data-dir');
    if (at !== -1 && args[at + 1] === dataDir && args.some((arg) => arg.endsWith('electron/host/cli.ts') || arg.endsWith('dist/host/serve.cjs'))) return Number(entry);
  }
  throw new Error(`no headless host process with --data-dir ${dataDir}`);
}

/** Resident set size in MB (10^6 bytes). */
export function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return (Number(match[1]) * 1024) / 1e6;
}
