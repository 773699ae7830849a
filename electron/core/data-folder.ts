// Start-up checks of the data folder, before anything is written in it: it can be written (a
// read-only or full disk is refused with a sentence, not discovered at the first payment), and
// the operation log is where it should be. A missing or empty log in a folder that has served
// before (a saved session, the log's marker, a leftover -wal, backups) is refused: starting a
// fresh one would silently stop following every request still pending on the platform. Only an
// explicit "new log" (`--new-log`) starts afresh then, and sets the leftovers aside.
import { randomUUID } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { getMeta, setMeta } from './db/operation-log';
import { fileStamp } from './file-stamp';
import type { Logger } from './ports';
import { storageErrorCode } from './storage-errors';
import { StartupRefusal } from './startup-refusal';
import { writePrivateFile } from './stores';

/** Written next to the log once it exists: this folder has an operation log, and which one. */
export const LOG_MARKER_FILE = 'operation-log.json';
const LogMarker = z.object({ logId: z.string().min(1), createdAt: z.string() });

const READ_ONLY_SENTENCE =
  'Le dossier de données du compagnon de caisse n’est pas modifiable (disque en lecture seule ou droits insuffisants) : le compagnon ne démarre pas, car il ne pourrait enregistrer aucun paiement. Prévenez votre support informatique.';
const FULL_SENTENCE =
  'Le disque de l’ordinateur de caisse est plein : le compagnon ne démarre pas, car il ne pourrait enregistrer aucun paiement. Libérez de la place ou prévenez votre support informatique.';

/** A refusal for a storage error, or null when `error` is something else. */
export function storageRefusal(error: unknown, path: string): StartupRefusal | null {
  const code = storageErrorCode(error);
  const errno = String((error as { code?: unknown }).code);
  switch (code) {
    case 'storage_read_only':
      return new StartupRefusal(code, READ_ONLY_SENTENCE, path, `Rendez ce dossier modifiable par l’utilisateur du compagnon (${errno}), ou choisissez-en un autre (--data-dir), puis relancez.`);
    case 'storage_full':
      return new StartupRefusal(code, FULL_SENTENCE, path, `Libérez de la place sur ce disque (${errno}), puis relancez.`);
    case null:
      return null;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** Creates the folder if needed and proves it can be written (a small file, written, synced, removed). */
export function checkDataFolder(dataDir: string, logFile: string): void {
  const probe = join(dataDir, `.write-check-${process.pid}`);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const fd = openSync(probe, 'w', 0o600);
    try {
      writeSync(fd, Buffer.alloc(16 * 1024));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existsSync(logFile)) accessSync(logFile, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw storageRefusal(error, existsSync(dataDir) ? dataDir : dirname(dataDir)) ?? error;
  } finally {
    try {
      unlinkSync(probe);
    } catch {
      // never created
    }
  }
}

export interface LogPresenceOptions {
  /** A session saved by an earlier run: this folder has served. */
  savedSession: boolean;
  /** Start a new, empty log even though the folder has served (`--new-log`). */
  newLog: boolean;
  log?: Logger;
}

/** Refuses to let a missing or empty log be replaced silently; with `newLog`, sets leftovers aside. */
export function checkOperationLog(logFile: string, options: LogPresenceOptions): void {
  const size = existsSync(logFile) ? statSync(logFile).size : null;
  if (size !== null && size > 0) {
    if (options.newLog) options.log?.warn('a new log was asked for, but the operation log is there: it is kept', { file: logFile });
    return;
  }
  const folder = dirname(logFile);
  const name = basename(logFile);
  const backups = readdirSync(folder).filter((entry) => entry.startsWith(`${name}.backup-`)).sort();
  const traces = [
    ...(existsSync(join(folder, LOG_MARKER_FILE)) ? [`le repère ${LOG_MARKER_FILE}`] : []),
    ...(options.savedSession ? ['une session enregistrée'] : []),
    ...(existsSync(`${logFile}-wal`) ? [`${name}-wal`] : []),
    ...(backups.length ? ['des sauvegardes'] : []),
  ];
  if (traces.length === 0) return; // a first start: nothing to lose
  if (options.newLog) {
    setAside(logFile, options.log);
    return;
  }
  const empty = size === 0;
  throw new StartupRefusal(
    empty ? 'log_empty' : 'log_missing',
    `Le journal des opérations est ${empty ? 'vide' : 'introuvable'} alors que cette caisse a déjà servi : le compagnon ne démarre pas, pour ne perdre le suivi d’aucun paiement en attente. Prévenez votre support informatique.`,
    logFile,
    [
      `Ce dossier a déjà servi (${traces.join(', ')}). Restaurez ${name} depuis une sauvegarde`,
      backups.length ? ` (dans ce dossier : ${backups.join(', ')})` : '',
      ', puis relancez. Pour repartir d’un journal vide, relancez avec --new-log : les demandes encore en attente sur la plateforme ne seront plus suivies par ce compagnon.',
    ].join(''),
  );
}

/** Renames an empty log and its leftover -wal and -shm out of the way (never deletes them). */
function setAside(logFile: string, log?: Logger): void {
  const stamp = fileStamp();
  for (const path of [logFile, `${logFile}-wal`, `${logFile}-shm`]) {
    if (!existsSync(path)) continue;
    const aside = `${path}.set-aside-${stamp}`;
    renameSync(path, aside);
    log?.warn('set aside before starting a new operation log', { file: path, now: aside });
  }
  log?.warn('a new, empty operation log is started on request: requests pending on the platform before are no longer followed', {
    file: logFile,
  });
}

/** Records which log this folder has (the marker), once the log is open. */
export function markOperationLog(db: Database.Database, logFile: string, log?: Logger): void {
  let logId = getMeta(db, 'log.id');
  if (!logId) {
    logId = randomUUID();
    setMeta(db, 'log.id', logId);
  }
  const markerFile = join(dirname(logFile), LOG_MARKER_FILE);
  let marker: z.infer<typeof LogMarker> | null = null;
  try {
    marker = LogMarker.parse(JSON.parse(readFileSync(markerFile, 'utf8')));
  } catch {
    marker = null;
  }
  if (marker?.logId === logId) return;
  if (marker) log?.warn('the operation log is not the one this folder had: restored from elsewhere?', { file: logFile, was: marker.logId, now: logId });
  writePrivateFile(markerFile, `${JSON.stringify({ logId, createdAt: new Date().toISOString() }, null, 2)}\n`);
}
