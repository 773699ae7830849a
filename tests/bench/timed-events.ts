// The local API's event stream (`GET /api/events`) read from the bench process, each event noted
// with the wall-clock time it arrived: what a till integrator's program would see.
import { createParser } from 'eventsource-parser';
import { LOCAL_API_ROUTES } from '../../electron/common/contract';
import { wallClock } from './page-marks';

export interface TimedEvent {
  event: string;
  data: any;
  /** Wall clock when the event was parsed off the socket. */
  at: number;
}

export interface TimedEventStream {
  /** The first event since the last `clear()` that matches, waiting up to `timeoutMs`. */
  waitFor(matches: (event: TimedEvent) => boolean, timeoutMs?: number): Promise<TimedEvent>;
  clear(): void;
  close(): void;
}

export async function openTimedEvents(baseUrl: string, token: string): Promise<TimedEventStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}${LOCAL_API_ROUTES.events}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`${LOCAL_API_ROUTES.events}: HTTP ${response.status}`);
  const events: TimedEvent[] = [];
  const waiters = new Set<() => void>();
  const parser = createParser({
    onEvent(message) {
      const at = wallClock();
      let data: unknown = message.data;
      try {
        data = JSON.parse(message.data);
      } catch {
        // not JSON: kept as text
      }
      events.push({ event: message.event ?? 'message', data, at });
      for (const waiter of [...waiters]) waiter();
    },
  });
  const body = response.body;
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    } catch {
      // closed by close(), or the host stopped
    }
  })();
  return {
    waitFor(matches, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const look = () => {
          const found = events.find(matches);
          if (!found) return false;
          waiters.delete(look);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no matching event on ${LOCAL_API_ROUTES.events} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(look);
        look();
      });
    },
    clear: () => void (events.length = 0),
    close: () => abort.abort(),
  };
}
