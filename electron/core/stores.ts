// SecretStore and SettingsStore for hosts without Electron: files in the data folder, readable
// only by their user (as command-line tools keep their tokens), and memory for tests.
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Settings } from '../common/contract';
import { fileStamp } from './file-stamp';
import type { Logger, SecretStore, SettingsStore } from './ports';
import { StartupRefusal } from './startup-refusal';

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

/** Writes to a temp file, syncs it, then renames: a crash never leaves half a file behind, and a
 *  write that fails (a full disk) leaves no temp file either. */
export function writePrivateFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temp, 0o600);
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    throw error;
  }
}

/** The file's text, or undefined when there is no file. */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const Secrets = z.record(z.string(), z.string());

/** The session token of the headless host, in a 0600 file. A file that cannot be read (cut short,
 *  overwritten) is set aside under a dated `.corrupt-…` name and the companion goes on logged out:
 *  the cashier logs in again, nothing else depends on it. */
export class FileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly log?: Logger,
  ) {}

  private all(): Record<string, string> {
    const text = readText(this.file);
    if (text === undefined) return {};
    let parsed: z.ZodSafeParseResult<Record<string, string>>;
    try {
      parsed = Secrets.safeParse(JSON.parse(text));
    } catch (error) {
      return this.setAside(String(error));
    }
    return parsed.success ? parsed.data : this.setAside('not an object of strings');
  }

  private setAside(reason: string): Record<string, string> {
    const aside = `${this.file}.corrupt-${fileStamp()}`;
    renameSync(this.file, aside);
    this.log?.warn('secrets file unreadable: set aside, logged out', { file: this.file, now: aside, reason });
    return {};
  }

  async get(key: string) {
    return this.all()[key] ?? null;
  }

  async set(key: string, value: string) {
    writePrivateFile(this.file, JSON.stringify({ ...this.all(), [key]: value }));
  }

  async delete(key: string) {
    const { [key]: _gone, ...rest } = this.all();
    writePrivateFile(this.file, JSON.stringify(rest));
  }
}

/** The headless host's settings. A file that is not JSON stops the start with a sentence naming it:
 *  falling back to the defaults would silently switch a till to the demo sandbox. */
export class JsonFileSettingsStore implements SettingsStore {
  constructor(private readonly file: string) {}
  load(): unknown {
    const text = readText(this.file);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw unreadableSettings(this.file, `JSON invalide : ${(error as Error).message}`);
    }
  }
  save(settings: Settings): void {
    writePrivateFile(this.file, `${JSON.stringify(settings, null, 2)}\n`);
  }
}

/** The refusal for a settings file that cannot be used as it is. */
export function unreadableSettings(file: string, what: string): StartupRefusal {
  return new StartupRefusal(
    'settings_unreadable',
    'Le fichier des paramètres du compagnon de caisse est illisible : le compagnon ne démarre pas, pour ne pas changer de plateforme de paiement sans le dire. Prévenez votre support informatique.',
    file,
    `${what}. Corrigez ce fichier, ou supprimez-le pour repartir des paramètres par défaut (plateforme de démonstration, à reconfigurer ensuite), puis relancez.`,
  );
}

export class MemorySettingsStore implements SettingsStore {
  constructor(private value: unknown = undefined) {}
  load(): unknown {
    return this.value;
  }
  save(settings: Settings): void {
    this.value = settings;
  }
}
