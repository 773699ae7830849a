// The day's totals ("Clôture de journée" at a glance): count and sums per status, the requests
// that reached the platform in all, refused attempts apart (not money asked), the baskets, and
// apart from them the remainders of partial payments collected another way, per means of payment.
import { OPERATION_STATUSES, REMAINDER_MEANS, type DaySummary } from '../../../electron/common/contract';
import { formatCents } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import { StatusBadge } from './StatusBadge';
import { TotalsCells } from './TotalsCells';

export function DayTotals({ summary }: { summary: DaySummary }) {
  const t = useT();
  const language = useLanguage();
  const [year, month, day] = summary.day.split('-');
  const rows = OPERATION_STATUSES.filter((status) => status !== 'failed' && (summary.byStatus[status]?.count ?? 0) > 0);
  const rests = summary.remaindersCollected;
  return (
    <>
      <table className="day-totals">
        <caption>{t.dayTotals(`${day}/${month}/${year}`)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.operationsColumn}</th>
            <th scope="col">{t.requestedShort}</th>
            <th scope="col">{t.receivedShort}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((status) => {
            const totals = summary.byStatus[status]!;
            return (
              <tr key={status}>
                <th scope="row">
                  <StatusBadge status={status} />
                </th>
                <TotalsCells totals={totals} />
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t.totalAll}</th>
            <TotalsCells totals={summary.total} />
          </tr>
          {summary.refused.count > 0 ? (
            <tr className="day-totals-refused">
              <th scope="row">{t.refusedAttempts}</th>
              <td>{summary.refused.count}</td>
              <td colSpan={2}>{t.refusedHint}</td>
            </tr>
          ) : null}
          <tr className="day-totals-baskets">
            <th scope="row">{t.basketsCount}</th>
            <TotalsCells totals={summary.baskets} />
          </tr>
        </tfoot>
      </table>
    {rests.total.count > 0 ? (
      <table className="day-totals remainder-totals">
        <caption>{t.remaindersTotals}</caption>
        <thead>
          <tr>
            <th scope="col">{t.meansColumn}</th>
            <th scope="col">{t.operationsColumn}</th>
            <th scope="col">{t.amountColumn}</th>
          </tr>
        </thead>
        <tbody>
          {REMAINDER_MEANS.filter((means) => rests.byMeans[means].count > 0).map((means) => (
            <tr key={means}>
              <th scope="row">{t.remainderMeans[means]}</th>
              <td>{rests.byMeans[means].count}</td>
              <td>{formatCents(rests.byMeans[means].amount, language)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t.totalAll}</th>
            <td>{rests.total.count}</td>
            <td>{formatCents(rests.total.amount, language)}</td>
          </tr>
        </tfoot>
      </table>
    ) : null}
    </>
  );
}
