// Opens the operation log: pragmas for durability, a check that the file is ours and not from a
// newer app, then the migrations it lacks, all in one transaction.
import Database from 'better-sqlite3';
import { LATEST_VERSION, migrations, type Migration } from './migrations';

/** 'CVC1' — marks the file as a Chèque-Vacances companion operation log. */
export const APPLICATION_ID = 0x43564331;

export class OperationLogOpenError extends Error {
  constructor(
    readonly code: 'newer_schema' | 'foreign_file' | 'corrupt',
    message: string,
  ) {
    super(message);
    this.name = 'OperationLogOpenError';
  }
}

export interface OpenOptions {
  /** better-sqlite3 addon built for Electron's ABI (see electron/main); Node's build when absent. */
  nativeBinding?: string;
  /** Migrate only up to this version (migration tests). */
  targetVersion?: number;
  /** The migrations to apply (tests of a future schema may pass more). */
  migrationList?: readonly Migration[];
}

export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    // A payment recorded must survive a power cut: fsync on every commit.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.migrationList ?? migrations, options.targetVersion);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database, list: readonly Migration[], target = list[list.length - 1]!.version): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (appId !== APPLICATION_ID) {
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
    if (appId !== 0 || current !== 0 || tables.n > 0) {
      throw new OperationLogOpenError('foreign_file', `${db.name} is not a companion operation log`);
    }
  }
  const known = list[list.length - 1]!.version;
  if (current > known) {
    throw new OperationLogOpenError(
      'newer_schema',
      `the operation log is at schema version ${current}, newer than this app's ${known}: update the app`,
    );
  }
  const pending = list.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return;
  db.transaction(() => {
    if (current === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export { LATEST_VERSION };
