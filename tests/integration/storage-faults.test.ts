// Bad days for the disk, made real: a read-only data folder, a full disk at start and while
// trading. The headless host runs as a real child process on a real (small) file system; the
// platform is a real sandbox elsewhere. Each fault gets a clear sentence, nothing half-written is
// left behind, and the files already there keep their exact bytes.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { platformRequests, tempDir } from '../support/companion';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';
import { folder, isRoot, smallDisk, type SmallDisk } from '../support/small-disk';

const ROOT = resolve(import.meta.dirname, '../..');

let sandbox: RunningSandbox;
let disk: SmallDisk | null = null;
let scratch: ReturnType<typeof tempDir>;
let running: CompanionProcess | null = null;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0 });
  scratch = tempDir('cvc-storage-');
});

afterEach(async () => {
  await running?.stop();
  running = null;
  if (disk) {
    disk.writable();
    disk.free();
    disk.unmount();
  }
  disk = null;
  await sandbox.close();
  scratch.remove();
});

function start(dataDir: string): Promise<CompanionProcess> {
  return spawnCompanion({ dataDir, args: ['--platform-url', sandbox.url] });
}

function startExpectingRefusal(dataDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/host/cli.ts', '--port', '0', '--data-dir', dataDir, '--platform-url', sandbox.url],
      { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // 'close', not 'exit': what the host wrote last may still be in the pipes at its exit.
    child.once('close', (code) => done({ code, output }));
  });
}

const login = (companion: CompanionProcess) =>
  companion.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD });

/** Every file of the folder (and of its sub-folders, such as logs/) with its checksum. */
function snapshot(dataDir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dataDir, join(entry.parentPath, entry.name)))
      .sort()
      .map((name) => [name, createHash('sha256').update(readFileSync(join(dataDir, name))).digest('hex')]),
  );
}

function rows(dataDir: string): number {
  const db = new Database(join(dataDir, 'operations.sqlite3'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM operations').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A small disk when root can mount one; otherwise the test is skipped with the reason. */
function mountOrSkip(sizeKb: number, skip: (note: string) => void): SmallDisk {
  const mounted = smallDisk(sizeKb);
  if (!mounted.ok) {
    skip(`no small disk: ${mounted.reason}`);
    throw new Error('skipped');
  }
  disk = mounted.disk;
  return mounted.disk;
}

describe('a read-only data folder', () => {
  it('refuses to start with a French sentence and the folder’s path, and changes no file in it', async (context) => {
    let dataDir: string;
    let makeReadOnly: () => void;
    if (isRoot) {
      // Root writes through permission bits: only a read-only mount really stops it.
      const small = mountOrSkip(4096, (note) => context.skip(note));
      dataDir = folder(small.path, 'data');
      makeReadOnly = () => small.readOnly();
    } else {
      dataDir = folder(scratch.path, 'data');
      makeReadOnly = () => chmodSync(dataDir, 0o500);
    }
    const first = await start(dataDir);
    expect((await login(first)).status).toBe(200);
    await first.stop();
    const before = snapshot(dataDir);

    makeReadOnly();
    const refused = await startExpectingRefusal(dataDir);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Le dossier de données du compagnon de caisse n’est pas modifiable');
    expect(refused.output).toContain(dataDir);
    expect(refused.output).toMatch(isRoot ? /EROFS/ : /EACCES/);
    expect(snapshot(dataDir)).toEqual(before);
    if (!isRoot) chmodSync(dataDir, 0o700);
  });
});

describe('a full disk', () => {
  it('at start: refuses with a sentence that says the disk is full', async (context) => {
    const small = mountOrSkip(4096, (note) => context.skip(note));
    const dataDir = folder(small.path, 'data');
    const first = await start(dataDir);
    await first.stop();
    const before = snapshot(dataDir);
    small.fill();
    const refused = await startExpectingRefusal(dataDir);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Le disque de l’ordinateur de caisse est plein');
    expect(refused.output).toMatch(/ENOSPC/);
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('while trading: a create is refused with storage_full (507), nothing is half-written, and it works again once space is freed', async (context) => {
    const small = mountOrSkip(4096, (note) => context.skip(note));
    const dataDir = folder(small.path, 'data');
    running = await start(dataDir);
    expect((await login(running)).status).toBe(200);
    expect((await running.call('payments.create', { amount: 1000, basketNumber: 'FULL-0' })).status).toBe(200);
    const before = rows(dataDir);

    small.fill();
    const refused = await running.call('payments.create', { amount: 2000, basketNumber: 'FULL-1' });
    expect(refused.status).toBe(507);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'storage_full', message: expect.stringContaining('disque') } });
    // Intent first: nothing reached the platform, nothing was recorded, no temp file is left.
    expect(await platformRequests(sandbox.url, 'FULL-1')).toEqual([]);
    expect(rows(dataDir)).toBe(before);
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // Logging out must forget the token on disk first: refused too, and the session stays.
    const logout = await running.call('session.logout');
    expect(logout).toMatchObject({ status: 507, body: { error: { code: 'storage_full' } } });
    expect((await running.call('session.get')).body.value).toMatchObject({ status: 'logged_in' });
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    small.free();
    const again = await running.call('payments.create', { amount: 2000, basketNumber: 'FULL-1' });
    expect(again.status).toBe(200);
    expect(again.body.value).toMatchObject({ status: 'pending', basketNumber: 'FULL-1' });
    expect(await platformRequests(sandbox.url, 'FULL-1')).toHaveLength(1);
  });

  it('at login: the token cannot be kept, the cashier is told, and no secrets temp file is left', async (context) => {
    const small = mountOrSkip(4096, (note) => context.skip(note));
    const dataDir = folder(small.path, 'data');
    running = await start(dataDir);
    small.fill();
    const refused = await login(running);
    expect(refused).toMatchObject({ status: 507, body: { error: { code: 'storage_full' } } });
    expect(readdirSync(dataDir).filter((name) => name.includes('.tmp'))).toEqual([]);
    expect((await running.call('session.get')).body.value).toMatchObject({ status: 'logged_out' });
  });
});
