// createCompanion: the whole core behind the contract, with no Electron in sight (STYLE.md §3).
// Hosts bind what it returns to IPC (electron/main) or HTTP (electron/host).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseInput,
  type Channel,
  type ChannelResult,
  type DisplayPairing,
  type EventName,
  type EventPayload,
  type Handlers,
  type Result,
} from '../common/contract';
import { parisDay } from '../common/dates';
import { contractError } from '../common/error-messages';
import { CustomerDisplay } from './customer-display';
import { openDatabase } from './db/open';
import Database from 'better-sqlite3';
import { InvalidCursorError, listOperations, verifyOperationLog } from './db/operation-log';
import { tillExchangeLog } from './db/till-exchanges';
import { EventHub } from './event-hub';
import { asResult, CompanionFailure, resultOf } from './failure';
import { OperationRecorder } from './payments/operation-recorder';
import { PaymentService } from './payments/payment-service';
import { PaymentTracker } from './payments/payment-tracker';
import { Reconciler, type ReconciliationReport } from './payments/reconciliation';
import { PlatformClient } from './platform/platform-client';
import type { CallContext, Companion, CompanionConfig, CompanionTiming } from './ports';
import { daySummary } from './reports/day-report';
import { ReportService } from './reports/report-service';
import { SessionService } from './session';
import { SettingsService } from './settings';

export const DEFAULT_TIMING: CompanionTiming = {
  requestTimeoutMs: 8_000,
  pollIntervalMs: 2_000,
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
}

export async function createCompanion(config: CompanionConfig): Promise<CoreCompanion> {
  mkdirSync(config.dataDir, { recursive: true });
  const dbFile = join(config.dataDir, OPERATIONS_FILE);
  const db = openDatabase(dbFile, config.nativeBinding ? { nativeBinding: config.nativeBinding } : {});
  try {
    verifyOperationLog(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const log = config.log;
  const timing = { ...DEFAULT_TIMING, ...config.timing };
  const hub = new EventHub(log);
  const settings = new SettingsService(config.settingsStore, log);
  const client = new PlatformClient({ baseUrl: config.platformUrl, timeoutMs: timing.requestTimeoutMs });
  const session = new SessionService({
    client,
    secrets: config.secretStore,
    hub,
    platform: { mode: config.platformMode, url: config.platformUrl },
    demo: config.demo ?? null,
    ...(log ? { log } : {}),
  });
  const recorder = new OperationRecorder(db, hub);
  const deps = { db, client, session, recorder, ...(log ? { log } : {}) };
  const reconciler = new Reconciler(deps);
  const tracker = new PaymentTracker({ ...deps, timing });
  const payments = new PaymentService({ ...deps, reconciler, settings: () => settings.get() });
  const display = new CustomerDisplay(hub, settings, session);
  const reports = new ReportService({
    db,
    openReader: () => new Database(dbFile, { readonly: true, ...(config.nativeBinding ? { nativeBinding: config.nativeBinding } : {}) }),
    client,
    session,
    settings: () => settings.get(),
    ...(log ? { log } : {}),
  });
  // Only the headless host pairs remote displays; Electron has its own customer window.
  let displayPairing: (() => DisplayPairing | null) | null = null;

  let resolveStartup!: (report: ReconciliationReport | null) => void;
  const startupReconciliation = new Promise<ReconciliationReport | null>((resolve) => (resolveStartup = resolve));
  session.onLoggedIn((active) => {
    tracker.start(active);
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
    'session.login': (input) => asResult(() => session.login(input.conventionNumber, input.password), log),
    'session.logout': () => asResult(() => session.logout(), log),
    'session.get': async () => ({ ok: true, value: session.state() }),
    'payments.create': (input) => asResult(() => payments.create(input, context), log),
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
    'settings.update': (input) => resultOf(() => settings.update(input), log),
    'display.pairing': async () => ({ ok: true, value: displayPairing?.() ?? null }),
    'report.day': (input) => asResult(() => reports.dayReport(input), log),
    'report.check': (input) => asResult(() => reports.check(input), log),
    'operations.convention': (input) => asResult(() => reports.convention(input), log),
    'receipt.get': (input) => resultOf(() => reports.receipt(input.id), log),
    'receipt.print': (input) => asResult(() => reports.printReceipt(input.id), log),
  });
  const handlersByOrigin = new Map<CallContext['origin'], Handlers>();
  const handlersFor = (context: CallContext): Handlers => {
    let handlers = handlersByOrigin.get(context.origin);
    if (!handlers) handlersByOrigin.set(context.origin, (handlers = makeHandlers(context)));
    return handlers;
  };

  let closed = false;
  return {
    handlers: handlersFor({ origin: 'cashier' }),
    invoke<C extends Channel>(channel: C, raw: unknown, context: CallContext = { origin: 'cashier' }): Promise<Result<ChannelResult<C>>> {
      const parsed = parseInput(channel, raw);
      if (!parsed.ok) return Promise.resolve(parsed);
      const handler = handlersFor(context)[channel] as (input: unknown) => Promise<Result<ChannelResult<C>>>;
      return handler(parsed.value);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return hub.on(event, listener);
    },
    displayState: () => display.state(),
    registerDisplayPairing(provider) {
      displayPairing = provider;
      return () => {
        if (displayPairing === provider) displayPairing = null;
      };
    },
    till: {
      exchanges: tillExchangeLog(db),
      notice: (notice) => hub.emit('till.notice', { ...notice, at: new Date().toISOString() }),
      onSettingsChange: (listener) => settings.onChange(listener),
    },
    reports: { csv: (period) => reports.csv(period) },
    startupReconciliation,
    tracker,
    dbFile,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      tracker.stop();
      display.close();
      session.close();
      resolveStartup(null);
      db.close();
    },
  };
}
