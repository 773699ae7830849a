// Time left before a payment request expires, `mm:ss`, ticking every second. The visible timer
// is not read aloud at every tick (that would drown everything else); a polite announcement
// says the minutes left each time that number changes. In the last 30 seconds it changes colour
// and says « Expire bientôt », so the cashier sees it from across the counter.
import { useEffect, useId, useRef } from 'react';
import { formatCountdown } from '../../../electron/common/dates';
import { useT } from '../i18n/i18n';
import { useNow } from './use-now';

/** From this much time left, the request is about to expire. */
export const EXPIRES_SOON_MS = 30_000;

interface CountdownProps {
  expiresAt: string;
  /** Called once when the time is up (the status may still say pending until the platform speaks). */
  onTimeUp?: () => void;
}

export function Countdown({ expiresAt, onTimeUp }: CountdownProps) {
  const t = useT();
  const labelId = useId();
  const now = useNow();
  const msLeft = Date.parse(expiresAt) - now;
  const secondsLeft = Math.max(0, Math.ceil(msLeft / 1000));
  const soon = msLeft <= EXPIRES_SOON_MS;
  const calledTimeUp = useRef(false);
  const latestTimeUp = useRef(onTimeUp);
  latestTimeUp.current = onTimeUp;

  useEffect(() => {
    if (secondsLeft > 0 || calledTimeUp.current) return;
    calledTimeUp.current = true;
    latestTimeUp.current?.();
  }, [secondsLeft]);

  return (
    <p className={soon ? 'countdown countdown-soon' : 'countdown'}>
      <span id={labelId}>
        {t.timeLeft}
        {t.colon}
      </span>{' '}
      <span role="timer" aria-labelledby={labelId} className="countdown-value">
        {formatCountdown(msLeft)}
      </span>
      {soon ? <span className="countdown-soon-label">{t.expiresSoon}</span> : null}
      <span className="visually-hidden" aria-live="polite">
        {soon ? t.expiresSoonAnnouncement : t.timeLeftAnnouncement(Math.floor(secondsLeft / 60))}
      </span>
    </p>
  );
}
