// Time left to pay, `mm:ss`, counted on the host's clock: the tablet's own clock may be off by
// minutes, so the offset measured from the state's `serverTime` is added to it.
import { useEffect, useState } from 'react';
import { formatCountdown } from '../../../electron/common/dates';

interface ServerCountdownProps {
  label: string;
  expiresAt: string;
  clockOffsetMs: number;
}

export function ServerCountdown({ label, expiresAt, clockOffsetMs }: ServerCountdownProps) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const msLeft = Date.parse(expiresAt) - (now + clockOffsetMs);
  return (
    <p className="countdown">
      {label} <span className="countdown-value">{formatCountdown(msLeft)}</span>
    </p>
  );
}
