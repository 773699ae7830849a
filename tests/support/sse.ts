// A small Server-Sent Events reader for tests: connects with a bearer token (and optionally
// Last-Event-ID), collects events, and lets a test await the next event matching a predicate
// with a deadline instead of sleeping.
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface SseEvent {
  id: string | undefined;
  event: string | undefined;
  data: string;
}

export interface EventStreamReader {
  /** HTTP status of the connection (200 when streaming). */
  status: number;
  headers: Headers;
  /** Every event received so far, in order. */
  events: SseEvent[];
  /** Comment lines received so far (`: keep-alive`…), without the colon. */
  comments: string[];
  /** The body when the server refused the stream (status ≠ 200). */
  errorBody: unknown;
  /** Resolves when the server ends the stream (or the connection drops). */
  ended: Promise<void>;
  isEnded(): boolean;
  /** The next not-yet-taken event matching `predicate`, waiting up to `timeoutMs` for it. */
  next(predicate?: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

export interface OpenOptions {
  token?: string;
  lastEventId?: string | number;
  /** Default '/v1/events'. */
  path?: string;
}

export async function openEventStream(baseUrl: string, options: OpenOptions = {}): Promise<EventStreamReader> {
  const abort = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.lastEventId !== undefined) headers['last-event-id'] = String(options.lastEventId);
  const response = await fetch(`${baseUrl}${options.path ?? '/v1/events'}`, { headers, signal: abort.signal });

  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  let taken = 0;
  let ended = false;
  let errorBody: unknown = null;

  let endedPromise: Promise<void>;
  if (response.status !== 200 || !response.body) {
    const text = await response.text().catch(() => '');
    try {
      errorBody = JSON.parse(text);
    } catch {
      errorBody = text;
    }
    ended = true;
    endedPromise = Promise.resolve();
  } else {
    const parser = createParser({
      onEvent(message: EventSourceMessage) {
        events.push({ id: message.id, event: message.event, data: message.data });
        wake();
      },
      onComment(comment: string) {
        comments.push(comment.trim());
        wake();
      },
    });
    const body = response.body;
    endedPromise = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      } catch {
        // aborted by close(), or the connection dropped: both end the stream
      } finally {
        ended = true;
        wake();
      }
    })();
  }

  return {
    status: response.status,
    headers: response.headers,
    events,
    comments,
    errorBody,
    ended: endedPromise,
    isEnded: () => ended,
    next(predicate = () => true, timeoutMs = 5_000) {
      return new Promise<SseEvent>((resolve, reject) => {
        const check = (): boolean => {
          for (let i = taken; i < events.length; i += 1) {
            const event = events[i]!;
            if (predicate(event)) {
              taken = i + 1;
              resolve(event);
              return true;
            }
          }
          if (ended) {
            reject(new Error(`the event stream ended before a matching event arrived (${events.length} received)`));
            return true;
          }
          return false;
        };
        if (check()) return;
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching event within ${timeoutMs} ms (${events.length} received)`));
        }, timeoutMs);
        const waiter = () => {
          if (check()) {
            clearTimeout(timer);
            waiters.delete(waiter);
          }
        };
        waiters.add(waiter);
      });
    },
    close() {
      abort.abort();
    },
  };
}
