// What a host (Electron's main process, the headless server) gives the core and gets back.
// The core never imports Electron: the host passes in what differs between them.
import type {
  AppAbout,
  Channel,
  ChannelResult,
  ContractError,
  DisplayState,
  EventName,
  EventPayload,
  Handlers,
  PlatformKind,
  PlatformTestInput,
  PlatformTestResult,
  Result,
  SessionState,
  Settings,
  TillChoiceInput,
  TillWaitingRequest,
} from '../common/contract';
import type { TillNoticeDraft } from '../common/till-notice';
import type { Readable } from 'node:stream';
import type { TillExchangeLog } from './db/till-exchanges';
import type { PlatformGateway } from './platform/gateway';

/** Where the session token lives: `safeStorage` in Electron, a 0600 file headless, memory in tests.
 *  The password is never given to it. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Where settings live: electron-store in Electron, a JSON file headless. The core validates
 *  what `load` returns and falls back to defaults for anything invalid. */
export interface SettingsStore {
  load(): unknown;
  save(settings: Settings): void;
}

/** The core logs through this and nothing else (it never imports a logging library): the hosts
 *  give it one that writes the log files. Fields are data, never a secret's value in free text:
 *  hosts redact secrets by field name (password, tokens, keys, QR payloads). */
export interface Logger {
  /** Detail for support (`--log-level debug`); optional so a host may leave it out. */
  debug?(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Who is calling, recorded on the operations it creates. */
export interface CallContext {
  /** `cashier` (a cashier screen), `api` (the local HTTP API), `caisse-ap` (a till). */
  origin: 'cashier' | 'api' | 'caisse-ap';
  /** payments.create: the caller's `Idempotency-Key` (the same key with the same request answers
   *  the same operation, with no second platform request). */
  idempotencyKey?: string;
}

/** A platform chosen in the settings: which one, with its own settings. */
export interface PlatformChoice {
  platform: PlatformKind;
  platformUrl: Settings['platformUrl'];
  worldline: Settings['worldline'];
}

/** A platform ready to use: its adapter, and what was started for it. */
export interface OpenedPlatform {
  gateway: PlatformGateway;
  /** Shown on the login screen in demo mode only (the embedded sandbox's merchant). */
  demo: AppAbout['demo'];
  /** Where the choice came from (`default`: nobody chose yet, the first-start setup is shown). */
  source: NonNullable<SessionState['platform']['source']>;
  /** The same for the same choice (see PlatformProvider.keyOf). */
  key: string;
  /** Stops what was started for it (the embedded sandbox); safe to call twice. */
  close(): Promise<void>;
}

/** How the core gets another platform when the merchant switches (Paramètres, first-start
 *  setup): the runtime builds adapters and starts the embedded sandbox; the core knows the port. */
export interface PlatformProvider {
  /** A canonical name of what a choice designates: equal keys, same platform (nothing reopened). */
  keyOf(choice: PlatformChoice): string;
  open(choice: PlatformChoice): Promise<OpenedPlatform>;
  /** « Tester la connexion »: throws the platform's refusal (a PlatformError) or answers. */
  test(input: PlatformTestInput, inUse: PlatformGateway): Promise<PlatformTestResult>;
}

export interface CompanionConfig {
  /** The app's data folder: operations.sqlite3 and friends live here. */
  dataDir: string;
  /** The platform to start on. */
  platform: OpenedPlatform;
  /** Where other platforms come from when the merchant switches; without it, switching is refused. */
  platforms?: PlatformProvider;
  secretStore: SecretStore;
  settingsStore: SettingsStore;
  /** better-sqlite3 addon built for Electron's ABI; undefined under Node. */
  nativeBinding?: string;
  log?: Logger;
  /** Where the host writes its log files (shown by Paramètres, « Journaux »); null: none. */
  logFolder?: string | null;
  /** Tuning, mostly for tests: how long a create may wait for its answer before a sweep looks
   *  for it (the platform adapters have their own timings). */
  timing?: Partial<CompanionTiming>;
  /** Start a new, empty operation log even though this data folder has served before and its log
   *  is missing or empty (`--new-log`). Without it, that start is refused. */
  newLog?: boolean;
}

export interface CompanionTiming {
  requestTimeoutMs: number;
  pollIntervalMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

export type Unsubscribe = () => void;

export interface Companion {
  /** Contract handlers taking already-validated input (for in-process callers that parsed it). */
  readonly handlers: Handlers;
  /** The one gate for untrusted callers: validates `raw` against the channel's schema first. */
  invoke<C extends Channel>(channel: C, raw: unknown, context?: CallContext): Promise<Result<ChannelResult<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
  /** What the customer display shows now. */
  displayState(): DisplayState;
  /** What the Caisse-AP server (electron/caisse-ap) needs beyond the contract. */
  readonly till: TillHooks;
  /** The day close beyond the contract: the accountant's CSV as a byte stream. */
  readonly reports: ReportHooks;
  close(): Promise<void>;
}

export type { ContractError };

/** The core's hooks for the till integration: its exchanges in the operation log, notices for
 *  the cashier's screen (the `till.notice` event), and the desk the `till.*` channels talk to.
 *  Settings changes arrive as the `settings.changed` event, like everyone else's. */
export interface TillHooks {
  readonly exchanges: TillExchangeLog;
  notice(notice: TillNoticeDraft): void;
  /** The Caisse-AP terminal registers what `till.waiting` lists and what `till.choose` acts on.
   *  Returns the unregister. */
  registerDesk(desk: TillDesk): Unsubscribe;
  /** What the cashier sees about the till changed: sends `till.changed`. */
  changed(): void;
}

/** The till requests waiting for an answer, as the Caisse-AP terminal knows them. */
export interface TillDesk {
  waiting(): TillWaitingRequest[];
  /** Carries out the cashier's choice on a partial payment; a contract error when it cannot. */
  choose(input: TillChoiceInput): Promise<{ ok: true } | { ok: false; error: ContractError }>;
}

/** What the hosts need of the day close beyond the contract: the CSV of a period (`{from, to}`,
 *  Paris days), streamed to the local API's `text/csv` route or to a file the cashier chose. */
export interface ReportHooks {
  csv(period: unknown): Result<{ stream: Readable; fileName: string }>;
}
