// What the storage cases share: a platform, a template data folder (a session and two
// operations, the host stopped cleanly) to copy, and how a refusal to start is judged.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS_FILE } from '../../../electron/core/companion';
import { dataDir, type TortureContext } from '../context';
import { changedFiles, checksums } from '../files';
import { launchHost, type LaunchResult } from '../host-process';
import type { TorturePlatform } from '../platform-process';

export const START_TIMEOUT_MS = 45_000;
export const ZERO = { started: 0, 'refusals without the path on stderr': 0, 'neither started nor refused': 0, 'existing files changed': 0 };

export interface StorageRig {
  ctx: TortureContext;
  platform: TorturePlatform;
  /** A data folder with a session and two operations (one pending), the host stopped cleanly. */
  template: string;
}

export function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 140 ? `${line.slice(0, 140)}…` : line;
}

/** Starts the host on `dir`; a refusal to start is what is expected. */
export async function expectRefusal(rig: StorageRig, dir: string, what: string, args: string[] = []): Promise<{ counts: typeof ZERO; info: Record<string, string>; result: LaunchResult }> {
  const before = checksums(dir);
  const result = await launchHost(rig.ctx, { dataDir: dir, platformUrl: rig.platform.url, args, what, timeoutMs: START_TIMEOUT_MS });
  if (result.state === 'ready') await result.host.stop();
  const changed = changedFiles(before, checksums(dir));
  const counts = { ...ZERO };
  const info: Record<string, string> = {};
  switch (result.state) {
    case 'ready':
      counts.started = 1;
      info.outcome = 'started';
      break;
    case 'hung':
      counts['neither started nor refused'] = 1;
      info.outcome = `no banner and no exit within ${START_TIMEOUT_MS / 1000} s`;
      break;
    case 'exited':
      if (result.exit.code === 0) counts.started = 1;
      if (!result.stderr.includes(dir)) counts['refusals without the path on stderr'] = 1;
      info.outcome = `exit ${result.exit.code ?? result.exit.signal}: ${firstLine(result.stderr)}`;
      break;
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
  counts['existing files changed'] = changed.length;
  if (changed.length) info.changed = changed.join(', ');
  return { counts, info, result };
}

export function copyTemplate(rig: StorageRig, name: string): string {
  const dir = dataDir(rig.ctx, `storage-${name}`, { preparedByHarness: true });
  cpSync(rig.template, dir, { recursive: true });
  return dir;
}

export function logFileOf(dir: string): string {
  return join(dir, OPERATIONS_FILE);
}

export function removeLog(dir: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${logFileOf(dir)}${suffix}`, { force: true });
}

export function summarise(outcomes: string[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([what, n]) => `${what} ×${n}`).join(', ');
}
