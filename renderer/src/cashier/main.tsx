// The cashier page's entry: pick the companion once (Electron's preload or the browser bridge)
// and start the app. In a browser, a token the host stops taking (replaced with « Nouveau jeton »
// from another page) brings the page that says how to get the new one, instead of errors.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { forgetAccessToken } from '../bridge/access-token';
import { pickCompanion } from '../bridge/pick-companion';
import { App } from './App';
import { createSignal, createValueSignal } from './companion-context';
import { MissingTokenPage } from './StartupPages';
import './cashier.css';

const reconnected = createSignal();
const companionLink = createValueSignal<boolean>();
const refused = createSignal();
const picked = pickCompanion(window, reconnected.emit, companionLink.emit, () => {
  forgetAccessToken(window);
  refused.emit();
});
const root = createRoot(document.getElementById('root')!);

function CashierPage() {
  const [tokenRefused, setTokenRefused] = useState(false);
  useEffect(() => refused.subscribe(() => setTokenRefused(true)), []);
  if (picked.kind === 'missing-token') return <MissingTokenPage />;
  if (tokenRefused) return <MissingTokenPage refused />;
  return (
    <App
      api={picked.api}
      onReconnected={reconnected.subscribe}
      onCompanionLink={companionLink.subscribe}
      onTokenRefused={() => forgetAccessToken(window)}
    />
  );
}

root.render(
  <StrictMode>
    <CashierPage />
  </StrictMode>,
);
