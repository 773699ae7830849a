// Server-Sent Events: `GET /v1/events`. One stream per connection, scoped to the merchant of
// the token. Event ids come from the persisted `events` table, so they only ever grow, even
// across a restart on the same database; a client reconnecting with `Last-Event-ID: N` first
// gets every event of its merchant with an id above N, then the live ones. Replay and
// subscription happen in the same synchronous step, so no event can fall between them.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { merchantOf } from './auth';
import type { SandboxContext } from './context';
import { SandboxError, invalidField } from './errors';
import type { EventRow } from './store';

export const KEEP_ALIVE_MS = 15_000;

function frame(event: EventRow): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${event.data}\n\n`;
}

export class EventHub {
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private refuseUntil = 0;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(keepAliveMs = KEEP_ALIVE_MS) {
    // A comment line now and then keeps proxies and idle-timeouts from closing a quiet stream.
    this.keepAlive = setInterval(() => this.broadcast(': keep-alive\n\n'), keepAliveMs);
    this.keepAlive.unref();
  }

  /** Starts streaming to `response`: first the `replay` events, then every live one. */
  attach(conventionNumber: string, response: ServerResponse, replay: readonly EventRow[]): void {
    response.write(': stream open\n\n');
    for (const event of replay) response.write(frame(event));
    let set = this.streams.get(conventionNumber);
    if (!set) this.streams.set(conventionNumber, (set = new Set()));
    const streams = set;
    streams.add(response);
    const forget = () => {
      streams.delete(response);
      if (streams.size === 0 && this.streams.get(conventionNumber) === streams) this.streams.delete(conventionNumber);
    };
    response.on('close', forget);
    // A client that vanished mid-write must not take the server down with an unhandled 'error'.
    response.on('error', forget);
  }

  publish(event: EventRow): void {
    for (const response of this.streams.get(event.convention_number) ?? []) response.write(frame(event));
  }

  /** Sandbox fault: ends every open stream and refuses new ones for `refuseForMs`. */
  cut(refuseForMs: number): void {
    this.refuseUntil = Date.now() + refuseForMs;
    this.endAll();
  }

  isRefusing(): boolean {
    return Date.now() < this.refuseUntil;
  }

  close(): void {
    clearInterval(this.keepAlive);
    this.endAll();
  }

  private broadcast(text: string): void {
    for (const set of this.streams.values()) for (const response of set) response.write(text);
  }

  private endAll(): void {
    const all = [...this.streams.values()].flatMap((set) => [...set]);
    this.streams.clear();
    for (const response of all) response.end();
  }
}

function lastEventIdOf(header: string | string[] | undefined): number | null {
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header[0] ?? '' : header;
  if (value.trim() === '') return null;
  if (!/^\d{1,15}$/.test(value.trim())) {
    throw invalidField('Last-Event-ID', 'Last-Event-ID must be the id of an event received earlier (an integer)');
  }
  return Number(value.trim());
}

export function registerEventRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/v1/events', (request, reply) => {
    const merchant = merchantOf(request);
    if (ctx.hub.isRefusing()) {
      throw new SandboxError('service_unavailable', 'the event stream is unavailable for now: poll the payment requests');
    }
    const lastEventId = lastEventIdOf(request.headers['last-event-id']);
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
      // Tells a reverse proxy (nginx) not to hold events back in its buffer.
      'x-accel-buffering': 'no',
    });
    const replay = lastEventId === null ? [] : ctx.store.eventsAfter(merchant.convention_number, lastEventId);
    ctx.hub.attach(merchant.convention_number, reply.raw, replay);
  });
}
