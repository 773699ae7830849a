// createCompanion: the whole core behind the contract, with no Electron in sight (STYLE.md §3).
// Hosts bind what it returns to IPC (electron/main) or HTTP (electron/host).
import { join } from 'node:path';
import {
  type AppAbout,
  type Channel,
  type ChannelResult,
  type EventName,
  type EventPayload,
  type Handlers,
  type Result,
  type SessionState,
} from '../common/contract';
import type { TillNotice } from '../common/till-notice';
import { parisDay } from '../common/dates';
import { contractError } from '../common/error-messages';
import { CustomerDisplay } from './customer-display';
import { checkDataFolder, checkOperationLog, markOperationLog, storageRefusal } from './data-folder';
import { openDatabase, OperationLogOpenError } from './db/open';
import {
  countUnsettledElsewhere,
  InvalidCursorError,
  listOperations,
  OperationLogCorruptError,
  verifyOperationLog,
} from './db/operation-log';
import Database from 'better-sqlite3';
import { tillExchangeLog } from './db/till-exchanges';
import { EventHub } from './event-hub';
import { asResult, CompanionFailure, resultOf } from './failure';
import { OperationRecorder } from './payments/operation-recorder';
import { PaymentService } from './payments/payment-service';
import { PaymentTracker } from './payments/payment-tracker';
import { Reconciler, type ReconciliationReport } from './payments/reconciliation';
import { collectRemainder, refuseFollowUpOfCollectedRemainder } from './payments/remainder';
import { PlatformLinkMonitor } from './platform-link';
import { ParsedInputs } from './parsed-inputs';
import { APP_VERSION } from './app-version';
import { choiceOf, PlatformSwitch } from './platform-switch';
import type { CallContext, Companion, CompanionConfig, CompanionTiming, Logger } from './ports';
import { SESSION_SECRET_KEY, SessionService } from './session';
import { StartupRefusal } from './startup-refusal';
import { daySummary } from './reports/day-report';
import { ReportService } from './reports/report-service';
import { SettingsService } from './settings';
import { TillDeskChannels } from './till-desk';

export const DEFAULT_TIMING: CompanionTiming = {
  requestTimeoutMs: 8_000,
  // While the event stream is down: one "what changed" call per tick, so a status arrives within
  // half a second and the platform gets at most 2 calls a second, however many are pending.
  pollIntervalMs: 500,
  reconnectMinMs: 250,
  reconnectMaxMs: 5_000,
};

export const OPERATIONS_FILE = 'operations.sqlite3';

/** How often creates left without an answer are looked for, and how old they must be. */
const SWEEP_EVERY_MS = 5_000;

export interface CoreCompanion extends Companion {
  /** Settles when the reconciliation run at start-up (or at the first login) has finished. */
  readonly startupReconciliation: Promise<ReconciliationReport | null>;
  readonly tracker: PaymentTracker;
  readonly dbFile: string;
  /** The session and the platform in use, as `session.get` answers them. */
  sessionState(): SessionState;
  /** What `app.about` answers: the version, the platform's mode and its demo merchant. */
  about(): AppAbout;
}

export async function createCompanion(config: CompanionConfig): Promise<CoreCompanion> {
  const log = config.log;
  const dbFile = join(config.dataDir, OPERATIONS_FILE);
  // Refused at start, in a sentence, rather than discovered at the first payment.
  checkDataFolder(config.dataDir, dbFile);
  const savedSession = (await config.secretStore.get(SESSION_SECRET_KEY).catch(() => null)) !== null;
  checkOperationLog(dbFile, { savedSession, newLog: config.newLog ?? false, ...(log ? { log } : {}) });
  const settings = new SettingsService(config.settingsStore, log);
  const db = openOperationLog(dbFile, config, log);
  const timing = { ...DEFAULT_TIMING, ...config.timing };
  const hub = new EventHub(log);
  const link = new PlatformLinkMonitor(hub, log);
  // Set once the services below exist: leaving a platform stops them.
  let leave: () => Promise<void> = async () => undefined;
  const platforms = new PlatformSwitch(config.platform, {
    provider: config.platforms,
    leave: () => leave(),
    arrived: () => {
      session.announce();
      warnAboutOtherPlatforms();
    },
    ...(log ? { log } : {}),
  });
  const platform = platforms.current;
  const session = new SessionService({
    platform,
    secrets: config.secretStore,
    hub,
    onContact: () => link.contact(),
    ...(log ? { log } : {}),
  });
  const recorder = new OperationRecorder(db, hub);
  const warnAboutOtherPlatforms = () => {
    for (const { platform: other, count } of countUnsettledElsewhere(db, platform().identity)) {
      log?.warn('unsettled operations of another platform are left as they are until it is configured again', { platform: other, count });
    }
  };
  warnAboutOtherPlatforms();
  const deps = { db, session, recorder, platform, ...(log ? { log } : {}) };
  const reconciler = new Reconciler(deps);
  const tracker = new PaymentTracker({ ...deps, link });
  const payments = new PaymentService({ ...deps, reconciler, settings: () => settings.get() });
  const display = new CustomerDisplay(hub, settings, session);
  const tillDesk = new TillDeskChannels(db, hub);
  const reports = new ReportService({
    db,
    csvSource: { file: dbFile, ...(config.nativeBinding ? { nativeBinding: config.nativeBinding } : {}) },
    platform,
    session,
    settings: () => settings.get(),
    ...(log ? { log } : {}),
  });
  leave = async () => {
    tracker.stop();
    await session.forgetForSwitch();
  };
  // One event for every settings change, whoever follows it (Caisse-AP, the shell, the screens).
  settings.onChange((next) => hub.emit('settings.changed', next));
  // The platform can change while running (Paramètres): its mode and demo merchant are read each time.
  const about = (): AppAbout => {
    const inUse = platform();
    return { version: APP_VERSION, platformMode: inUse.state.mode, logFolder: config.logFolder ?? null, demo: inUse.demo };
  };

  let resolveStartup!: (report: ReconciliationReport | null) => void;
  const startupReconciliation = new Promise<ReconciliationReport | null>((resolve) => (resolveStartup = resolve));
  // Back after being lost: whatever happened meanwhile (paid, expired, creates that had no
  // answer) is recorded, and so announced.
  link.onReturn(() => {
    // Logged even when the stream settled everything first (nothing left to check): support sees
    // that the return was handled.
    void reconciler
      .reconcileAll()
      .then((report) => log?.info('platform link returned: reconciled', { checked: report.checked, settled: report.settled }))
      .catch((error) => log?.warn('reconciliation after the link returned failed', { error: String(error) }));
  });
  session.onLoggedIn((active, how) => {
    tracker.start(active, how === 'login' ? true : null);
    reconciler
      .reconcileAll()
      .then((report) => resolveStartup(report))
      .catch((error) => {
        log?.error('reconciliation failed', { error: String(error) });
        resolveStartup(null);
      });
  });
  session.onLoggedOut(() => tracker.stop());
  await session.restore();

  const sweep = setInterval(() => {
    void reconciler.reconcileAll({ onlyCreating: true, olderThanMs: timing.requestTimeoutMs * 2 }).catch(() => undefined);
  }, SWEEP_EVERY_MS);
  sweep.unref();

  const makeHandlers = (context: CallContext): Handlers => ({
    'session.login': (input) =>
      asResult(
        () => session.login('conventionNumber' in input ? { kind: 'convention', ...input } : { kind: 'api-key', ...input }),
        log,
      ),
    'session.logout': () => asResult(() => session.logout(), log),
    'session.get': async () => ({ ok: true, value: session.state() }),
    'payments.create': (input) =>
      asResult(async () => {
        refuseFollowUpOfCollectedRemainder(db, input.followUpOf);
        return payments.create(input, context);
      }, log),
    'payments.get': (input) => resultOf(() => payments.get(input.id), log),
    'payments.refresh': (input) => asResult(() => payments.refresh(input.id), log),
    'payments.cancel': (input) => asResult(() => payments.cancel(input.id), log),
    'operations.list': (input) =>
      resultOf(() => {
        try {
          return listOperations(db, input);
        } catch (error) {
          if (error instanceof InvalidCursorError) {
            throw new CompanionFailure(contractError('bad_request', { field: 'cursor' }));
          }
          throw error;
        }
      }, log),
    'operations.summary': (input) => resultOf(() => daySummary(db, input.day ?? parisDay()), log),
    'settings.get': async () => ({ ok: true, value: settings.get() }),
    'settings.update': (input) =>
      asResult(async () => {
        const next = settings.prepare(input);
        const previous = settings.get();
        await platforms.apply(choiceOf(previous), choiceOf(next), () => settings.commit(next), input.platform !== undefined);
        return settings.get();
      }, log),
    // The headless host answers this itself (it pairs remote displays); the core has none to offer.
    // The headless host answers these itself (its tokens, its pairing); Electron has none of them.
    'display.pairing': async () => ({ ok: true, value: null }),
    'till.waiting': () => resultOf(() => tillDesk.state(), log),
    'till.choose': (input) => asResult(() => tillDesk.choose(input), log),
    'till.acknowledge': (input) => resultOf(() => tillDesk.acknowledge(input), log),
    'till.report': (input) => resultOf(() => tillDesk.report(input), log),
    'payments.collectRemainder': (input) => resultOf(() => collectRemainder({ db, recorder }, input), log),
    'platform.status': async () => ({ ok: true, value: link.status() }),
    'report.day': (input) => asResult(() => reports.dayReport(input), log),
    'report.check': (input) => asResult(() => reports.check(input), log),
    'operations.convention': (input) => asResult(() => reports.convention(input), log),
    'receipt.get': (input) => resultOf(() => reports.receipt(input.id), log),
    'receipt.print': (input) => asResult(() => reports.printReceipt(input.id), log),
    'app.about': async () => ({ ok: true, value: about() }),
    'display.revoke': async () => ({ ok: true, value: null }),
    'access.rotate': async () => ({ ok: true, value: null }),
    'platform.test': (input) =>
      asResult(async () => {
        if (!config.platforms) throw CompanionFailure.of('not_supported');
        return config.platforms.test(input, platform().gateway);
      }, log),
  });
  const handlersByOrigin = new Map<CallContext['origin'], Handlers>();
  const handlersFor = (context: CallContext): Handlers => {
    let handlers = handlersByOrigin.get(context.origin);
    if (!handlers) handlersByOrigin.set(context.origin, (handlers = makeHandlers(context)));
    return handlers;
  };

  const parsedInputs = new ParsedInputs();
  let closed = false;
  return {
    handlers: handlersFor(CASHIER),
    invoke<C extends Channel>(channel: C, raw: unknown, context: CallContext = CASHIER): Promise<Result<ChannelResult<C>>> {
      const parsed = parsedInputs.parse(channel, raw);
      if (!parsed.ok) return Promise.resolve(parsed);
      // Handlers are kept per origin; a call with its own idempotency key gets its own.
      const handlers = context.idempotencyKey ? makeHandlers(context) : handlersFor(context);
      const handler = handlers[channel] as (input: unknown) => Promise<Result<ChannelResult<C>>>;
      return handler(parsed.value);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return hub.on(event, listener);
    },
    displayState: () => display.state(),
    till: {
      exchanges: tillExchangeLog(db),
      notice: (notice) => hub.emit('till.notice', { ...notice, at: new Date().toISOString() } as TillNotice),
      registerDesk: (desk) => tillDesk.register(desk),
      changed: () => tillDesk.changed(),
    },
    reports: { csv: (period) => reports.csv(period) },
    startupReconciliation,
    tracker,
    dbFile,
    sessionState: () => session.state(),
    about,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      tracker.stop();
      display.close();
      session.close();
      resolveStartup(null);
      db.close();
      await platforms.close().catch((error: unknown) => log?.warn('closing the platform failed', { error: String(error) }));
    },
  };
}

const CASHIER: CallContext = { origin: 'cashier' };

/** Opens, migrates, checks and marks the log; any refusal becomes a StartupRefusal with a sentence. */
function openOperationLog(dbFile: string, config: CompanionConfig, log: Logger | undefined): Database.Database {
  let db: Database.Database;
  try {
    db = openDatabase(dbFile, {
      ...(config.nativeBinding ? { nativeBinding: config.nativeBinding } : {}),
      onBackup: (path) => log?.info('operation log backed up before its migration', { backup: path }),
    });
  } catch (error) {
    throw logRefusal(error, dbFile);
  }
  try {
    verifyOperationLog(db);
    markOperationLog(db, dbFile, log);
  } catch (error) {
    db.close();
    throw logRefusal(error, dbFile);
  }
  return db;
}

function logRefusal(error: unknown, dbFile: string): unknown {
  const storage = storageRefusal(error, dbFile);
  if (storage) return storage;
  const refuse = (code: 'log_foreign' | 'log_newer' | 'log_unreadable', sentence: string, support: string) =>
    new StartupRefusal(code, `${sentence} Prévenez votre support informatique.`, dbFile, `${support} (${(error as Error).message})`);
  if (error instanceof OperationLogOpenError) {
    switch (error.code) {
      case 'foreign_file':
        return refuse('log_foreign', 'Le fichier du journal des opérations n’est pas celui du compagnon de caisse : il n’a pas été modifié.', 'Remettez à cette place le journal de ce compagnon, ou déplacez ce fichier.');
      case 'newer_schema':
        return refuse('log_newer', 'Le journal des opérations a été écrit par une version plus récente du compagnon : il n’a pas été modifié.', 'Installez la version la plus récente du compagnon.');
      case 'corrupt':
        return refuse('log_unreadable', 'Le journal des opérations est illisible : il n’a pas été modifié.', 'Restaurez-le depuis une sauvegarde.');
      default: {
        const unreachable: never = error.code;
        return unreachable;
      }
    }
  }
  if (error instanceof OperationLogCorruptError) {
    return refuse('log_unreadable', 'Le journal des opérations est abîmé.', 'Restaurez-le depuis une sauvegarde.');
  }
  return error;
}
