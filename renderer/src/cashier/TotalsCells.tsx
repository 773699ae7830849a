// A row's count, amount asked and amount received, in the report tables and the day's totals.
import type { RequestTotals } from '../../../electron/common/contract';
import { formatCents } from '../../../electron/common/money';
import { useLanguage } from '../i18n/i18n';

export function TotalsCells({ totals }: { totals: RequestTotals }) {
  const language = useLanguage();
  return (
    <>
      <td>{totals.count}</td>
      <td>{formatCents(totals.amountRequested, language)}</td>
      <td>{formatCents(totals.amountReceived, language)}</td>
    </>
  );
}
