// Follows the platform's Server-Sent Events stream: reconnects with backoff and Last-Event-ID so a
// reconnecting client misses nothing, and tells its owner whether the stream is up (while it is
// down, the owner polls).
import { createParser } from 'eventsource-parser';
import { PAYMENT_REQUEST_UPDATED_EVENT, PaymentRequest } from '../../common/platform-api';
import type { Logger } from '../ports';

export interface PlatformEventsOptions {
  baseUrl: string;
  token: string;
  /** The last event id already recorded, sent as Last-Event-ID on every (re)connection. */
  lastEventId(): string | null;
  onPaymentRequest(eventId: string | null, request: PaymentRequest): void;
  /** true once the stream is open, false whenever it drops. */
  onConnectionChange(up: boolean): void;
  /** The token was refused: following stops; the owner asks the cashier to log in again. */
  onUnauthorized(code: string): void;
  /** Anything received on the stream (events, keep-alives): the platform is there. */
  onActivity?: () => void;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  connectTimeoutMs: number;
  /** Wraps the handling of one received chunk (all the events in it), e.g. in one transaction. */
  inBatch?: (work: () => void) => void;
  /** The platform sends a keep-alive comment every 15 s; silence longer than this is a dead stream. */
  idleTimeoutMs?: number;
  log?: Logger;
}

export interface PlatformEventsFollower {
  stop(): void;
  readonly connected: boolean;
}

export function followPlatformEvents(options: PlatformEventsOptions): PlatformEventsFollower {
  let stopped = false;
  let connected = false;
  let current: AbortController | null = null;
  let wake: (() => void) | null = null;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;

  const setConnected = (up: boolean) => {
    if (connected === up) return;
    connected = up;
    options.onConnectionChange(up);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  async function connectOnce(): Promise<'retry' | 'stop'> {
    const controller = new AbortController();
    current = controller;
    const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${options.token}` };
    const lastId = options.lastEventId();
    if (lastId) headers['last-event-id'] = lastId;
    const connectTimer = setTimeout(() => controller.abort(new Error('connect timeout')), options.connectTimeoutMs);
    let response: Response;
    try {
      response = await fetch(new URL('/v1/events', options.baseUrl), { headers, signal: controller.signal });
    } catch {
      return 'retry';
    } finally {
      clearTimeout(connectTimer);
    }
    if (response.status === 401) {
      const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
      options.onUnauthorized(body?.error?.code ?? 'unauthorized');
      return 'stop';
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      return 'retry';
    }
    setConnected(true);
    let idleTimer = setTimeout(() => controller.abort(new Error('idle')), idleTimeoutMs);
    const parser = createParser({
      onEvent(message) {
        if (message.event !== PAYMENT_REQUEST_UPDATED_EVENT) return;
        let json: unknown;
        try {
          json = JSON.parse(message.data);
        } catch {
          options.log?.warn('platform event with invalid JSON ignored', { id: message.id });
          return;
        }
        const parsed = PaymentRequest.safeParse(json);
        if (!parsed.success) {
          options.log?.warn('platform event with unexpected shape ignored', { id: message.id });
          return;
        }
        options.onPaymentRequest(message.id ?? null, parsed.data);
      },
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        options.onActivity?.();
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => controller.abort(new Error('idle')), idleTimeoutMs);
        const text = decoder.decode(chunk as Uint8Array, { stream: true });
        if (options.inBatch) options.inBatch(() => parser.feed(text));
        else parser.feed(text);
      }
    } catch {
      // aborted or reset: reconnect below
    } finally {
      clearTimeout(idleTimer);
      setConnected(false);
    }
    return 'retry';
  }

  void (async () => {
    let delay = options.reconnectMinMs;
    while (!stopped) {
      const openedAt = Date.now();
      const outcome = await connectOnce();
      if (outcome === 'stop' || stopped) break;
      // A stream that stayed up a while resets the backoff: this is a fresh drop, not a flapping server.
      if (Date.now() - openedAt > 10_000) delay = options.reconnectMinMs;
      const jitter = delay * (0.8 + Math.random() * 0.4);
      await sleep(jitter);
      delay = Math.min(options.reconnectMaxMs, delay * 2);
    }
    setConnected(false);
  })();

  return {
    stop() {
      stopped = true;
      current?.abort(new Error('stopped'));
      wake?.();
    },
    get connected() {
      return connected;
    },
  };
}
