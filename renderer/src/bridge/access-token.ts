// The headless host prints the cashier URL with its access token (`/?token=T`). The page keeps
// the token for this tab only (sessionStorage survives a reload, not a closed tab) and takes it
// out of the address bar at once, so it does not end up in the history, a bookmark or a
// screenshot of the till.

export const CASHIER_TOKEN_KEY = 'cv-connect.cashier-token';

type PageWindow = Pick<Window, 'location' | 'history' | 'sessionStorage'>;

/** The token from the URL (remembered, then removed from the address bar) or the remembered one. */
export function takeAccessToken(win: PageWindow, storageKey: string = CASHIER_TOKEN_KEY): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }
  if (fromUrl) {
    remember(win, storageKey, fromUrl);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(storageKey) || null;
  } catch {
    return null; // storage disabled: the token had to come from the URL
  }
}

/** Forgets a token the host refused, so a reload shows how to get a fresh one. */
export function forgetAccessToken(win: Pick<Window, 'sessionStorage'>, storageKey: string = CASHIER_TOKEN_KEY): void {
  try {
    win.sessionStorage.removeItem(storageKey);
  } catch {
    // nothing stored, nothing to forget
  }
}

/** Keeps the token the host gave this page in exchange for its old one (« Nouveau jeton »). */
export function rememberAccessToken(win: Pick<Window, 'sessionStorage'>, token: string, storageKey: string = CASHIER_TOKEN_KEY): void {
  remember(win, storageKey, token);
}

function remember(win: Pick<Window, 'sessionStorage'>, storageKey: string, token: string): void {
  try {
    win.sessionStorage.setItem(storageKey, token);
  } catch {
    // storage disabled: the page still works until it is reloaded
  }
}
