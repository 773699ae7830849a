// Pages shown instead of the cashier app when it cannot start: no access token, a token the host
// refused, or a host that does not answer.
import { messages } from '../i18n/messages';
import { useT } from '../i18n/i18n';

/** Shown before any settings are known, so it says it in both languages. */
export function MissingTokenPage({ refused = false }: { refused?: boolean }) {
  return (
    <main className="startup-page">
      <h1>{messages.fr.missingTokenTitle}</h1>
      {refused ? <p className="alert">{messages.fr.badToken}</p> : null}
      <p className="startup-instruction">{messages.fr.missingToken}</p>
      <p lang="en" className="muted">
        {refused ? `${messages.en.badToken} ` : ''}
        {messages.en.missingToken}
      </p>
    </main>
  );
}

export function UnreachablePage({ reason, onRetry }: { reason: string; onRetry(): void }) {
  const t = useT();
  return (
    <main className="startup-page">
      <h1>{t.startupFailed}</h1>
      <p className="alert" role="alert">
        {reason}
      </p>
      <button type="button" className="primary big" onClick={onRetry}>
        {t.retry}
      </button>
    </main>
  );
}

export function LoadingPage() {
  const t = useT();
  return (
    <main className="startup-page" aria-busy="true">
      <p>{t.loading}</p>
    </main>
  );
}
