// Opens the operation log: first a check that the file is ours and not from a newer app (reading
// only: a file that is refused leaves exactly as it came), then the pragmas for durability, a
// backup copy before any migration, then the migrations it lacks, all in one transaction.
import { chmodSync, closeSync, existsSync, openSync, unlinkSync } from 'node:fs';
import Database from 'better-sqlite3';
import { fileStamp } from '../file-stamp';
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
  /** Told where the copy made before a migration went. */
  onBackup?: (path: string) => void;
}

/** Payments, amounts and customer references: the log and its companions are for its user only. */
const PRIVATE = 0o600;

export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  // SQLite gives its -wal and -shm files the mode of the database file: create it private.
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE));
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    const list = options.migrationList ?? migrations;
    const current = checkIdentity(db, list);
    for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, PRIVATE);
    db.pragma('journal_mode = WAL');
    // A payment recorded must survive a power cut: fsync on every commit.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, list, current, options);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Reads (never writes) what the file says it is; returns its schema version. */
function checkIdentity(db: Database.Database, list: readonly Migration[]): number {
  let appId: number;
  let current: number;
  let tables: number;
  try {
    appId = db.pragma('application_id', { simple: true }) as number;
    current = db.pragma('user_version', { simple: true }) as number;
    tables = (db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number }).n;
  } catch (error) {
    throw new OperationLogOpenError('corrupt', `${db.name} is not a readable SQLite database (${(error as Error).message})`);
  }
  if (appId !== APPLICATION_ID && (appId !== 0 || current !== 0 || tables > 0)) {
    throw new OperationLogOpenError('foreign_file', `${db.name} is not a companion operation log`);
  }
  const known = list[list.length - 1]!.version;
  if (current > known) {
    throw new OperationLogOpenError(
      'newer_schema',
      `the operation log is at schema version ${current}, newer than this app's ${known}: update the app`,
    );
  }
  return current;
}

function migrate(db: Database.Database, file: string, list: readonly Migration[], current: number, options: OpenOptions): void {
  const target = options.targetVersion ?? list[list.length - 1]!.version;
  const pending = list.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return;
  // A migration that goes wrong (a bug, a full disk, a power cut mid-way is already covered by the
  // transaction) must never cost the merchant their history: a copy first, next to the file.
  if (current > 0) {
    const copy = backUp(db, file, current, pending[pending.length - 1]!.version);
    options.onBackup?.(copy);
  }
  db.transaction(() => {
    if (current === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}

/** `operations.sqlite3.backup-v3-to-v4-20261126T193347Z`: a consistent copy (WAL included). */
export function backUp(db: Database.Database, file: string, from: number, to: number, at = new Date()): string {
  const path = `${file}.backup-v${from}-to-v${to}-${fileStamp(at)}`;
  // VACUUM INTO writes into an empty file: create it private first.
  closeSync(openSync(path, 'wx', PRIVATE));
  try {
    db.prepare('VACUUM INTO ?').run(path);
  } catch (error) {
    // Nothing half-written stays behind.
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
    throw error;
  }
  return path;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export { LATEST_VERSION };
