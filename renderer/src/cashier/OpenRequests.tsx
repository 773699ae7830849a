// "Demandes en attente": this till's requests the customer can still pay, always in sight, each
// with its basket, amount and time left; one click opens its recap. Closing a pending recap puts
// nothing out of mind: the request stays here until its outcome is known.
import type { Operation } from '../../../electron/common/contract';
import { formatCountdown } from '../../../electron/common/dates';
import { formatCents } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import { useNow } from './use-now';
import { EXPIRES_SOON_MS } from './Countdown';

interface OpenRequestsProps {
  open: readonly Operation[];
  /** The request whose recap is on screen. */
  current: string | null;
  onOpen(operation: Operation): void;
}

export function OpenRequests({ open, current, onOpen }: OpenRequestsProps) {
  const t = useT();
  const language = useLanguage();
  const now = useNow();
  if (open.length === 0) return null;
  return (
    <section className="open-requests" aria-labelledby="open-requests-title">
      <h2 id="open-requests-title" className="open-requests-title">
        {t.openRequestsTitle} <span className="open-requests-count">{open.length}</span>
        <span className="visually-hidden">{` — ${t.openRequestsCount(open.length)}`}</span>
      </h2>
      <ul className="open-request-list">
        {open.map((operation) => {
          const amount = formatCents(operation.amountRequested, language);
          const msLeft = operation.expiresAt ? Date.parse(operation.expiresAt) - now : null;
          const soon = msLeft !== null && msLeft <= EXPIRES_SOON_MS;
          return (
            <li key={operation.id}>
              <button
                type="button"
                className={`open-request${soon ? ' open-request-soon' : ''}`}
                aria-current={current === operation.id ? 'true' : undefined}
                onClick={() => onOpen(operation)}
              >
                {/* Named by what it shows (basket, amount, time left), after what a click does. */}
                <span className="visually-hidden">{t.openRequestAction}</span>
                <span className="open-request-basket">{operation.basketNumber}</span>
                <span className="open-request-amount">{amount}</span>
                {msLeft !== null ? <span className="open-request-time">{formatCountdown(msLeft)}</span> : null}
                {operation.origin === 'caisse-ap' ? <span className="open-request-till">{t.fromTill}</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
