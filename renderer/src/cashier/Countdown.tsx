// Time left before a payment request expires, `mm:ss`, ticking every second. The visible timer
// is not read aloud at every tick (that would drown everything else); a polite announcement
// says the minutes left each time that number changes.
import { useEffect, useId, useRef, useState } from 'react';
import { formatCountdown } from '../../../electron/common/dates';
import { useT } from '../i18n/i18n';

interface CountdownProps {
  expiresAt: string;
  /** Called once when the time is up (the status may still say pending until the platform speaks). */
  onTimeUp?: () => void;
}

export function Countdown({ expiresAt, onTimeUp }: CountdownProps) {
  const t = useT();
  const labelId = useId();
  const now = useNow(1000);
  const msLeft = Date.parse(expiresAt) - now;
  const secondsLeft = Math.max(0, Math.ceil(msLeft / 1000));
  const calledTimeUp = useRef(false);
  const latestTimeUp = useRef(onTimeUp);
  latestTimeUp.current = onTimeUp;

  useEffect(() => {
    if (secondsLeft > 0 || calledTimeUp.current) return;
    calledTimeUp.current = true;
    latestTimeUp.current?.();
  }, [secondsLeft]);

  return (
    <p className="countdown">
      <span id={labelId}>
        {t.timeLeft}
        {t.colon}
      </span>{' '}
      <span role="timer" aria-labelledby={labelId} className="countdown-value">
        {formatCountdown(msLeft)}
      </span>
      <span className="visually-hidden" aria-live="polite">
        {t.timeLeftAnnouncement(Math.floor(secondsLeft / 60))}
      </span>
    </p>
  );
}

function useNow(periodMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}
