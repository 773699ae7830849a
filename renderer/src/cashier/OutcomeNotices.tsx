// The outcome of a request that was not on screen (paid after « Fermer », expired while the
// cashier was in « Mes opérations »…): it stays here until the cashier has seen it. A click on
// it opens the recap; « J'ai vu » puts it away.
import type { Operation } from '../../../electron/common/contract';
import { formatTime } from '../../../electron/common/dates';
import { useLanguage, useT } from '../i18n/i18n';
import { outcomeFacts } from './outcome-words';
import type { OutcomeNotice } from './payment-watch';

interface OutcomeNoticesProps {
  notices: readonly OutcomeNotice[];
  onOpen(operation: Operation): void;
  onAcknowledge(operationId: string): void;
}

export function OutcomeNotices({ notices, onOpen, onAcknowledge }: OutcomeNoticesProps) {
  const t = useT();
  const language = useLanguage();
  if (notices.length === 0) return null;
  return (
    <section className="outcome-notices" aria-label={t.outcomeNotices}>
      {notices.map(({ operation, outcome, seenAt }) => {
        const title = t.outcomeTitle[outcome];
        return (
          <div key={operation.id} className={`outcome-notice outcome-notice-${outcome}`} role="alert">
            <button type="button" className="outcome-notice-open" onClick={() => onOpen(operation)}>
              <span className="outcome-notice-title">{title}</span>
              <span className="outcome-notice-detail">{t.outcomeDetail(outcome, outcomeFacts(operation, language))}</span>
              <span className="outcome-notice-time">{t.noticeAt(formatTime(seenAt, language))}</span>
              <span className="outcome-notice-action">{t.showRequest}</span>
            </button>
            <button
              type="button"
              className="outcome-notice-ack"
              aria-label={t.acknowledgeName(title, operation.basketNumber)}
              onClick={() => onAcknowledge(operation.id)}
            >
              {t.acknowledge}
            </button>
          </div>
        );
      })}
    </section>
  );
}
