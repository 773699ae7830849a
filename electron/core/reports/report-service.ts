// The day close behind the contract: « Clôture de journée » of a day or a period (this till's
// log, and on request the other tills' requests from the platform), the reconciliation check of
// a day, the whole convention's requests, the customer's receipt, and the accountant's CSV.
import type { Readable } from 'node:stream';
import type Database from 'better-sqlite3';
import {
  ReportPeriod,
  type ContractError,
  type DayCheck,
  type DayReport,
  type ParsedInput,
  type Receipt,
  type Settings,
} from '../../common/contract';
import { parisDay } from '../../common/dates';
import { statement } from '../db/operation-log';
import { CompanionFailure, toContractError } from '../failure';
import type { Logger } from '../ports';
import type { PlatformInUse, SessionService } from '../session';
import { conventionOperations } from './convention-operations';
import { exportCsv, type CsvSource } from './csv-export';
import { localTotals, pendingOf, periodRange, type ReportTotals } from './day-report';
import { encodeReceipt, sendToPrinter } from './escpos-receipt';
import { knownPlatformIds } from './local-platform-ids';
import { allPlatformRequests } from './platform-requests';
import { checkDay } from './platform-day-check';
import { receiptOf } from './receipt';
import { operationsTillNotTold } from './report-hooks';

/** The convention of the latest operation: the report's header when nobody is logged in. */
export const LATEST_CONVENTION_SQL = 'SELECT convention_number FROM operations INDEXED BY operations_by_time ORDER BY created_at DESC LIMIT 1';

export interface ReportDeps {
  db: Database.Database;
  /** Where the log is, for the CSV's own read-only connections (long reads that must not hold the till's). */
  csvSource: CsvSource;
  platform: () => PlatformInUse;
  session: SessionService;
  settings: () => Settings;
  log?: Logger;
}

export class ReportService {
  constructor(private readonly deps: ReportDeps) {}

  private get platform() {
    return { platform: this.deps.platform, session: this.deps.session };
  }

  async dayReport(input: ParsedInput<'report.day'>): Promise<DayReport> {
    // The input passed the contract's schema already (days, order, length).
    const period: ReportPeriod = { from: input.from, to: input.to ?? input.from };
    const { start, end, days } = periodRange(period);
    const { db } = this.deps;
    const { totals, remainders } = localTotals(db, start, end, days);
    let otherTills: DayReport['otherTills'] = { status: 'not_requested', count: 0, error: null };
    if (input.includeOtherTills) otherTills = await this.addOtherTills(totals, start, end);
    const merchant = this.deps.session.state().merchant;
    return {
      from: period.from,
      to: period.to,
      start,
      end,
      generatedAt: new Date().toISOString(),
      merchant: { conventionNumber: merchant?.conventionNumber ?? this.conventionInLog(), name: merchant?.name ?? null },
      tillId: this.deps.settings().tillId,
      requests: { byStatus: totals.byStatus, total: totals.total, refused: totals.refused },
      baskets: totals.baskets,
      bySeller: totals.breakdown('seller'),
      byTill: totals.breakdown('till'),
      byOrigin: totals.breakdown('origin'),
      remaindersByMeans: remainders,
      ...pendingOf(db, start, end),
      tillNotTold: operationsTillNotTold(db, start, end),
      otherTills,
    };
  }

  /** Counts in the convention's requests this log lacks; if the platform cannot say, the report
   *  stays this till's alone and says why (never a total that silently misses a till). */
  private async addOtherTills(totals: ReportTotals, start: string, end: string): Promise<DayReport['otherTills']> {
    let error: ContractError | null = null;
    try {
      const requests = await allPlatformRequests(this.platform, { start, end });
      const known = knownPlatformIds(this.deps.db, requests.map((request) => request.ref));
      const others = requests.filter((request) => !known.has(request.ref));
      for (const request of others) {
        totals.addRequests({
          till: null,
          origin: null,
          seller: request.sellerId,
          status: request.status,
          // The platform does not say which request completes which: each is its own basket.
          first: true,
          n: 1,
          requested: request.amountRequested,
          received: request.amountReceived,
          paidInFull: request.status === 'validated' && request.amountReceived === request.amountRequested ? 1 : 0,
        });
      }
      return { status: 'included', count: others.length, error: null };
    } catch (failure) {
      error = toContractError(failure, this.deps.log);
      this.deps.log?.warn('day report: the other tills could not be read', { code: error.code });
      return { status: 'unavailable', count: 0, error };
    }
  }

  private conventionInLog(): string | null {
    const row = statement(this.deps.db, LATEST_CONVENTION_SQL).get() as
      | { convention_number: string }
      | undefined;
    return row?.convention_number ?? null;
  }

  check(input: ParsedInput<'report.check'>): Promise<DayCheck> {
    return checkDay(this.deps.db, this.platform, input.day);
  }

  convention(input: ParsedInput<'operations.convention'>) {
    return conventionOperations(this.deps.db, this.platform, { day: input.day ?? parisDay(), onlyOtherTills: input.onlyOtherTills, cursor: input.cursor });
  }

  receipt(id: string): Receipt {
    return receiptOf(this.deps.db, id, { merchant: this.deps.session.state().merchant });
  }

  async printReceipt(id: string): Promise<{ printer: string; bytes: number }> {
    const settings = this.deps.settings();
    const printer = settings.receipt.printer;
    if (!printer) throw CompanionFailure.of('printer_not_configured');
    const bytes = encodeReceipt(this.receipt(id), settings.language);
    await sendToPrinter(printer, bytes);
    this.deps.log?.info('receipt printed', { operationId: id, printer, bytes: bytes.length });
    return { printer, bytes: bytes.length };
  }

  /** The accountant's CSV of a period, or the reason it cannot be made. */
  csv(raw: unknown): { ok: true; value: { stream: Readable; fileName: string } } | { ok: false; error: ContractError } {
    const parsed = ReportPeriod.safeParse(raw);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.map(String).join('.') || undefined;
      return { ok: false, error: toContractError(CompanionFailure.of('bad_request', field ? { field } : undefined)) };
    }
    const period = parsed.data;
    const name = period.from === period.to ? period.from : `${period.from}_${period.to}`;
    try {
      return { ok: true, value: { stream: exportCsv(this.deps.csvSource, period), fileName: `cheque-vacances-connect_${name}.csv` } };
    } catch (error) {
      return { ok: false, error: toContractError(error, this.deps.log) };
    }
  }
}
