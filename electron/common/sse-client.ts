// One Server-Sent Events client for both sides: the core following the platform's stream (Node)
// and the browser bridge following the local API's (a page). EventSource cannot send an
// Authorization header, so this is fetch + a streamed body + eventsource-parser. It reconnects
// with a doubling backoff, sends Last-Event-ID when its owner keeps one, replaces a stream gone
// silent, and says when the stream is open and when it is down: events sent meanwhile are lost
// unless the server replays them, so the owner reads again (or resumes) when it is back.
// Runtime-neutral: fetch, ReadableStream and TextDecoder only.
import { createParser } from 'eventsource-parser';

export interface SseMessage {
  /** `event:`, or `message` when the server named none. */
  event: string;
  /** `data:`, as text. */
  data: string;
  /** This event's own `id:`, or null (an earlier event's id is not carried over). */
  id: string | null;
}

export type SseRefusal = 'stop' | 'retry';

export interface SseClientOptions {
  url: string | URL;
  /** The bearer token, read at each attempt (it may change between attempts). */
  token: string | (() => string);
  /** The id of the last event already handled, sent as Last-Event-ID at each attempt. */
  lastEventId?: () => string | null;
  fetch?: typeof fetch;
  onEvent(message: SseMessage): void;
  /** The stream is open; `reconnected` is true from the second time on. */
  onOpen?(info: { reconnected: boolean }): void;
  /** Anything read off the stream (events, keep-alive comments): the server is there. */
  onActivity?(): void;
  /** Wraps the handling of one chunk read (every event in it), e.g. in one transaction. */
  inBatch?(work: () => void): void;
  /** An attempt failed or an open stream ended: nothing arrives until the next onOpen. */
  onDown?(): void;
  /** An answer that is not a stream (4xx, 5xx): `stop` ends the client for good (a refused token
   *  stays refused), `retry` tries again after the backoff. The body is there to read; without
   *  this, every such answer is retried. `token` is the one this attempt sent. */
  onRefusal?(response: Response, token: string): SseRefusal | Promise<SseRefusal>;
  /** The client stopped for good: closed, or stopped by `onRefusal`. */
  onEnd?(): void;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Each wait spread by ± this fraction, so that many clients do not all come back at once. */
  jitter?: number;
  /** How long an attempt whose stream opened must have lasted for the next wait to start again
   *  from `initialDelayMs` (a server that accepts and drops at once keeps its backoff). 0: any. */
  resetAfterMs?: number;
  /** No answer to the request within this: the attempt fails. */
  connectTimeoutMs?: number;
  /** Silence after which an open stream counts as dead (servers send keep-alive comments). */
  idleTimeoutMs: number;
  /** How to wait between attempts (ends early when the signal aborts); tests record the delays. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface SseClient {
  close(): void;
}

/** As EventSource asks: an event stream is never answered from a cache. Node's own types of
 *  fetch lack `cache`; its fetch takes it. */
const NO_STORE = { cache: 'no-store' } as const;

export function followSse(options: SseClientOptions): SseClient {
  const controller = new AbortController();
  void run(options, controller.signal);
  return { close: () => controller.abort() };
}

async function run(options: SseClientOptions, signal: AbortSignal): Promise<void> {
  const wait = options.wait ?? waitUnlessAborted;
  const jitter = options.jitter ?? 0;
  let delay = options.initialDelayMs;
  let openedBefore = false;
  while (!signal.aborted) {
    const startedAt = Date.now();
    const outcome = await attempt(options, signal, openedBefore);
    if (outcome === 'stop' || signal.aborted) break;
    if (outcome === 'opened') {
      openedBefore = true;
      if (Date.now() - startedAt >= (options.resetAfterMs ?? 0)) delay = options.initialDelayMs;
    }
    options.onDown?.();
    await wait(delay * (1 - jitter + Math.random() * 2 * jitter), signal);
    delay = Math.min(delay * 2, options.maxDelayMs);
  }
  options.onEnd?.();
}

/** One connection, read until it ends, fails or goes silent. */
async function attempt(options: SseClientOptions, closed: AbortSignal, openedBefore: boolean): Promise<'opened' | 'failed' | 'stop'> {
  const controller = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  // Aborting the request ends a real body; cancelling the reader ends any other one.
  const end = () => {
    controller.abort();
    void reader?.cancel().catch(() => undefined);
  };
  closed.addEventListener('abort', end, { once: true });
  const token = typeof options.token === 'function' ? options.token() : options.token;
  const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
  const lastId = options.lastEventId?.();
  if (lastId) headers['last-event-id'] = lastId;
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const connectTimer = options.connectTimeoutMs === undefined ? undefined : setTimeout(end, options.connectTimeoutMs);
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  try {
    let response: Response;
    try {
      response = await fetchFn(options.url, { headers, signal: controller.signal, ...NO_STORE });
    } finally {
      clearTimeout(connectTimer);
    }
    if (!response.ok || !response.body) {
      const refusal = !response.ok && options.onRefusal ? await options.onRefusal(response, token) : 'retry';
      if (refusal === 'stop') return 'stop';
      await response.body?.cancel().catch(() => undefined);
      return 'failed';
    }
    reader = response.body.getReader();
    options.onOpen?.({ reconnected: openedBefore });
    const parser = createParser({
      onEvent: (message) => options.onEvent({ event: message.event ?? 'message', data: message.data, id: message.id ?? null }),
    });
    const decoder = new TextDecoder();
    const watch = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(end, options.idleTimeoutMs);
    };
    try {
      watch();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        options.onActivity?.();
        watch();
        const text = decoder.decode(value, { stream: true });
        if (options.inBatch) options.inBatch(() => parser.feed(text));
        else parser.feed(text);
      }
    } catch {
      // Aborted, reset, gone silent, or a handler threw: the stream is over either way.
    }
    return 'opened';
  } catch {
    // Network failure, no answer in time, or close(): the loop decides whether to try again.
    return 'failed';
  } finally {
    clearTimeout(idleTimer);
    closed.removeEventListener('abort', end);
    end();
  }
}

function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
