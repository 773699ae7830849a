// Follows the platform's Server-Sent Events stream: reconnects with backoff and Last-Event-ID so a
// reconnecting client misses nothing, and tells its owner whether the stream is up (while it is
// down, the owner polls).
import { PAYMENT_REQUEST_UPDATED_EVENT, PaymentRequest } from '../../common/platform-api';
import { followSse } from '../../common/sse-client';
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
  let connected = false;
  const setConnected = (up: boolean) => {
    if (connected === up) return;
    connected = up;
    options.onConnectionChange(up);
  };
  const stream = followSse({
    url: new URL('/v1/events', options.baseUrl),
    token: options.token,
    lastEventId: options.lastEventId,
    onEvent(message) {
      if (message.event !== PAYMENT_REQUEST_UPDATED_EVENT) return;
      let json: unknown;
      try {
        json = JSON.parse(message.data);
      } catch {
        options.log?.warn('platform event with invalid JSON ignored', { id: message.id ?? undefined });
        return;
      }
      const parsed = PaymentRequest.safeParse(json);
      if (!parsed.success) {
        options.log?.warn('platform event with unexpected shape ignored', { id: message.id ?? undefined });
        return;
      }
      options.onPaymentRequest(message.id, parsed.data);
    },
    onOpen: () => setConnected(true),
    onDown: () => setConnected(false),
    onEnd: () => setConnected(false),
    async onRefusal(response) {
      if (response.status !== 401) return 'retry';
      const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
      options.onUnauthorized(body?.error?.code ?? 'unauthorized');
      return 'stop';
    },
    ...(options.onActivity ? { onActivity: options.onActivity } : {}),
    ...(options.inBatch ? { inBatch: options.inBatch } : {}),
    initialDelayMs: options.reconnectMinMs,
    maxDelayMs: options.reconnectMaxMs,
    jitter: 0.2,
    // A stream that stayed up a while resets the backoff: this is a fresh drop, not a flapping server.
    resetAfterMs: 10_000,
    connectTimeoutMs: options.connectTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs ?? 45_000,
  });

  return {
    stop: () => stream.close(),
    get connected() {
      return connected;
    },
  };
}
