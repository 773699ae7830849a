// The page talks to one `companion`: Electron's preload puts it on `window.companion`; in a
// browser the HTTP bridge builds the same API from the token the host printed.
import type { CompanionApi } from '../../../electron/common/contract';
import { rememberAccessToken, takeAccessToken } from './access-token';
import { createHttpCompanion } from './http-bridge';

declare global {
  interface Window {
    companion?: CompanionApi;
  }
}

export type PickedCompanion =
  | { kind: 'electron' | 'http'; api: CompanionApi }
  | { kind: 'missing-token' };

/** `onConnection`: the browser bridge's link to the host (Electron's IPC never drops);
 *  `onRefused`: the host no longer takes this page's token. */
export function pickCompanion(
  win: Window,
  onReconnected: () => void,
  onConnection?: (up: boolean) => void,
  onRefused?: () => void,
): PickedCompanion {
  if (win.companion) return { kind: 'electron', api: win.companion };
  const token = takeAccessToken(win);
  if (!token) return { kind: 'missing-token' };
  return {
    kind: 'http',
    api: createHttpCompanion({
      token,
      onReconnected,
      onToken: (next) => rememberAccessToken(win, next),
      ...(onConnection ? { onConnection } : {}),
      ...(onRefused ? { onRefused } : {}),
    }),
  };
}
