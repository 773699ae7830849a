// The session token behind safeStorage (issue 4 §1): encrypted bytes on disk, or memory only
// when the OS cannot encrypt, never plaintext.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageSecretStore } from '../../electron/main/secret-store';
import { recordingLogger, removeTempDirs, tempDir } from './helpers';
import { resetStandIn, safeStorage } from './stand-in-electron';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.session-token-of-the-merchant';

function containsSecret(bytes: Buffer): boolean {
  return (
    bytes.includes(Buffer.from(TOKEN)) ||
    bytes.includes(Buffer.from(Buffer.from(TOKEN).toString('base64'))) ||
    bytes.includes(Buffer.from('session-token'))
  );
}

describe('safeStorage secret store', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    resetStandIn();
    dir = tempDir('secrets');
    file = join(dir, 'session-token.bin');
  });

  it('writes only encrypted bytes and reads them back after a restart', async () => {
    const store = createSafeStorageSecretStore({ file, safeStorage, platform: 'linux' });
    await store.set('session', TOKEN);
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(0);
    expect(containsSecret(bytes)).toBe(false);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    const afterRestart = createSafeStorageSecretStore({ file, safeStorage, platform: 'linux' });
    expect(await afterRestart.get('session')).toBe(TOKEN);
    expect(await afterRestart.get('other')).toBeNull();
  });

  it('removes the file when the last secret is deleted (logout)', async () => {
    const store = createSafeStorageSecretStore({ file, safeStorage, platform: 'darwin' });
    await store.set('session', TOKEN);
    await store.delete('session');
    expect(await store.get('session')).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps quick successive writes in order and leaves no temporary file', async () => {
    const store = createSafeStorageSecretStore({ file, safeStorage, platform: 'win32' });
    await Promise.all([store.set('session', 'first'), store.set('session', TOKEN), store.set('refresh', 'r')]);
    expect(await store.get('session')).toBe(TOKEN);
    expect(readdirSync(dir)).toEqual(['session-token.bin']);
  });

  it('keeps the token in memory only, and says why, when the OS cannot encrypt', async () => {
    safeStorage.available = false;
    const { log, lines } = recordingLogger();
    const store = createSafeStorageSecretStore({ file, safeStorage, platform: 'linux', log });
    await store.set('session', TOKEN);
    expect(await store.get('session')).toBe(TOKEN);
    expect(readdirSync(dir)).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: { reason: 'safeStorage: no OS encryption available' } }),
    );
  });

  it('treats Linux without a keyring (basic_text, a public key) as no encryption', async () => {
    safeStorage.backend = 'basic_text';
    const { log, lines } = recordingLogger();
    const store = createSafeStorageSecretStore({ file, safeStorage, platform: 'linux', log });
    await store.set('session', TOKEN);
    expect(readdirSync(dir)).toEqual([]);
    expect(lines[0]?.fields?.reason).toMatch(/basic_text/);
  });

  it('starts without a token when the stored bytes cannot be decrypted', async () => {
    writeFileSync(file, 'not encrypted by this OS user');
    const { log, lines } = recordingLogger();
    const store = createSafeStorageSecretStore({ file, safeStorage, platform: 'linux', log });
    expect(await store.get('session')).toBeNull();
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn' }));
    await store.set('session', TOKEN);
    expect(containsSecret(readFileSync(file))).toBe(false);
  });
});

afterAll(removeTempDirs);
