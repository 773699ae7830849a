// Server-Sent Events over a hijacked fastify reply: one writer per connection, a keep-alive
// comment so proxies and dead-peer detection work, and clean-up when the peer goes away.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface SseConnection {
  send(event: string, data: unknown): void;
  readonly closed: boolean;
}

const KEEP_ALIVE_MS = 15_000;

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
    get closed() {
      return closed;
    },
  };
}
