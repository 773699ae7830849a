// What the fuzz parts share: one running host (Caisse-AP on, platform behind the fault proxy),
// and a read-only view of its log to see what each call changed.
import type Database from 'better-sqlite3';
import type { TortureContext } from '../context';
import type { FaultProxy } from '../fault-proxy';
import type { TortureHost } from '../host-process';
import type { TorturePlatform } from '../platform-process';

export interface FuzzRig {
  ctx: TortureContext;
  seed: number;
  platform: TorturePlatform;
  proxy: FaultProxy;
  host: TortureHost;
  logFile: string;
  /** A read-only view of the log, to see what each call changed. */
  log: Database.Database;
}
