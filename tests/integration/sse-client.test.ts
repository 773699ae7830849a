// The one SSE client of both sides (the platform stream, the browser bridge), against a real HTTP
// server on loopback: events cut anywhere across chunks, keep-alive comments, reconnection with
// backoff when the server drops or refuses, Last-Event-ID and the token read at each attempt, a
// silent or unanswered connection replaced, and close() ending it for good.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { followSse, type SseClient, type SseClientOptions, type SseMessage } from '../../electron/common/sse-client';

interface Connection {
  headers: IncomingHttpHeaders;
  res: ServerResponse;
  /** Set when the client went away (closed, aborted). */
  closed: boolean;
}

/** What the server does with each new connection, in order; `stream` once the list is used up. */
type Answer = 'stream' | 'hang' | { status: number; body: string };

const servers: Server[] = [];
const clients: SseClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

async function sseServer(answers: Answer[] = []) {
  const connections: Connection[] = [];
  const server = createServer((req, res) => {
    const connection: Connection = { headers: req.headers, res, closed: false };
    connections.push(connection);
    res.on('close', () => (connection.closed = true));
    const answer = answers.shift() ?? 'stream';
    if (answer === 'hang') return;
    if (answer !== 'stream') {
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.flushHeaders();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return { url, connections, latest: () => connections.at(-1)! };
}

/** The client with everything it reports recorded; waits are real, their delays noted. */
function follow(url: string, options: Partial<SseClientOptions> = {}) {
  const seen = { events: [] as SseMessage[], opens: [] as boolean[], downs: 0, activity: 0, ends: 0, delays: [] as number[] };
  const client = followSse({
    url,
    token: 'T',
    onEvent: (message) => seen.events.push(message),
    onOpen: ({ reconnected }) => seen.opens.push(reconnected),
    onDown: () => (seen.downs += 1),
    onActivity: () => (seen.activity += 1),
    onEnd: () => (seen.ends += 1),
    initialDelayMs: 20,
    maxDelayMs: 80,
    idleTimeoutMs: 30_000,
    wait: (ms, signal) => {
      seen.delays.push(ms);
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    },
    ...options,
  });
  clients.push(client);
  return { client, seen };
}

const WAIT = { timeout: 10_000, interval: 5 };

describe('the SSE client', () => {
  it('reads events cut anywhere across chunks, multi-byte characters and multi-line data included', async () => {
    const server = await sseServer();
    const { seen } = follow(server.url);
    await vi.waitFor(() => expect(seen.opens).toEqual([false]), WAIT);

    const text = 'id: 7\nevent: payment.updated\ndata: {"label":"Séjour été"}\n\ndata: line one\ndata: line two\n\n';
    const bytes = Buffer.from(text, 'utf8');
    const cuts = [3, 11, bytes.indexOf(Buffer.from('é')) + 1, bytes.length - 1]; // one inside « é »
    let from = 0;
    for (const [index, to] of [...cuts, bytes.length].entries()) {
      server.latest().res.write(bytes.subarray(from, to));
      from = to;
      // Each piece is read on its own before the next is sent: one chunk each.
      await vi.waitFor(() => expect(seen.activity).toBe(index + 1), WAIT);
    }
    await vi.waitFor(() => expect(seen.events).toHaveLength(2), WAIT);
    expect(seen.events).toEqual([
      { event: 'payment.updated', data: '{"label":"Séjour été"}', id: '7' },
      { event: 'message', data: 'line one\nline two', id: null },
    ]);
  });

  it('takes keep-alive comments as signs of life, not events', async () => {
    const server = await sseServer();
    const { seen } = follow(server.url);
    await vi.waitFor(() => expect(seen.opens).toHaveLength(1), WAIT);
    server.latest().res.write(': keep-alive\n\n');
    await vi.waitFor(() => expect(seen.activity).toBe(1), WAIT);
    server.latest().res.write('event: ping\ndata: 1\n\n');
    await vi.waitFor(() => expect(seen.events).toHaveLength(1), WAIT);
    expect(seen.events[0]).toMatchObject({ event: 'ping', data: '1' });
  });

  it('hands each chunk to inBatch: every event of a chunk inside one call', async () => {
    const server = await sseServer();
    const batches: number[] = [];
    const { seen } = follow(server.url, {
      inBatch: (work) => {
        const before = seen.events.length;
        work();
        batches.push(seen.events.length - before);
      },
    });
    await vi.waitFor(() => expect(seen.opens).toHaveLength(1), WAIT);
    server.latest().res.write('data: a\n\ndata: b\n\ndata: c\n\n');
    await vi.waitFor(() => expect(seen.events).toHaveLength(3), WAIT);
    expect(batches).toEqual([3]);
  });

  it('reconnects when the server drops, with a doubling backoff capped at the maximum, and starts again from the first delay after a good connection', async () => {
    const refused = { status: 503, body: '{"error":{"code":"busy"}}' };
    const server = await sseServer(['stream', refused, refused, refused, refused, 'stream']);
    const { seen } = follow(server.url);
    await vi.waitFor(() => expect(seen.opens).toEqual([false]), WAIT);

    server.latest().res.end(); // the server went away
    await vi.waitFor(() => expect(seen.opens).toEqual([false, true]), WAIT);
    expect(server.connections).toHaveLength(6);
    expect(seen.delays).toEqual([20, 40, 80, 80, 80]);
    expect(seen.downs).toBe(5);

    server.latest().res.destroy(); // reset, not ended
    await vi.waitFor(() => expect(server.connections).toHaveLength(7), WAIT);
    expect(seen.delays.at(-1)).toBe(20);
  });

  it('keeps its backoff for a server that accepts and drops at once (resetAfterMs), and spreads each wait by the jitter', async () => {
    const server = await sseServer();
    const { seen } = follow(server.url, { resetAfterMs: 60_000, jitter: 0.2 });
    for (let drop = 1; drop <= 4; drop += 1) {
      await vi.waitFor(() => expect(seen.opens).toHaveLength(drop), WAIT);
      server.latest().res.end();
    }
    await vi.waitFor(() => expect(seen.delays).toHaveLength(4), WAIT);
    [20, 40, 80, 80].forEach((base, i) => {
      expect(seen.delays[i]).toBeGreaterThanOrEqual(base * 0.8);
      expect(seen.delays[i]).toBeLessThanOrEqual(base * 1.2);
    });
  });

  it('sends the bearer token and Last-Event-ID read at each attempt', async () => {
    const server = await sseServer();
    let token = 'first';
    let lastId: string | null = null;
    const { seen } = follow(server.url, {
      token: () => token,
      lastEventId: () => lastId,
      onEvent: (message) => {
        seen.events.push(message);
        lastId = message.id;
      },
    });
    await vi.waitFor(() => expect(seen.opens).toHaveLength(1), WAIT);
    expect(server.connections[0]!.headers).toMatchObject({ authorization: 'Bearer first', accept: 'text/event-stream' });
    expect(server.connections[0]!.headers['last-event-id']).toBeUndefined();

    server.latest().res.write('id: 41\ndata: a\n\nid: 42\ndata: b\n\n');
    await vi.waitFor(() => expect(seen.events).toHaveLength(2), WAIT);
    token = 'second';
    server.latest().res.end();
    await vi.waitFor(() => expect(seen.opens).toHaveLength(2), WAIT);
    expect(server.connections[1]!.headers).toMatchObject({ authorization: 'Bearer second', 'last-event-id': '42' });
  });

  it('stops for good when onRefusal says so, with the body to read; retries when it does not', async () => {
    const server = await sseServer([
      { status: 503, body: '{"error":{"code":"busy"}}' },
      { status: 401, body: '{"error":{"code":"token_expired"}}' },
    ]);
    const refusals: Array<{ status: number; code: string; token: string }> = [];
    const { seen } = follow(server.url, {
      async onRefusal(response, token) {
        const body = (await response.json()) as { error: { code: string } };
        refusals.push({ status: response.status, code: body.error.code, token });
        return response.status === 401 ? 'stop' : 'retry';
      },
    });
    await vi.waitFor(() => expect(seen.ends).toBe(1), WAIT);
    expect(refusals).toEqual([
      { status: 503, code: 'busy', token: 'T' },
      { status: 401, code: 'token_expired', token: 'T' },
    ]);
    expect(server.connections).toHaveLength(2);
    expect(seen.downs).toBe(1); // the 503 only: a stop is not a drop
    expect(seen.opens).toEqual([]);
  });

  it('replaces a stream that goes silent, and a request that gets no answer', async () => {
    const server = await sseServer(['hang', 'stream', 'stream']);
    const { seen } = follow(server.url, { connectTimeoutMs: 200, idleTimeoutMs: 300 });
    await vi.waitFor(() => expect(seen.opens).toEqual([false]), WAIT); // the second connection
    expect(server.connections[0]!.closed).toBe(true);
    server.latest().res.write(': connected\n\n');
    await vi.waitFor(() => expect(seen.opens).toEqual([false, true]), WAIT); // the silent one replaced
    expect(server.connections).toHaveLength(3);
    await vi.waitFor(() => expect(server.connections[1]!.closed).toBe(true), WAIT);
  });

  it('ends on close(): the open connection is released and no other is made', async () => {
    const server = await sseServer();
    const { client, seen } = follow(server.url);
    await vi.waitFor(() => expect(seen.opens).toHaveLength(1), WAIT);
    client.close();
    await vi.waitFor(() => expect(seen.ends).toBe(1), WAIT);
    await vi.waitFor(() => expect(server.latest().closed).toBe(true), WAIT);
    expect(server.connections).toHaveLength(1);
    expect(seen.downs).toBe(0);
  });

  it('ends on close() while waiting to reconnect, without waiting the delay out', async () => {
    const server = await sseServer([{ status: 503, body: '{}' }]);
    const { client, seen } = follow(server.url, { initialDelayMs: 60_000, maxDelayMs: 60_000 });
    await vi.waitFor(() => expect(seen.delays).toEqual([60_000]), WAIT);
    client.close();
    await vi.waitFor(() => expect(seen.ends).toBe(1), WAIT);
    expect(server.connections).toHaveLength(1);
  });
});
