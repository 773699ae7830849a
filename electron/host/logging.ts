// The hosts' log for support: pino writing JSON lines (UTC times) to rotating files in a folder of
// their own (the data folder's `logs/` headless, the app's logs folder in Electron), mirrored to
// the console for a person watching `npm run serve`. Files roll each day and at 5 MB; the 14 most
// recent are kept. Every line goes through the redaction of log-redaction.ts first, the
// console's included. The core never sees pino: it gets its `Logger` port.
//
// A log that cannot be written (a full or read-only disk) never stops the till: the console says
// so once, and the lines go on to the console only.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger as Pino } from 'pino';
import roll from 'pino-roll';
import { EVENT_NAMES } from '../common/contract';
import { APP_VERSION } from '../core/app-version';
import type { Companion, Logger, SecretStore, Unsubscribe } from '../core/ports';
import { censor, redactionPaths, SecretScrubber, secretStrings } from './log-redaction';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/** Files are `companion.YYYY-MM-DD.N.log` (the machine's local day, N counting within it). */
export const LOG_FILE_PREFIX = 'companion';
export const LOG_FILE_PATTERN = /^companion\.\d{4}-\d{2}-\d{2}\.\d+\.log$/;
const MAX_FILE_SIZE = '5m';
const MAX_FILES = 14;

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** `--log-level LEVEL` or `--log-level=LEVEL` among raw arguments (Electron's command line);
 *  undefined when absent. */
export function logLevelArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--log-level') return argv[i + 1] ?? '';
    if (arg.startsWith('--log-level=')) return arg.slice('--log-level='.length);
  }
  return undefined;
}

/** Where a person sees the log as it is written. */
export interface ConsoleOutput {
  out(text: string): void;
  err(text: string): void;
}

export const PROCESS_CONSOLE: ConsoleOutput = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

export interface FileLogOptions {
  folder: string;
  /** Which host writes (`serve`, `electron`), on every line. */
  name: string;
  level?: LogLevel;
  /** Mirror of every line, worded for a person; null: files only. */
  console?: ConsoleOutput | null;
  /** Rotation limits (tests make them small): size as pino-roll reads it ('5m', '2k'). */
  maxFileSize?: string;
  maxFiles?: number;
}

export interface FileLog {
  readonly log: Required<Logger>;
  readonly folder: string;
  readonly level: LogLevel;
  /** Debug lines are written: the hosts then also log every contract event. */
  readonly verbose: boolean;
  /** A value to remove from every line from now on (a token the host made). */
  hide(secret: string): void;
  /** The same store, whose values are hidden from every line as soon as they are read or written. */
  hidingSecrets(store: SecretStore): SecretStore;
  close(): Promise<void>;
}

export async function openFileLog(options: FileLogOptions): Promise<FileLog> {
  const level = options.level ?? DEFAULT_LOG_LEVEL;
  const output = options.console === undefined ? PROCESS_CONSOLE : options.console;
  mkdirSync(options.folder, { recursive: true, mode: 0o700 });
  const file = await roll({
    file: join(options.folder, LOG_FILE_PREFIX),
    extension: '.log',
    frequency: 'daily',
    dateFormat: 'yyyy-MM-dd',
    size: options.maxFileSize ?? MAX_FILE_SIZE,
    limit: { count: options.maxFiles ?? MAX_FILES, removeOtherLogFiles: true },
    mkdir: true,
    // Written before the call returns: the line just before a crash is the one support needs.
    sync: true,
    mode: 0o600,
  });
  let fileBroken = false;
  file.on('error', (error: NodeJS.ErrnoException) => {
    // An old file that could not be removed: the next roll tries again.
    if (error.syscall === 'unlink') return;
    if (fileBroken) return;
    fileBroken = true;
    output?.err(
      `${new Date().toISOString()} error [${options.name}] Journaux : écriture impossible dans ${options.folder} (${error.code ?? error.message}) ; les lignes suivantes ne vont qu’à la console.\n`,
    );
  });
  const scrubber = new SecretScrubber();
  const sink = {
    write(line: string) {
      if (!fileBroken) {
        try {
          file.write(line);
        } catch {
          fileBroken = true;
        }
      }
      if (output) mirror(line, options.name, output);
    },
  };
  const logger = pino(
    {
      name: options.name,
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactionPaths(), censor },
      hooks: { streamWrite: (line) => scrubber.scrub(line) },
    },
    sink,
  );
  let closing: Promise<void> | null = null;
  return {
    log: portOf(logger),
    folder: options.folder,
    level,
    verbose: logger.isLevelEnabled('debug'),
    hide: (secret) => scrubber.hide(secret),
    hidingSecrets: (store) => hidingSecrets(store, scrubber),
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (fileBroken) return resolve();
        file.once('close', () => resolve());
        file.once('error', () => resolve());
        try {
          file.flushSync();
          file.end();
        } catch {
          resolve();
        }
      });
      return closing;
    },
  };
}

function portOf(logger: Pino): Required<Logger> {
  return {
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}

function hidingSecrets(store: SecretStore, scrubber: SecretScrubber): SecretStore {
  const hide = (value: string | null) => {
    if (value) for (const secret of secretStrings(value)) scrubber.hide(secret);
  };
  return {
    async get(key) {
      const value = await store.get(key);
      hide(value);
      return value;
    },
    async set(key, value) {
      hide(value);
      await store.set(key, value);
    },
    delete: (key) => store.delete(key),
  };
}

/** A finished (already redacted) JSON line as a person reads it: time, level, host, message, fields. */
function mirror(line: string, name: string, output: ConsoleOutput): void {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    output.err(line);
    return;
  }
  const { level, time, msg, name: _name, pid: _pid, ...fields } = entry;
  const number = typeof level === 'number' ? level : 30;
  const label = pino.levels.labels[number] ?? String(level);
  const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  const text = `${String(time)} ${label} [${name}] ${String(msg ?? '')}${rest}\n`;
  if (number >= 40) output.err(text);
  else output.out(text);
}

/** The first line of a run: what support asks first (which version, which platform, where). */
export function logStart(log: Logger, fields: { host: 'serve' | 'electron' } & Record<string, unknown>): void {
  log.info('companion starting', {
    version: APP_VERSION,
    ...fields,
    node: process.versions.node,
    ...(process.versions.electron ? { electron: process.versions.electron } : {}),
    os: `${process.platform} ${process.arch}`,
  });
}

/** With debug lines on, every contract event as it is sent to the screens (redacted like the rest). */
export function traceEvents(companion: Pick<Companion, 'on'>, log: Logger): Unsubscribe {
  const unsubscribes = EVENT_NAMES.map((event) => companion.on(event, (payload) => log.debug?.('event', { event, payload })));
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
