// SecretStore and SettingsStore for hosts without Electron: files in the data folder, readable
// only by their user (as command-line tools keep their tokens), and memory for tests.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Settings } from '../common/contract';
import type { SecretStore, SettingsStore } from './ports';

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

/** Writes to a temp file then renames, so a crash never leaves half a file behind. */
function writePrivateFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The session token of the headless host, in a 0600 file. */
export class FileSecretStore implements SecretStore {
  constructor(private readonly file: string) {}

  private all(): Record<string, string> {
    const data = readJson(this.file);
    return data && typeof data === 'object' ? (data as Record<string, string>) : {};
  }

  async get(key: string) {
    const value = this.all()[key];
    return typeof value === 'string' ? value : null;
  }

  async set(key: string, value: string) {
    writePrivateFile(this.file, JSON.stringify({ ...this.all(), [key]: value }));
  }

  async delete(key: string) {
    const { [key]: _gone, ...rest } = this.all();
    writePrivateFile(this.file, JSON.stringify(rest));
  }
}

export class JsonFileSettingsStore implements SettingsStore {
  constructor(private readonly file: string) {}
  load(): unknown {
    return readJson(this.file);
  }
  save(settings: Settings): void {
    writePrivateFile(this.file, `${JSON.stringify(settings, null, 2)}\n`);
  }
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
