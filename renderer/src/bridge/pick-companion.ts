// The page talks to one `companion`: Electron's preload puts it on `window.companion`; in a
// browser the HTTP bridge builds the same API from the token the host printed.
import type { CompanionApi } from '../../../electron/common/contract';
import { takeAccessToken } from './access-token';
import { createHttpCompanion } from './http-bridge';

declare global {
  interface Window {
    companion?: CompanionApi;
  }
}

export type PickedCompanion =
  | { kind: 'electron' | 'http'; api: CompanionApi }
  | { kind: 'missing-token' };

/** `onConnection`: the browser bridge's link to the host (Electron's IPC never drops). */
export function pickCompanion(win: Window, onReconnected: () => void, onConnection?: (up: boolean) => void): PickedCompanion {
  if (win.companion) return { kind: 'electron', api: win.companion };
  const token = takeAccessToken(win);
  if (!token) return { kind: 'missing-token' };
  return { kind: 'http', api: createHttpCompanion({ token, onReconnected, ...(onConnection ? { onConnection } : {}) }) };
}
