// What a till driving us over Caisse-AP wants the cashier to know (the till was told a partial
// amount, the platform refused, a basket number was generated…), worded from its code. Errors
// are announced at once, the rest politely; the last few stay until the cashier hides them.
import { useState } from 'react';
import type { Operation, TillNotice } from '../../../electron/common/contract';
import { formatTime } from '../../../electron/common/dates';
import { wordTillNotice } from '../../../electron/common/core-words';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useCompanionEvent } from './companion-context';

export const MAX_NOTICES = 5;

export function TillNotices({ onOpen }: { onOpen(operation: Operation): void }) {
  const api = useCompanion();
  const t = useT();
  const language = useLanguage();
  const [notices, setNotices] = useState<TillNotice[]>([]);

  useCompanionEvent('till.notice', (notice) => setNotices((current) => [notice, ...current].slice(0, MAX_NOTICES)));

  async function open(id: string) {
    const result = await api.payments.get({ id });
    if (result.ok) onOpen(result.value);
  }

  const dismiss = (notice: TillNotice) => setNotices((current) => current.filter((item) => item !== notice));

  return (
    <section className="till-notices" aria-label={t.tillNotices}>
      {notices.map((notice) => (
        <div
          key={`${notice.at}-${notice.code}-${notice.operationId ?? ''}`}
          className={`till-notice till-notice-${notice.level}`}
          role={notice.level === 'error' ? 'alert' : 'status'}
        >
          <p>
            <span className="muted">{t.tillNoticeAt(formatTime(notice.at, language))}</span> {wordTillNotice(notice, language)}
          </p>
          <div className="till-notice-actions">
            {notice.operationId ? (
              <button type="button" className="secondary" onClick={() => void open(notice.operationId!)}>
                {t.showOperation}
              </button>
            ) : null}
            <button type="button" className="secondary" onClick={() => dismiss(notice)} aria-label={t.dismissNotice}>
              ×
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
