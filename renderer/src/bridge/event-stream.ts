// Reads the headless host's Server-Sent Events (`GET /api/events`). EventSource cannot send an
// Authorization header, so this is fetch + a streamed body + eventsource-parser. When the stream
// ends or fails it reconnects with a doubling backoff (250 ms → 5 s) and says so, because events
// sent while it was down are lost: whoever shows data must read it again. A refused token (401,
// 403) ends it for good.
import { createParser } from 'eventsource-parser';

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
  const controller = new AbortController();
  void run(options, controller.signal);
  return { close: () => controller.abort() };
}

async function run(options: EventStreamOptions, signal: AbortSignal): Promise<void> {
  const initialDelay = options.initialDelayMs ?? RECONNECT_INITIAL_MS;
  const maxDelay = options.maxDelayMs ?? RECONNECT_MAX_MS;
  const wait = options.wait ?? waitFor;
  let delay = initialDelay;
  let openedBefore = false;
  const currentToken = () => (typeof options.token === 'function' ? options.token() : options.token);
  while (!signal.aborted) {
    const token = currentToken();
    try {
      const response = await options.fetch(options.url, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        cache: 'no-store',
        signal,
      });
      if (response.ok && response.body) {
        options.onOpen?.({ reconnected: openedBefore });
        openedBefore = true;
        delay = initialDelay;
        await readEvents(response.body, options.onEvent, options.idleTimeoutMs ?? IDLE_TIMEOUT_MS);
      } else {
        await response.body?.cancel();
        // A refused token stays refused (the page says so): asking again every few seconds would
        // only fill the host's log until the tab is closed. Unless the page got a new one meanwhile.
        if ((response.status === 401 || response.status === 403) && token === currentToken()) {
          options.onRefused?.();
          return;
        }
      }
    } catch {
      // Network failure, host stopped, or close(): the loop decides whether to try again.
    }
    if (signal.aborted) return;
    options.onDown?.();
    await wait(delay, signal);
    delay = Math.min(delay * 2, maxDelay);
  }
}

/** Feeds a streamed body to a fresh parser until the body ends or stays silent too long. */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (name: string, data: string) => void, idleTimeoutMs: number) {
  const parser = createParser({ onEvent: (message) => onEvent(message.event ?? 'message', message.data) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let idle: ReturnType<typeof setTimeout> | undefined;
  const watch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => void reader.cancel().catch(() => undefined), idleTimeoutMs);
  };
  try {
    watch();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      watch();
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } finally {
    clearTimeout(idle);
    reader.releaseLock();
  }
}

function waitFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
