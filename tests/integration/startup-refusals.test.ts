// The headless host (a real child process) on a data folder that has something wrong with it: a
// missing or empty operation log in a folder that has served, damaged settings or secrets. Each
// is refused with a sentence (French for the cashier, the file for support) or repaired without
// losing anything, never started silently as if nothing had happened.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER } from '../../electron/sandbox/index';
import { tempDir } from '../support/companion';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';

const ROOT = resolve(import.meta.dirname, '../..');

let dir: ReturnType<typeof tempDir>;
let running: CompanionProcess | null = null;

beforeEach(() => {
  dir = tempDir('cvc-startup-');
});

afterEach(async () => {
  await running?.stop();
  running = null;
  dir.remove();
});

/** Runs the host and expects it to refuse to start: its exit code and everything it printed. */
function startExpectingRefusal(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--port', '0', '--data-dir', dir.path, ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the host did not stop within 20 s:\n${output}`));
    }, 20_000);
    // 'close', not 'exit': what the host wrote last may still be in the pipes at its exit.
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

async function startAndLogIn(): Promise<CompanionProcess> {
  const companion = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox'] });
  const login = await companion.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD });
  expect(login.status).toBe(200);
  return companion;
}

const logFile = () => join(dir.path, 'operations.sqlite3');

describe('a missing or empty operation log in a folder that has served', () => {
  it('refuses to start when the log was deleted, says what to restore, and creates nothing', async () => {
    const first = await startAndLogIn();
    const created = await first.call('payments.create', { amount: 2000, basketNumber: 'REF253' });
    expect(created.status).toBe(200);
    await first.stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${logFile()}${suffix}`, { force: true });

    const refused = await startExpectingRefusal(['--sandbox']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Le journal des opérations est introuvable alors que cette caisse a déjà servi');
    expect(refused.output).toContain(logFile());
    expect(refused.output).toMatch(/session enregistrée/);
    expect(refused.output).toContain('--new-log');
    expect(existsSync(logFile())).toBe(false);

    // The explicit choice: a new log, and the session goes on.
    running = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox', '--new-log'] });
    expect(running.output()).toMatch(/new, empty operation log is started on request/);
    expect((await running.call('session.get')).body.value).toMatchObject({ status: 'logged_in' });
    expect((await running.call('operations.list')).body.value.items).toEqual([]);
  });

  it('refuses an empty (zero-length) log, and --new-log sets it aside rather than deleting it', async () => {
    const first = await startAndLogIn();
    await first.stop();
    truncateSync(logFile(), 0);
    for (const suffix of ['-wal', '-shm']) rmSync(`${logFile()}${suffix}`, { force: true });

    const refused = await startExpectingRefusal(['--sandbox']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Le journal des opérations est vide');
    expect(statSync(logFile()).size).toBe(0);

    running = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox', '--new-log'] });
    const asides = readdirSync(dir.path).filter((name) => name.startsWith('operations.sqlite3.set-aside-'));
    expect(asides).toHaveLength(1);
    expect(statSync(join(dir.path, asides[0]!)).size).toBe(0);
    expect(statSync(logFile()).size).toBeGreaterThan(0);
  });

  it('refuses too when no session was kept: the log marker says this folder had a log', async () => {
    const first = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox'] });
    await first.stop();
    expect(existsSync(join(dir.path, 'operation-log.json'))).toBe(true);
    rmSync(logFile());
    const refused = await startExpectingRefusal(['--sandbox']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('operation-log.json');
  });

  it('starts a first log in a folder that never had one', async () => {
    running = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox'] });
    expect(statSync(logFile()).size).toBeGreaterThan(0);
    expect(statSync(logFile()).mode & 0o777).toBe(0o600);
  });
});

describe('damaged secrets and settings files', () => {
  it('sets a damaged secrets.json aside, logged out: the next login works', async () => {
    writeFileSync(join(dir.path, 'secrets.json'), '{"platform-session": "{\\"accessToken\\":', { mode: 0o600 });
    running = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox'] });
    expect((await running.call('session.get')).body.value).toMatchObject({ status: 'logged_out' });
    const login = await running.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const asides = readdirSync(dir.path).filter((name) => /^secrets\.json\.corrupt-\d{8}T\d{6}Z$/.test(name));
    expect(asides).toHaveLength(1);
    expect(running.output()).toMatch(/secrets file unreadable: set aside, logged out/);
    expect(statSync(join(dir.path, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('sets aside a secrets.json that is JSON but not what it should be', async () => {
    writeFileSync(join(dir.path, 'secrets.json'), '[1, 2, 3]', { mode: 0o600 });
    running = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox'] });
    const login = await running.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD });
    expect(login.status).toBe(200);
  });

  it('refuses a settings.json that is not JSON with a sentence naming the file', async () => {
    writeFileSync(join(dir.path, 'settings.json'), '{"platformUrl": "https://plateforme.example",');
    const refused = await startExpectingRefusal([]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Le fichier des paramètres du compagnon de caisse est illisible');
    expect(refused.output).toContain(join(dir.path, 'settings.json'));
    expect(refused.output).toMatch(/JSON invalide/);
    // Nothing was started on the demo sandbox instead.
    expect(existsSync(join(dir.path, 'sandbox.sqlite3'))).toBe(false);
  });

  it('refuses a settings.json whose platform URL cannot be used, rather than falling back to the demo sandbox', async () => {
    writeFileSync(join(dir.path, 'settings.json'), JSON.stringify({ platformUrl: 'http://plateforme.example' }));
    const refused = await startExpectingRefusal([]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(join(dir.path, 'settings.json'));
    expect(refused.output).toMatch(/platformUrl invalide/);
    expect(existsSync(join(dir.path, 'sandbox.sqlite3'))).toBe(false);
  });
});
