// Reads the headless host's Server-Sent Events (`GET /api/events`) with the shared SSE client.
// When the stream ends or fails it reconnects with a doubling backoff (250 ms → 5 s) and says so,
// because events sent while it was down are lost: whoever shows data must read it again. A
// refused token (401, 403) ends it for good.
import { followSse } from '../../../electron/common/sse-client';

export interface EventStreamOptions {
  url: string;
  /** The bearer token, read at each attempt (the cashier page's changes with « Nouveau jeton »). */
  token: string | (() => string);
  fetch: typeof fetch;
  /** One parsed event: its `event:` name and its raw `data:` text. */
  onEvent(name: string, data: string): void;
  /** The stream is open; `reconnected` is true from the second time on. */
  onOpen?(info: { reconnected: boolean }): void;
  /** An attempt failed or an open stream ended: events are not arriving until the next onOpen. */
  onDown?(): void;
  /** The host refused the token (401, 403): the stream stops for good. */
  onRefused?(): void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Silence after which an open stream counts as dead (the host sends a keep-alive every 15 s). */
  idleTimeoutMs?: number;
  /** How to wait between attempts; tests pass one that records the delays. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface EventStream {
  close(): void;
}

export const RECONNECT_INITIAL_MS = 250;
export const RECONNECT_MAX_MS = 5_000;
/** Three missed keep-alives: a connection that died silently (a sleeping laptop, a dropped
 *  Wi-Fi) is noticed and replaced instead of leaving the screen frozen. */
export const IDLE_TIMEOUT_MS = 45_000;

export function openEventStream(options: EventStreamOptions): EventStream {
  const currentToken = () => (typeof options.token === 'function' ? options.token() : options.token);
  return followSse({
    url: options.url,
    token: currentToken,
    fetch: options.fetch,
    onEvent: (message) => options.onEvent(message.event, message.data),
    ...(options.onOpen ? { onOpen: options.onOpen } : {}),
    ...(options.onDown ? { onDown: options.onDown } : {}),
    onRefusal(response, token) {
      // A refused token stays refused (the page says so): asking again every few seconds would
      // only fill the host's log until the tab is closed. Unless the page got a new one meanwhile.
      if ((response.status === 401 || response.status === 403) && token === currentToken()) {
        options.onRefused?.();
        return 'stop';
      }
      return 'retry';
    },
    initialDelayMs: options.initialDelayMs ?? RECONNECT_INITIAL_MS,
    maxDelayMs: options.maxDelayMs ?? RECONNECT_MAX_MS,
    idleTimeoutMs: options.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
    ...(options.wait ? { wait: options.wait } : {}),
  });
}
