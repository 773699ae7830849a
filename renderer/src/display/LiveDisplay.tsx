// The customer display once it has a source of states: shows the latest one, keeps the clock
// offset for the countdown, follows the language, and says so when the link to the till is lost.
import { useEffect, useLayoutEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { DisplayState } from '../../../electron/common/contract';
import { DisplayScreen } from './DisplayScreen';
import { displayMessages } from './messages';

export type Subscribe = (listener: (state: DisplayState) => void) => () => void;

interface LiveDisplayProps {
  subscribe: Subscribe;
  /** False while the browser display's stream is down (Electron's IPC does not drop). */
  online?: boolean;
}

export function LiveDisplay({ subscribe, online = true }: LiveDisplayProps) {
  const [view, setView] = useState<{ state: DisplayState; clockOffsetMs: number } | null>(null);
  useEffect(
    () =>
      subscribe((state) =>
        // Drawn in the task that brought it: the QR in front of the customer waits for no scheduler.
        flushSync(() => setView({ state, clockOffsetMs: Date.parse(state.serverTime) - Date.now() })),
      ),
    [subscribe],
  );
  const language = view?.state.language ?? 'fr';
  useLayoutEffect(() => {
    document.documentElement.lang = language;
    document.title = displayMessages[language].pageTitle;
  }, [language]);

  // Nothing at all until the first state: never a stale or made-up screen.
  if (!view) return null;
  return (
    <>
      <DisplayScreen state={view.state} clockOffsetMs={view.clockOffsetMs} />
      {online ? null : (
        // A landmark of its own: everything on the page sits in one.
        <aside className="connection-lost" aria-label={displayMessages[language].reconnecting}>
          <p role="status">{displayMessages[language].reconnecting}</p>
        </aside>
      )}
    </>
  );
}
