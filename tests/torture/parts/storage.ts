// Storage on a bad day: the data folder read-only, the disk full while the host runs, the
// operation log emptied, deleted, replaced by garbage, by another application's database or by a
// newer app's, a migration to run, broken settings and secrets files. Each is refused at start
// (exit code not 0, the data folder's path on stderr, no existing file changed) or handled as
// promised (a clear error code, nothing lost, a backup before a migration, logins still work).
import Database from 'better-sqlite3';
import { chmodSync, closeSync, cpSync, existsSync, mkdirSync, openSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { OPERATIONS_FILE } from '../../../electron/core/companion';
import { LATEST_VERSION, openDatabase } from '../../../electron/core/db/open';
import type { Check } from '../checks';
import { dataDir, drawOne, partSeed, type TortureContext } from '../context';
import { changedFiles, checksums, filesUnder, mountTmpfs, remountReadOnly, tmpfsUnavailable, unmount } from '../files';
import { launchHost, loginThroughApi, startHost, type ApiAnswer, type LaunchResult } from '../host-process';
import { settleAndCompare } from '../ledger';
import { payAsCustomer, startPlatform, type TorturePlatform } from '../platform-process';

const START_TIMEOUT_MS = 45_000;
const ZERO = { started: 0, 'refusals without the path on stderr': 0, 'neither started nor refused': 0, 'existing files changed': 0 };

interface Rig {
  ctx: TortureContext;
  platform: TorturePlatform;
  /** A data folder with a session and two operations (one pending), the host stopped cleanly. */
  template: string;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 140 ? `${line.slice(0, 140)}…` : line;
}

/** Starts the host on `dir`; a refusal to start is what is expected. */
async function expectRefusal(rig: Rig, dir: string, what: string, args: string[] = []): Promise<{ counts: typeof ZERO; info: Record<string, string>; result: LaunchResult }> {
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

function copyTemplate(rig: Rig, name: string): string {
  const dir = dataDir(rig.ctx, `storage-${name}`, { preparedByHarness: true });
  cpSync(rig.template, dir, { recursive: true });
  return dir;
}

function logFileOf(dir: string): string {
  return join(dir, OPERATIONS_FILE);
}

function removeLog(dir: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${logFileOf(dir)}${suffix}`, { force: true });
}

// ---- the cases -------------------------------------------------------------------------------

async function firstRun(rig: Rig): Promise<Check> {
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

async function emptiedLog(rig: Rig, how: 'zero-length' | 'missing'): Promise<Check> {
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

async function replacedLog(rig: Rig, kind: 'garbage' | 'foreign' | 'newer'): Promise<Check> {
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
async function olderLog(rig: Rig): Promise<Check> {
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
async function brokenSettings(rig: Rig, platformFrom: 'command line' | 'settings'): Promise<Check> {
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

async function brokenSecrets(rig: Rig): Promise<Check> {
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

async function readOnlyFolder(rig: Rig): Promise<Check> {
  const unavailable = tmpfsUnavailable();
  const base = dataDir(rig.ctx, 'storage-read-only', { preparedByHarness: true });
  const dir = join(base, 'data');
  let mounted = false;
  try {
    if (unavailable) {
      // Without root, permissions make the folder read-only (root would ignore them).
      cpSync(rig.template, dir, { recursive: true });
      for (const file of filesUnder(dir)) execChmod(file, 0o400);
      execChmod(dir, 0o500);
    } else {
      mountTmpfs(dir, 16 * 1024);
      mounted = true;
      cpSync(rig.template, dir, { recursive: true });
      remountReadOnly(dir);
    }
    const { counts, info } = await expectRefusalWithProbe(rig, dir);
    return {
      part: 'storage',
      name: `read-only data folder (${unavailable ? 'permissions' : 'a tmpfs mounted read-only'})`,
      ran: '1 start; if it starts: 1 login and 1 create',
      mustBeZero: counts,
      info,
    };
  } finally {
    if (unavailable) execChmod(dir, 0o700);
    if (mounted) unmount(dir);
  }
}

function execChmod(path: string, mode: number): void {
  if (existsSync(path)) chmodSync(path, mode);
}

/** A refusal is expected; a host that starts anyway is asked to log in and create, and must not answer 500. */
async function expectRefusalWithProbe(rig: Rig, dir: string) {
  const before = checksums(dir);
  const result = await launchHost(rig.ctx, { dataDir: dir, platformUrl: rig.platform.url, what: 'storage: read-only folder', timeoutMs: START_TIMEOUT_MS });
  const counts: Record<string, number> = { ...ZERO, 'internal_error answers': 0 };
  const info: Record<string, string> = {};
  if (result.state === 'ready') {
    counts.started = 1;
    const answers = [
      await loginThroughApi(result.host, rig.ctx.password),
      await result.host.call('payments.create', { amount: 1_000, basketNumber: 'SRO-1' }),
    ];
    counts['internal_error answers'] = answers.filter((a) => a.status === 500).length;
    info.outcome = `started; login ${answers[0]!.status} ${answers[0]!.body?.error?.code ?? 'ok'}, create ${answers[1]!.status} ${answers[1]!.body?.error?.code ?? 'ok'}`;
    await result.host.stop();
  } else if (result.state === 'exited') {
    if (result.exit.code === 0) counts.started = 1;
    if (!result.stderr.includes(dir)) counts['refusals without the path on stderr'] = 1;
    info.outcome = `exit ${result.exit.code}: ${firstLine(result.stderr)}`;
  } else {
    counts['neither started nor refused'] = 1;
  }
  counts['existing files changed'] = changedFiles(before, checksums(dir)).length;
  return { counts, info };
}

/** Writes until the file system says it is full. */
function fillUp(dir: string): number {
  const fd = openSync(join(dir, 'filler.bin'), 'w');
  let chunk = 1 << 20;
  let written = 0;
  try {
    while (chunk >= 1) {
      try {
        written += writeSync(fd, Buffer.alloc(chunk));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        chunk >>= 1;
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

async function fullDisk(rig: Rig): Promise<Check> {
  const unavailable = tmpfsUnavailable();
  const name = 'disk full while the host runs';
  if (unavailable) return { part: 'storage', name, ran: 'nothing', mustBeZero: {}, skipped: unavailable };
  const base = dataDir(rig.ctx, 'storage-full', { preparedByHarness: true });
  const dir = join(base, 'data');
  mountTmpfs(dir, 24 * 1024);
  let host: Awaited<ReturnType<typeof startHost>> | null = null;
  try {
    cpSync(rig.template, dir, { recursive: true });
    host = await startHost(rig.ctx, { dataDir: dir, platformUrl: rig.platform.url, what: 'storage: full disk' });
    const warmUp = await host.call('payments.create', { amount: 1_000, basketNumber: 'SF-0' });
    if (warmUp.body?.ok !== true) throw new Error(`payments.create before the disk fills: ${JSON.stringify(warmUp.body)}`);
    const filled = fillUp(dir);
    const answers: ApiAnswer[] = [];
    for (let i = 1; i <= 10; i++) answers.push(await host.call('payments.create', { amount: 1_000 + i, basketNumber: `SF-${i}` }));
    answers.push(await loginThroughApi(host, rig.ctx.password));
    const temps = filesUnder(dir).filter((f) => f.endsWith('.tmp'));
    rmSync(join(dir, 'filler.bin'));
    const again = await host.call('payments.create', { amount: 2_000, basketNumber: 'SF-AFTER' });
    if (again.body?.ok === true) await payAsCustomer(rig.platform, again.body.value.qrPayload, 2_000);
    const comparison = await settleAndCompare(rig.platform, join(dir, OPERATIONS_FILE), 'SF-', { timeoutMs: rig.ctx.sizes.settleMs });
    const code = (a: ApiAnswer) => (a.body?.ok ? 'ok' : String(a.body?.error?.code ?? a.status));
    const other = answers.filter((a) => !['ok', 'storage_full'].includes(code(a)));
    return {
      part: 'storage',
      name,
      ran: `a ${24} MiB tmpfs filled (${Math.round(filled / 1e4) / 100} MB of filler); 10 creates and 1 login while full; 1 create once freed`,
      mustBeZero: {
        'answers other than ok or storage_full': other.length,
        'temp files left behind': temps.length,
        'not working again once space is freed': again.body?.ok === true ? 0 : 1,
        'host crashes': host.exit() ? 1 : 0,
        ...comparison.counts,
      },
      info: {
        'storage_full answers': answers.filter((a) => code(a) === 'storage_full').length,
        'ok while full': answers.filter((a) => code(a) === 'ok').length,
        answers: summarise(answers.map((a) => `${a.status} ${code(a)}`)),
      },
      examples: [...temps, ...comparison.examples],
    };
  } finally {
    await host?.stop();
    unmount(dir);
  }
}

function summarise(outcomes: string[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([what, n]) => `${what} ×${n}`).join(', ');
}

async function prepareTemplate(ctx: TortureContext, platform: TorturePlatform): Promise<string> {
  const dir = dataDir(ctx, 'storage-template');
  const host = await startHost(ctx, { dataDir: dir, platformUrl: platform.url, what: 'storage: template' });
  try {
    const login = await loginThroughApi(host, ctx.password);
    if (login.body?.ok !== true) throw new Error(`login: ${JSON.stringify(login.body)}`);
    const paid = await host.call('payments.create', { amount: 1_500, basketNumber: 'ST-1' });
    const pending = await host.call('payments.create', { amount: 2_500, basketNumber: 'ST-2' });
    if (paid.body?.ok !== true || pending.body?.ok !== true) throw new Error('payments.create for the template failed');
    await payAsCustomer(platform, paid.body.value.qrPayload, 1_500);
  } finally {
    await host.stop();
  }
  if (!existsSync(logFileOf(dir))) throw new Error('the template has no operation log');
  return dir;
}

export async function tortureStorage(ctx: TortureContext): Promise<Check[]> {
  const platform = await startPlatform(ctx, 'storage');
  try {
    const rig: Rig = { ctx, platform, template: await prepareTemplate(ctx, platform) };
    mkdirSync(join(ctx.workDir, 'companion'), { recursive: true });
    const full = ctx.mode === 'full';
    const cases: Array<() => Promise<Check>> = [
      // The smoke leaves out what another case already covers or what only guards against
      // refusing too much: every start costs seconds on a loaded machine.
      ...(full ? [() => firstRun(rig)] : []),
      () => readOnlyFolder(rig),
      () => fullDisk(rig),
      () => emptiedLog(rig, 'zero-length'),
      ...(full ? [() => emptiedLog(rig, 'missing')] : []),
      () => replacedLog(rig, 'garbage'),
      () => replacedLog(rig, 'foreign'),
      () => replacedLog(rig, 'newer'),
      () => olderLog(rig),
      ...(full ? [() => brokenSettings(rig, 'command line')] : []),
      () => brokenSettings(rig, 'settings'),
      () => brokenSecrets(rig),
    ];
    // A few at a time: each is mostly a process starting up.
    const checks: Check[] = new Array(cases.length);
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        ctx.progress(`storage: case ${index + 1}/${cases.length}`);
        checks[index] = await cases[index]!();
      }
    };
    await Promise.all(Array.from({ length: 3 }, worker));
    return checks;
  } finally {
    await platform.stop();
  }
}
