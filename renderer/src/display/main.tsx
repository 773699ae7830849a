// The customer display's entry. In Electron's customer window the preload gives
// `window.customerDisplay`; in a browser the page reads its display token from `?token=` (kept
// for this tab, taken out of the address bar) or asks for the pairing code.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { takeAccessToken } from '../bridge/access-token';
import { BrowserDisplay } from './BrowserDisplay';
import { DISPLAY_TOKEN_KEY } from './display-link';
import { LiveDisplay, type Subscribe } from './LiveDisplay';
import './display.css';

const bridge = window.customerDisplay;
const root = createRoot(document.getElementById('root')!);

if (bridge) {
  const subscribe: Subscribe = (listener) => bridge.subscribe(listener);
  root.render(
    <StrictMode>
      <LiveDisplay subscribe={subscribe} />
    </StrictMode>,
  );
} else {
  const token = takeAccessToken(window, DISPLAY_TOKEN_KEY);
  root.render(
    <StrictMode>
      <BrowserDisplay initialToken={token} />
    </StrictMode>,
  );
}
