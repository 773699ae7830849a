// "Mes opérations": the operation log, newest first, filtered by status and searched by basket
// number, with the day's totals. It follows `payment.updated` live, and reads everything again
// when the event stream comes back after a cut.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { StatusFilter, type ContractError, type DaySummary, type Operation } from '../../../electron/common/contract';
import { formatDateTime } from '../../../electron/common/dates';
import { formatCents } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useCompanionEvent, useLink, useLoggedInAgain, useReconnected } from './companion-context';
import { ConventionPanel } from './ConventionPanel';
import { DayTotals } from './DayTotals';
import { explainError } from './explain-error';
import { belongsInList, upsertOperation } from './operation-updates';
import { StatusBadge } from './StatusBadge';

export const PAGE_SIZE = 20;
export const SEARCH_DEBOUNCE_MS = 300;
const FILTERS = StatusFilter.options;

interface OperationsScreenProps {
  onOpen(operation: Operation): void;
}

export function OperationsScreen({ onOpen }: OperationsScreenProps) {
  const api = useCompanion();
  const link = useLink();
  const t = useT();
  const language = useLanguage();
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [searchText, setSearchText] = useState('');
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<Operation[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ContractError | null>(null);
  const [summary, setSummary] = useState<DaySummary | null>(null);
  // Answers to an older filter or search must not overwrite a newer one.
  const generation = useRef(0);

  const loadFirstPage = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    const result = await api.operations.list({ status: filter, query: query || undefined, limit: PAGE_SIZE });
    if (mine !== generation.current) return;
    setLoading(false);
    if (!result.ok) {
      link.onError(result.error);
      setError(result.error);
      return;
    }
    setError(null);
    setItems(result.value.items);
    setNextCursor(result.value.nextCursor);
  }, [api, link, filter, query]);

  async function loadMore() {
    if (!nextCursor) return;
    const mine = generation.current;
    setLoading(true);
    const result = await api.operations.list({
      status: filter,
      query: query || undefined,
      limit: PAGE_SIZE,
      cursor: nextCursor,
    });
    if (mine !== generation.current) return;
    setLoading(false);
    if (!result.ok) {
      link.onError(result.error);
      setError(result.error);
      return;
    }
    setItems((current) => [...current, ...result.value.items.filter((item) => !current.some((c) => c.id === item.id))]);
    setNextCursor(result.value.nextCursor);
  }

  const loadSummary = useCallback(async () => {
    const result = await api.operations.summary({});
    if (result.ok) setSummary(result.value);
  }, [api]);

  useEffect(() => {
    void loadFirstPage();
  }, [loadFirstPage]);
  useEffect(() => {
    void loadSummary();
  }, [loadSummary]);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(searchText.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText]);

  useCompanionEvent('payment.updated', (operation) => {
    setItems((current) => upsertOperation(current, operation, belongsInList(operation, filter, query)));
    void loadSummary();
  });
  useReconnected(() => {
    void loadFirstPage();
    void loadSummary();
  });
  // What failed before the new login (the list, as the session had expired) is read again.
  useLoggedInAgain(() => {
    setError(null);
    void loadFirstPage();
    void loadSummary();
  });

  return (
    <section className="screen operations" aria-labelledby="operations-title">
      <h2 id="operations-title">{t.operationsTitle}</h2>
      {summary ? <DayTotals summary={summary} /> : null}

      <div className="operations-tools">
        <div role="group" aria-label={t.statusFilter} className="filters">
          {FILTERS.map((name) => (
            <button
              key={name}
              type="button"
              className="filter"
              aria-pressed={filter === name}
              onClick={() => setFilter(name)}
            >
              {t.filterLabel[name]}
            </button>
          ))}
        </div>
        <div className="search">
          <label htmlFor="operations-search">{t.searchBasket}</label>
          <input
            id="operations-search"
            type="search"
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            maxLength={50}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
      </div>

      {error ? (
        <p className="alert" role="alert">
          {explainError(error, language)}
        </p>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {loading ? '' : t.operationsFound(items.length)}
      </p>

      {items.length === 0 && !loading ? <p className="empty">{t.noOperations}</p> : null}
      <ul className="operation-list" aria-label={t.operationsTitle} aria-busy={loading || undefined}>
        {items.map((operation) => (
          <li key={operation.id}>
            <button type="button" className="operation-row" onClick={() => onOpen(operation)}>
              <Cell kind="basket" label={t.basketShort}>
                <strong>{operation.basketNumber}</strong>
              </Cell>
              <span className="cell cell-status">
                <StatusBadge status={operation.status} />
                <RestTag operation={operation} />
              </span>
              <Cell kind="date" label={t.createdOn}>{formatDateTime(operation.createdAt, language)}</Cell>
              <Cell kind="date" label={t.updatedOn}>{formatDateTime(operation.updatedAt, language)}</Cell>
              <Cell kind="amount" label={t.requestedShort}>{formatCents(operation.amountRequested, language)}</Cell>
              <Cell kind="amount" label={t.receivedShort}>{formatCents(operation.amountReceived, language)}</Cell>
            </button>
          </li>
        ))}
      </ul>
      {nextCursor ? (
        <button type="button" className="secondary more" onClick={loadMore} disabled={loading}>
          {t.moreOperations}
        </button>
      ) : null}
      <ConventionPanel />
    </section>
  );
}

/** Under « Validé »: what a partial payment left, or that the rest was collected another way
 *  (the basket is settled). */
function RestTag({ operation }: { operation: Operation }) {
  const t = useT();
  const language = useLanguage();
  if (operation.status !== 'validated' || operation.remainder === 0) return null;
  if (operation.remainderCollected) {
    return (
      <span className="rest-tag rest-settled">
        {t.settledShort} — {t.remainderMeans[operation.remainderCollected.means]}
      </span>
    );
  }
  return <span className="rest-tag rest-left">{t.remainderLeftShort(formatCents(operation.remainder, language))}</span>;
}

/** One labelled value of an operation row ("Créée le : 30/04/2020 10h06"). */
function Cell({ kind, label, children }: { kind: 'basket' | 'date' | 'amount'; label: string; children: ReactNode }) {
  const t = useT();
  return (
    <span className={`cell cell-${kind}`}>
      <span className="cell-label">
        {label}
        {t.colon}
      </span>{' '}
      {children}
    </span>
  );
}
