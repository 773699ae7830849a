// The session token behind the core's SecretStore (issue 3 §3, issue 4 §1), kept with Electron's
// `safeStorage` (Keychain, DPAPI, libsecret/kwallet): only encrypted bytes ever reach the disk.
// Where the OS offers no real encryption, the token stays in memory and the cashier logs in again
// after a restart: a bearer token in plaintext on a till's disk is worse than one more login.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SafeStorage } from 'electron';
import type { Logger, SecretStore } from '../core/ports';
import { MemorySecretStore } from '../core/stores';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

/** Why the OS cannot encrypt for us, or null when it can. */
export function encryptionUnavailableReason(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) return 'safeStorage: no OS encryption available';
  // On Linux without a keyring, Chromium "encrypts" with a fixed, public key: not a secret.
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return 'safeStorage: no keyring on this Linux desktop (basic_text backend)';
  }
  return null;
}

/** All secrets in one encrypted file: a JSON map, encrypted as a whole. */
class EncryptedFileSecretStore implements SecretStore {
  private cache: Map<string, string> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly safeStorage: SafeStorageLike,
    private readonly log?: Logger,
  ) {}

  private async load(): Promise<Map<string, string>> {
    if (this.cache) return this.cache;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch {
      return (this.cache = new Map());
    }
    try {
      const parsed: unknown = JSON.parse(this.safeStorage.decryptString(bytes));
      const entries = parsed && typeof parsed === 'object' ? Object.entries(parsed as Record<string, unknown>) : [];
      this.cache = new Map(entries.filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch (error) {
      // Another OS user's key, a reset keychain…: the token is lost, the cashier logs in again.
      this.log?.warn('stored secrets could not be decrypted; starting without them', { error: String(error) });
      this.cache = new Map();
    }
    return this.cache;
  }

  private async persist(values: Map<string, string>): Promise<void> {
    if (values.size === 0) {
      await rm(this.file, { force: true });
      return;
    }
    const encrypted = this.safeStorage.encryptString(JSON.stringify(Object.fromEntries(values)));
    await mkdir(dirname(this.file), { recursive: true });
    // Write then rename: a crash mid-write never leaves a torn file.
    const temporary = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, encrypted, { mode: 0o600 });
    await rename(temporary, this.file);
  }

  /** One change at a time, so two quick writes never interleave. */
  private change(apply: (values: Map<string, string>) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const values = new Map(await this.load());
      apply(values);
      await this.persist(values);
      this.cache = values;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async get(key: string): Promise<string | null> {
    await this.queue;
    return (await this.load()).get(key) ?? null;
  }
  set(key: string, value: string): Promise<void> {
    return this.change((values) => values.set(key, value));
  }
  delete(key: string): Promise<void> {
    return this.change((values) => values.delete(key));
  }
}

/**
 * The SecretStore for the Electron host. Call after `app` is ready: before that, safeStorage
 * cannot tell whether encryption is available on Linux.
 */
export function createSafeStorageSecretStore(options: {
  file: string;
  safeStorage: SafeStorageLike;
  platform?: NodeJS.Platform;
  log?: Logger;
}): SecretStore {
  const reason = encryptionUnavailableReason(options.safeStorage, options.platform ?? process.platform);
  if (reason) {
    options.log?.warn('the session token will be kept in memory only (log in again after a restart)', { reason });
    return new MemorySecretStore();
  }
  return new EncryptedFileSecretStore(options.file, options.safeStorage, options.log);
}
