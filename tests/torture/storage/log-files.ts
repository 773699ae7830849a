// The data folder's files gone wrong: the operation log emptied, deleted, replaced by random
// bytes, by another application's database, by a newer app's; a log to migrate; settings and
// secrets files cut in the middle.
import Database from 'better-sqlite3';
import { rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LATEST_VERSION, openDatabase } from '../../../electron/core/db/open';
import type { Check } from '../checks';
import { dataDir, drawOne, partSeed } from '../context';
import { filesUnder } from '../files';
import { launchHost, loginThroughApi, type ApiAnswer } from '../host-process';
import { copyTemplate, expectRefusal, firstLine, logFileOf, removeLog, START_TIMEOUT_MS, type StorageRig } from './common';

export async function firstRun(rig: StorageRig): Promise<Check> {
  const dir = dataDir(rig.ctx, 'storage-first-run');
  const result = await launchHost(rig.ctx, { dataDir: dir, platformUrl: rig.platform.url, what: 'storage: first run', timeoutMs: START_TIMEOUT_MS });
  if (result.state === 'ready') await result.host.stop();
  return {
    part: 'storage',
    name: 'first run on an empty folder starts',
    ran: '1 start',
    mustBeZero: { 'refused to start': result.state === 'ready' ? 0 : 1 },
    ...(result.state === 'exited' ? { examples: [result.stderr] } : {}),
  };
}

export async function emptiedLog(rig: StorageRig, how: 'zero-length' | 'missing'): Promise<Check> {
  const dir = copyTemplate(rig, how);
  if (how === 'zero-length') {
    truncateSync(logFileOf(dir), 0);
    for (const suffix of ['-wal', '-shm']) rmSync(`${logFileOf(dir)}${suffix}`, { force: true });
  } else {
    removeLog(dir);
  }
  const refused = await expectRefusal(rig, dir, `storage: ${how} log`);
  const fresh = await launchHost(rig.ctx, { dataDir: dir, platformUrl: rig.platform.url, args: ['--new-log'], what: `storage: ${how} log, --new-log`, timeoutMs: START_TIMEOUT_MS });
  if (fresh.state === 'ready') await fresh.host.stop();
  return {
    part: 'storage',
    name: `${how} operation log while a session and pending work exist`,
    ran: 'started without, then with --new-log',
    mustBeZero: { ...refused.counts, 'refused with --new-log': fresh.state === 'ready' ? 0 : 1 },
    info: { ...refused.info, ...(fresh.state === 'exited' ? { 'with --new-log': `exit ${fresh.exit.code}: ${firstLine(fresh.stderr)}` } : {}) },
  };
}

export async function replacedLog(rig: StorageRig, kind: 'garbage' | 'foreign' | 'newer'): Promise<Check> {
  const dir = copyTemplate(rig, kind);
  const file = logFileOf(dir);
  switch (kind) {
    case 'garbage': {
      removeLog(dir);
      const bytes = drawOne(fc.uint8Array({ minLength: 65_536, maxLength: 65_536 }), partSeed(rig.ctx, 'storage-garbage'));
      writeFileSync(file, bytes);
      break;
    }
    case 'foreign': {
      removeLog(dir);
      const db = new Database(file);
      db.pragma('application_id = 305419896');
      db.exec(`CREATE TABLE recettes (id INTEGER PRIMARY KEY, nom TEXT); INSERT INTO recettes (nom) VALUES ('tarte tatin'), ('far breton');`);
      db.close();
      break;
    }
    case 'newer': {
      const db = new Database(file);
      db.pragma(`user_version = ${LATEST_VERSION + 1}`);
      db.close();
      break;
    }
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
  const { counts, info } = await expectRefusal(rig, dir, `storage: ${kind} log`);
  const described = { garbage: '64 KiB of random bytes', foreign: "another application's SQLite database", newer: `a log at schema version ${LATEST_VERSION + 1}` }[kind];
  return { part: 'storage', name: `operation log replaced by ${described}`, ran: '1 start', mustBeZero: counts, info };
}

/** A log one schema version behind: the host migrates it, after keeping a copy. */
export async function olderLog(rig: StorageRig): Promise<Check> {
  const dir = dataDir(rig.ctx, 'storage-older', { preparedByHarness: true });
  const file = logFileOf(dir);
  const from = LATEST_VERSION - 1;
  const db = openDatabase(file, { targetVersion: from });
  const at = new Date().toISOString();
  db.prepare(
    `INSERT INTO operations (id, idempotency_key, convention_number, basket_number, amount_requested_cents, amount_received_cents,
       status, till_id, origin, created_at, updated_at) VALUES (?, ?, '643736001001', 'OLD-1', 1500, 1500, 'validated', 'caisse-1', 'cashier', ?, ?)`,
  ).run('old-operation-1', 'old-key-1', at, at);
  db.close();
  const result = await launchHost(rig.ctx, { dataDir: dir, platformUrl: rig.platform.url, what: 'storage: older log', timeoutMs: START_TIMEOUT_MS });
  if (result.state === 'ready') await result.host.stop();
  const backups = filesUnder(dir).filter((candidate) => candidate !== file && !/-(wal|shm)$/.test(candidate) && isBackup(candidate, from));
  return {
    part: 'storage',
    name: `operation log at schema version ${from}: migrated after a backup`,
    ran: '1 start',
    mustBeZero: { 'refused to start': result.state === 'ready' ? 0 : 1, 'migrations without a backup': backups.length ? 0 : 1 },
    info: { backups: backups.map((b) => b.slice(dir.length + 1)).join(', ') || 'none' },
  };
}

/** A copy of the log as it was before the migration: its version, its operation. */
function isBackup(candidate: string, version: number): boolean {
  try {
    const db = new Database(candidate, { readonly: true, fileMustExist: true });
    try {
      const userVersion = db.pragma('user_version', { simple: true }) as number;
      const row = db.prepare(`SELECT count(*) AS n FROM operations WHERE id = 'old-operation-1'`).get() as { n: number };
      return userVersion === version && row.n === 1;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** A settings file cut in the middle, read by the core (platform given on the command line) and
 *  by the command line itself (the platform taken from the settings, as a till starts it). */
export async function brokenSettings(rig: StorageRig, platformFrom: 'command line' | 'settings'): Promise<Check> {
  const dir = copyTemplate(rig, `settings-${platformFrom === 'settings' ? 'cli' : 'core'}`);
  const file = join(dir, 'settings.json');
  writeFileSync(file, '{"language": "fr", "tillId": ');
  const result = await launchHost(rig.ctx, {
    dataDir: dir,
    platformUrl: platformFrom === 'settings' ? null : rig.platform.url,
    what: `storage: broken settings.json (${platformFrom})`,
    timeoutMs: START_TIMEOUT_MS,
  });
  let named = false;
  if (result.state === 'ready') {
    await result.host.stop();
    named = `${result.host.stdout()}${result.host.stderr()}`.includes(file);
  }
  const refusedBlind = result.state === 'exited' && !result.stderr.includes(file);
  return {
    part: 'storage',
    name: `settings.json cut in the middle (platform URL from the ${platformFrom})`,
    ran: '1 start (starting with the defaults, or refusing with the file named: both fine)',
    mustBeZero: { 'refusals that do not name settings.json': refusedBlind ? 1 : 0, 'neither started nor refused': result.state === 'hung' ? 1 : 0 },
    info: {
      outcome: result.state === 'exited' ? `exit ${result.exit.code}: ${firstLine(result.stderr)}` : result.state,
      ...(result.state === 'ready' ? { 'settings.json named in the output': named ? 'yes' : 'no' } : {}),
    },
  };
}

export async function brokenSecrets(rig: StorageRig): Promise<Check> {
  const dir = copyTemplate(rig, 'secrets');
  writeFileSync(join(dir, 'secrets.json'), '{"platform-session": "{\\"accessToken');
  const result = await launchHost(rig.ctx, { dataDir: dir, platformUrl: rig.platform.url, what: 'storage: broken secrets.json', timeoutMs: START_TIMEOUT_MS });
  let login: ApiAnswer | null = null;
  if (result.state === 'ready') {
    login = await loginThroughApi(result.host, rig.ctx.password);
    await result.host.stop();
  }
  return {
    part: 'storage',
    name: 'secrets.json cut in the middle: the cashier can still log in',
    ran: '1 start, 1 login',
    mustBeZero: { 'refused to start': result.state === 'ready' ? 0 : 1, 'logins refused': login?.body?.ok === true ? 0 : 1 },
    info: { login: login ? `${login.status} ${login.body?.ok ? 'ok' : login.body?.error?.code}` : 'not tried' },
  };
}
