// « Clôture de journée » as read on screen and on paper: the requests per status with refused
// attempts apart, the baskets, the breakdowns per seller, till and origin, the remainders
// collected otherwise, what is still pending, and the operations whose till was not told.
import type { ReactNode } from 'react';
import {
  OPERATION_STATUSES,
  type DayReport,
  type ReportBreakdown,
} from '../../../electron/common/contract';
import { formatDateTime } from '../../../electron/common/dates';
import { formatCents } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import { StatusBadge } from './StatusBadge';
import { TotalsCells } from './TotalsCells';

/** `2026-03-29` → `29/03/2026`. */
export function dayText(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** `29/03/2026` (or `29/3/2026`, `29-03-2026`) → `2026-03-29`; null for anything that is not a calendar day. */
export function parseDayText(text: string): string | null {
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!match) return null;
  const day = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day) ? day : null;
}

function Money({ cents }: { cents: number }) {
  return <>{formatCents(cents, useLanguage())}</>;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="report-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

function RequestsTable({ report }: { report: DayReport }) {
  const t = useT();
  const statuses = OPERATION_STATUSES.filter((status) => status !== 'failed' && report.requests.byStatus[status].count > 0);
  return (
    <table className="report-table">
      <caption>{t.sectionRequests}</caption>
      <thead>
        <tr>
          <th scope="col">{t.status}</th>
          <th scope="col">{t.operationsColumn}</th>
          <th scope="col">{t.requestedShort}</th>
          <th scope="col">{t.receivedShort}</th>
        </tr>
      </thead>
      <tbody>
        {statuses.map((status) => (
          <tr key={status}>
            <th scope="row">
              <StatusBadge status={status} />
            </th>
            <TotalsCells totals={report.requests.byStatus[status]} />
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="report-total">
          <th scope="row">{t.allRequests}</th>
          <TotalsCells totals={report.requests.total} />
        </tr>
        <tr className="report-refused">
          <th scope="row">{t.refusedAttempts}</th>
          <td>{report.requests.refused.count}</td>
          <td>—</td>
          <td>—</td>
        </tr>
      </tfoot>
    </table>
  );
}

function BasketsTable({ report }: { report: DayReport }) {
  const t = useT();
  const b = report.baskets;
  const rows: Array<[string, ReactNode]> = [
    [t.basketsCount, b.count],
    [t.basketsAsked, <Money key="asked" cents={b.amountRequested} />],
    [t.basketsReceived, <Money key="received" cents={b.amountReceived} />],
    [t.basketsPaidInFull, b.paidInFull],
    [t.partiallyPaid, b.partiallyPaid],
    [t.collectedOtherwise, <Money key="otherwise" cents={b.collectedOtherwise} />],
    [t.leftToCollect, <Money key="left" cents={b.leftToCollect} />],
    [t.basketsPending, b.pending],
    [t.basketsUnpaid, b.unpaid],
  ];
  return (
    <table className="report-table report-pairs">
      <caption>{t.sectionBaskets}</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BreakdownTable({ caption, column, lines, name }: { caption: string; column: string; lines: ReportBreakdown[]; name: (key: string | null) => string }) {
  const t = useT();
  if (lines.length === 0) return null;
  return (
    <table className="report-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{column}</th>
          <th scope="col">{t.operationsColumn}</th>
          <th scope="col">{t.requestedShort}</th>
          <th scope="col">{t.receivedShort}</th>
          <th scope="col">{t.validatedColumn}</th>
          <th scope="col">{t.refusedColumn}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.key ?? '∅'}>
            <th scope="row">{name(line.key)}</th>
            <TotalsCells totals={line.total} />
            <td>{line.validated.count}</td>
            <td>{line.refused}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DayReportView({ report }: { report: DayReport }) {
  const t = useT();
  const language = useLanguage();
  const heading = t.reportHeading(dayText(report.from), dayText(report.to));
  return (
    <article className="day-report" aria-label={heading}>
      <header className="report-header">
        <h3 className="report-title">{heading}</h3>
        <p>
          {[report.merchant.name, report.merchant.conventionNumber ? t.conventionLine(report.merchant.conventionNumber) : null, t.tillLine(report.tillId)]
            .filter(Boolean)
            .join(' — ')}
        </p>
        <p className="muted">{t.reportGenerated(formatDateTime(report.generatedAt, language))}</p>
        {report.otherTills.status === 'included' ? <p className="report-note">{t.otherTillsIncluded(report.otherTills.count)}</p> : null}
        {report.otherTills.status === 'unavailable' ? (
          <p className="alert" role="alert">
            {t.otherTillsUnavailable}
          </p>
        ) : null}
      </header>

      <RequestsTable report={report} />
      {report.requests.refused.count > 0 ? <p className="report-note">{t.refusedHint}</p> : null}
      <BasketsTable report={report} />

      <BreakdownTable caption={t.bySeller} column={t.sellerColumn} lines={report.bySeller} name={(key) => key ?? t.noSeller} />
      <BreakdownTable caption={t.byTill} column={t.tillColumn} lines={report.byTill} name={(key) => key ?? t.otherTill} />
      <BreakdownTable caption={t.byOrigin} column={t.originColumn} lines={report.byOrigin} name={(key) => (key === null ? t.otherTill : (t.originLabel[key] ?? key))} />

      <Section id="report-remainders" title={t.remaindersByMeans}>
        {report.remaindersByMeans.length === 0 ? (
          <p className="muted">{t.noRemainders}</p>
        ) : (
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">{t.means}</th>
                <th scope="col">{t.operationsColumn}</th>
                <th scope="col">{t.collectedOtherwise}</th>
              </tr>
            </thead>
            <tbody>
              {report.remaindersByMeans.map((line) => (
                <tr key={line.means}>
                  <th scope="row">{t.meansLabel[line.means]}</th>
                  <td>{line.count}</td>
                  <td>
                    <Money cents={line.amount} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section id="report-pending" title={t.stillPending}>
        {report.pending.length === 0 ? (
          <p className="muted">{t.noPending}</p>
        ) : (
          <ul className="report-list">
            {report.pending.map((operation) => (
              <li key={operation.id}>
                <strong>{operation.basketNumber}</strong> — <Money cents={operation.amountRequested} /> — {formatDateTime(operation.createdAt, language)} —{' '}
                <StatusBadge status={operation.status} />
              </li>
            ))}
            {report.pendingCount > report.pending.length ? <li>{t.pendingMore(report.pendingCount - report.pending.length)}</li> : null}
          </ul>
        )}
      </Section>

      {report.tillNotTold.length > 0 ? (
        <Section id="report-untold" title={t.tillNotTold}>
          <p className="report-note">{t.tillNotToldHint}</p>
          <ul className="report-list">
            {report.tillNotTold.map((item) => (
              <li key={`${item.operationId}-${item.at}`}>
                <strong>{item.basketNumber}</strong> — <Money cents={item.amountRequested} /> — {formatDateTime(item.at, language)} —{' '}
                <StatusBadge status={item.status} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </article>
  );
}
