// Under « Mes opérations »: the whole convention's requests of today from the platform's list,
// every till of the merchant, the other tills' marked « Autre caisse ». Read on demand (it asks
// the platform), and again when this till's requests change.
import { useCallback, useState } from 'react';
import type { ContractError, ConventionOperation } from '../../../electron/common/contract';
import { formatDateTime, parisDay } from '../../../electron/common/dates';
import { formatCents } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useCompanionEvent, useLink } from './companion-context';
import { explainError } from './explain-error';
import { StatusBadge } from './StatusBadge';
import './print.css';

export function ConventionPanel() {
  const api = useCompanion();
  const link = useLink();
  const t = useT();
  const language = useLanguage();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<ConventionOperation[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<ContractError | null>(null);

  const load = useCallback(
    async (cursor?: string) => {
      setLoading(true);
      const result = await api.operations.convention({ day: parisDay(), ...(cursor ? { cursor } : {}) });
      setLoading(false);
      if (!result.ok) {
        link.onError(result.error);
        setProblem(result.error);
        return;
      }
      setProblem(null);
      setItems((current) => (cursor ? [...current, ...result.value.items] : result.value.items));
      setNextCursor(result.value.nextCursor);
    },
    [api, link],
  );

  useCompanionEvent('payment.updated', () => {
    if (open) void load();
  });

  function toggle() {
    const next = !open;
    setOpen(next);
    if (next) void load();
  }

  return (
    <section className="convention-panel" aria-labelledby="convention-title">
      <button type="button" className="secondary" aria-expanded={open} onClick={toggle}>
        {open ? t.hideOtherTills : t.showOtherTills}
      </button>
      {open ? (
        <>
          <h3 id="convention-title">{t.otherTillsTitle}</h3>
          {problem ? (
            <p className="alert" role="alert">
              {explainError(problem, language)}
            </p>
          ) : null}
          {items.length === 0 && !loading && !problem ? <p className="empty">{t.noConventionOperations}</p> : null}
          <ul className="operation-list" aria-label={t.otherTillsTitle} aria-busy={loading || undefined}>
            {items.map((item) => (
              <li key={item.platformId} className="operation-row convention-row">
                <span className="cell cell-basket">
                  <span className="cell-label">
                    {t.basketShort}
                    {t.colon}
                  </span>{' '}
                  <strong>{item.basketNumber}</strong>
                </span>
                <span className="cell cell-status">
                  <StatusBadge status={item.status} />{' '}
                  {item.otherTill ? <span className="badge badge-other-till">{t.otherTill}</span> : <span className="badge">{t.thisTill}</span>}
                </span>
                <span className="cell cell-date">{formatDateTime(item.createdAt, language)}</span>
                <span className="cell cell-amount">
                  <span className="cell-label">
                    {t.requestedShort}
                    {t.colon}
                  </span>{' '}
                  {formatCents(item.amountRequested, language)}
                </span>
                <span className="cell cell-amount">
                  <span className="cell-label">
                    {t.receivedShort}
                    {t.colon}
                  </span>{' '}
                  {formatCents(item.amountReceived, language)}
                </span>
              </li>
            ))}
          </ul>
          {nextCursor ? (
            <button type="button" className="secondary more" onClick={() => void load(nextCursor)} disabled={loading}>
              {t.moreOperations}
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
