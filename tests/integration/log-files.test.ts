// The hosts' log files, written for real: pino and pino-roll into a temp folder. Every secret field
// is redacted wherever it sits, a stored secret is hidden even in free text, files roll at their
// size and the oldest go, numbering goes on across restarts, and a full disk never stops the till.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../../electron/core/stores';
import { CENSORED } from '../../electron/host/log-redaction';
import { LOG_FILE_PATTERN, openFileLog, type ConsoleOutput, type FileLog } from '../../electron/host/logging';
import { tempDir } from '../support/companion';
import { smallDisk } from '../support/small-disk';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function folder(): string {
  const dir = tempDir('cvc-logs-');
  cleanups.push(() => dir.remove());
  return join(dir.path, 'logs');
}

function recordingConsole() {
  const lines: Array<{ stream: 'out' | 'err'; text: string }> = [];
  const output: ConsoleOutput = { out: (text) => lines.push({ stream: 'out', text }), err: (text) => lines.push({ stream: 'err', text }) };
  return { output, lines };
}

async function open(options: Omit<Parameters<typeof openFileLog>[0], 'name'>): Promise<FileLog> {
  const log = await openFileLog({ name: 'test', ...options });
  cleanups.push(() => log.close());
  return log;
}

function logFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => LOG_FILE_PATTERN.test(name))
    .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
}

function readAll(dir: string): string {
  return logFiles(dir)
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('');
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('log files', () => {
  it('redacts every secret field at any depth, keeps the QR link without its token, and writes 0600 files', async () => {
    const dir = folder();
    const { output, lines } = recordingConsole();
    const file = await open({ folder: dir, level: 'debug', console: output });
    const secrets = {
      password: 'Pa55word-merchant',
      accessToken: 'platform-access-token-1',
      token: 'cashier-token-abcdefgh',
      displayToken: 'display-token-abcdefgh',
      apiKeyId: 'WORLDLINE-KEY-ID-42',
      secretApiKey: 'worldline-secret-api-key-xyz',
      qrToken: 'QrTokenAbCdEfGhIjKlMnOpQrSt',
    };
    const qrPayload = `http://127.0.0.1:4010/wallet?qr=${secrets.qrToken}`;
    file.log.info('login', { input: { conventionNumber: '643736001001', password: secrets.password } });
    file.log.debug('session', { session: { accessToken: secrets.accessToken, merchant: { name: 'Camping des Pins' } } });
    file.log.warn('call', { request: { headers: { authorization: `Bearer ${secrets.token}` } }, token: secrets.token, displayToken: secrets.displayToken });
    file.log.error('worldline', { credentials: { merchantId: 'CampingPins', apiKeyId: secrets.apiKeyId, secretApiKey: secrets.secretApiKey } });
    file.log.debug('event', { event: 'display.changed', payload: { payment: { qrPayload, basketNumber: 'REF253' } } });
    file.log.info('operation', { qrPayload });

    const text = readAll(dir);
    const console = lines.map((line) => line.text).join('');
    for (const value of Object.values(secrets)) {
      expect(text).not.toContain(value);
      expect(console).not.toContain(value);
    }
    const entries = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    expect(entries.map((entry) => entry.msg)).toEqual(['login', 'session', 'call', 'worldline', 'event', 'operation']);
    expect(entries[0]!.input).toEqual({ conventionNumber: '643736001001', password: CENSORED });
    expect(entries[1]!.session.merchant.name).toBe('Camping des Pins');
    expect(entries[3]!.credentials).toEqual({ merchantId: 'CampingPins', apiKeyId: CENSORED, secretApiKey: CENSORED });
    expect(entries[4]!.payload.payment).toEqual({ qrPayload: `http://127.0.0.1:4010/wallet?qr=${CENSORED}`, basketNumber: 'REF253' });
    expect(entries[5]!.qrPayload).toBe(`http://127.0.0.1:4010/wallet?qr=${CENSORED}`);
    expect(typeof entries[0]!.time).toBe('string');
    expect(entries[0]!.time).toMatch(/Z$/);
    // A person watching the console reads lines, warnings on stderr.
    expect(lines.find((line) => line.text.includes(' warn [test] call'))?.stream).toBe('err');
    expect(lines.find((line) => line.text.includes(' info [test] login'))?.stream).toBe('out');

    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of logFiles(dir)) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
  });

  it('hides what the SecretStore keeps even where no field names it', async () => {
    const dir = folder();
    const file = await open({ folder: dir, console: null });
    const store = file.hidingSecrets(new MemorySecretStore());
    await store.set('platform-session', JSON.stringify({ accessToken: 'stored-session-token-123', merchant: { conventionNumber: '643736001001' } }));
    file.log.error('platform refused', { error: 'HTTP 401 for token stored-session-token-123' });
    const text = readAll(dir);
    expect(text).not.toContain('stored-session-token-123');
    expect(text).toContain(`HTTP 401 for token ${CENSORED}`);
  });

  it('rolls the file at its size for real, keeps the newest files only, and goes on numbering after a restart', async () => {
    const dir = folder();
    const filler = 'x'.repeat(200);
    let file = await open({ folder: dir, console: null, maxFileSize: '1k', maxFiles: 3 });
    // One line a tick: the file rolls as soon as it passes 1 KiB.
    for (let i = 0; i < 40; i += 1) {
      file.log.info('line', { i, filler });
      await nextTick();
    }
    await vi.waitFor(() => expect(logFiles(dir)).toHaveLength(3));
    const files = logFiles(dir);
    const numbers = files.map((name) => Number(name.split('.')[2]));
    expect(Math.min(...numbers)).toBeGreaterThan(1); // the first files were removed
    for (const name of files.slice(0, -1)) expect(statSync(join(dir, name)).size).toBeLessThan(2048);
    expect(readAll(dir)).toContain('"i":39');
    expect(readAll(dir)).not.toContain('"i":0,');

    await file.close();
    const lastBefore = Math.max(...numbers);
    file = await open({ folder: dir, console: null, maxFileSize: '1k', maxFiles: 3 });
    file.log.info('after restart');
    const newest = logFiles(dir).at(-1)!;
    expect(Number(newest.split('.')[2])).toBeGreaterThanOrEqual(lastBefore);
    expect(readFileSync(join(dir, newest), 'utf8')).toContain('after restart');
  });

  it('keeps the till going on a full disk: the console says it once, lines go on to the console', async (context) => {
    const mounted = smallDisk(256);
    if (!mounted.ok) return context.skip(`no small disk: ${mounted.reason}`);
    const disk = mounted.disk;
    cleanups.push(() => disk.unmount());
    const { output, lines } = recordingConsole();
    const file = await open({ folder: join(disk.path, 'logs'), console: output });
    file.log.info('before the disk filled');
    disk.fill();
    // The file's last page may take a few more lines before the disk refuses one.
    for (let i = 0; i < 100; i += 1) file.log.info('while the disk is full', { i, filler: 'x'.repeat(200) });
    const told = lines.filter((line) => line.text.includes('Journaux : écriture impossible'));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('ENOSPC');
    expect(lines.filter((line) => line.text.includes('while the disk is full'))).toHaveLength(100);
    disk.free();
    await file.close();
  });
});
