// The cashier page's entry: pick the companion once (Electron's preload or the browser bridge)
// and start the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { forgetAccessToken } from '../bridge/access-token';
import { pickCompanion } from '../bridge/pick-companion';
import { App } from './App';
import { createSignal, createValueSignal } from './companion-context';
import { MissingTokenPage } from './StartupPages';
import './cashier.css';

const reconnected = createSignal();
const companionLink = createValueSignal<boolean>();
const picked = pickCompanion(window, reconnected.emit, companionLink.emit);
const root = createRoot(document.getElementById('root')!);

root.render(
  <StrictMode>
    {picked.kind === 'missing-token' ? (
      <MissingTokenPage />
    ) : (
      <App
        api={picked.api}
        onReconnected={reconnected.subscribe}
        onCompanionLink={companionLink.subscribe}
        onTokenRefused={() => forgetAccessToken(window)}
      />
    )}
  </StrictMode>,
);
