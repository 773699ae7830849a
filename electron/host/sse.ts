// Server-Sent Events over a hijacked fastify reply: one writer per connection, a keep-alive
// comment so proxies and dead-peer detection work, and clean-up when the peer goes away. Each kind
// of stream has a cap: a till has a few screens, not thousands, and each stream holds memory.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contractError } from '../common/error-messages';

export interface SseConnection {
  send(event: string, data: unknown): void;
  /** Ends the stream from this side (its token was revoked): the peer sees it end. */
  end(): void;
  readonly closed: boolean;
}

const KEEP_ALIVE_MS = 15_000;

export type StreamKind = 'cashier' | 'display';

export const DEFAULT_STREAM_CAPS: Record<StreamKind, number> = { cashier: 32, display: 64 };

/** How many streams of each kind are open, against their caps (shared by every listener). */
export class StreamCaps {
  private readonly open: Record<StreamKind, number> = { cashier: 0, display: 0 };

  constructor(readonly caps: Record<StreamKind, number> = DEFAULT_STREAM_CAPS) {}

  /** A slot for one more stream (call the returned function when it closes), or null when full. */
  take(kind: StreamKind): (() => void) | null {
    if (this.open[kind] >= this.caps[kind]) return null;
    this.open[kind] += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open[kind] -= 1;
    };
  }
}

/** The open streams by the token that opened them, so a token's streams end when it is replaced. */
export class OpenStreams {
  private readonly open = { cashier: new Set<SseConnection>(), display: new Set<SseConnection>() };

  /** Remembers a stream opened with `who`'s token; call the returned function when it closes. */
  add(who: 'cashier' | 'display', stream: SseConnection): () => void {
    this.open[who].add(stream);
    return () => this.open[who].delete(stream);
  }

  /** Ends every stream opened with `who`'s token: its page reconnects, with the new token or none. */
  endAll(who: 'cashier' | 'display'): void {
    for (const stream of [...this.open[who]]) stream.end();
  }
}

/** 503, saying which stream is full and its cap. */
export function refuseStream(reply: FastifyReply, kind: StreamKind, cap: number): FastifyReply {
  return reply
    .code(503)
    .header('retry-after', '5')
    .send({
      ok: false,
      error: contractError('busy', { field: kind, reason: 'too_many_streams', limit: cap }),
    });
}

export function openSse(
  request: FastifyRequest,
  reply: FastifyReply,
  onClose: () => void,
  extraHeaders: Record<string, string> = {},
): SseConnection {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...extraHeaders,
  });
  raw.write(': connected\n\n');
  // Status changes must reach the screens at once: no Nagle delay on small event frames.
  request.raw.socket.setNoDelay(true);
  let closed = false;
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    onClose();
  };
  request.raw.on('close', close);
  raw.on('error', close);
  let nextId = 1;
  return {
    send(event, data) {
      if (closed) return;
      raw.write(`id: ${nextId++}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (closed) return;
      close();
      raw.end();
    },
    get closed() {
      return closed;
    },
  };
}
