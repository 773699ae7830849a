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
  const left = () => formatCountdown(Date.parse(expiresAt) - (Date.now() + clockOffsetMs));
  // Checked four times a second, drawn only when the text changes: the page stays still between.
  const [text, setText] = useState(left);
  useEffect(() => {
    const tick = () => setText(formatCountdown(Date.parse(expiresAt) - (Date.now() + clockOffsetMs)));
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [expiresAt, clockOffsetMs]);
  return (
    <p className="countdown">
      {label} <span className="countdown-value">{text}</span>
    </p>
  );
}
