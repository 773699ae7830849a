// A real HTTP proxy, in the harness's process, between the companion and the platform: it
// forwards every request and, when a rule says so, misbehaves the way networks and servers do:
// it answers late (after the platform acted, past the client's timeout), resets the connection
// after the platform acted or in the middle of the body, serves a malformed or inconsistent
// answer in place of the real one, holds requests forever (link cut), cuts the event streams
// (between events or in the middle of one) and refuses new ones for a while. When the platform
// itself is down, connections die as they would. It counts what passes (per route and second)
// and remembers the bearer tokens it sees, for the secrets search.
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { sleep } from './context';

export interface ProxiedRequest {
  method: string;
  path: string;
  /** `GET /v1/payment-requests/:id` */
  route: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body as JSON, when it is. */
  json: any;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export type Fault =
  /** Forwards, then answers `ms` later (if the client still waits); `afterClientGone` runs once it gave up. */
  | { kind: 'delay'; ms: number; afterClientGone?: () => Promise<void> }
  /** Forwards (the platform acts), then resets the connection without a byte of answer. */
  | { kind: 'reset-after-forward'; afterReset?: () => Promise<void> }
  /** Forwards, sends the status, headers and half of the body, then resets. */
  | { kind: 'reset-mid-body' }
  /** Forwards, then answers this instead of the real answer ('reset': resets instead). */
  | { kind: 'replace'; make: (real: Answer, request: ProxiedRequest) => Answer | 'reset' };

export interface FaultRule {
  name: string;
  match: (request: ProxiedRequest) => boolean;
  fault: Fault;
  /** How many requests it applies to. */
  times: number;
  hits: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  /** Where the platform listens now (it may come back on another port). */
  setUpstream(port: number): void;
  addRule(rule: Omit<FaultRule, 'hits'>): FaultRule;
  removeRule(rule: FaultRule): void;
  clearRules(): void;
  /** `blackhole`: every request is held without an answer and the event streams are cut; `up`
   *  again drops the held connections (as a link that comes back does). */
  setLink(link: 'up' | 'blackhole'): void;
  /** Closes the event streams (in the middle of an event when `midEvent`) and resets new ones for `refuseForMs`. */
  cutStreams(options?: { refuseForMs?: number; midEvent?: boolean }): number;
  /** The next event stream opened waits `ms` before it reaches the platform (a slow network at log-in). */
  holdNextStream(ms: number): void;
  /** Requests per route since the start, and their times (ms since the epoch). */
  readonly seen: Array<{ at: number; route: string }>;
  readonly tokens: Set<string>;
  openStreams(): number;
  close(): Promise<void>;
}

function routeOf(method: string, path: string): string {
  const bare = path.split('?')[0]!;
  return `${method} ${bare.replace(/^\/v1\/payment-requests\/[^/]+/, '/v1/payment-requests/:id')}`;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection']);

function answerHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function reset(socket: Socket | null): void {
  if (!socket || socket.destroyed) return;
  socket.resetAndDestroy();
}

function write(response: ServerResponse, answer: Answer): void {
  if (response.destroyed) return;
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body;
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  response.end(body);
}

export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  let upstream = upstreamPort;
  let link: 'up' | 'blackhole' = 'up';
  let refuseStreamsUntil = 0;
  let holdNextStreamMs = 0;
  const rules: FaultRule[] = [];
  const seen: Array<{ at: number; route: string }> = [];
  const tokens = new Set<string>();
  const held = new Set<Socket>();
  const streams = new Set<{ response: ServerResponse; upstream: http.ClientRequest; socket: Socket }>();
  const agent = new http.Agent({ keepAlive: false });

  const forward = (request: ProxiedRequest): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const outgoing = http.request(
        {
          host: '127.0.0.1',
          port: upstream,
          method: request.method,
          path: request.path,
          headers: { ...request.headers, host: `127.0.0.1:${upstream}` },
          agent,
        },
        (incoming) => {
          readBody(incoming).then(
            (body) => resolve({ status: incoming.statusCode ?? 502, headers: answerHeaders(incoming.headers), body }),
            reject,
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body.length ? request.body : undefined);
    });

  const streamThrough = (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    const outgoing = http.request({
      host: '127.0.0.1',
      port: upstream,
      method: 'GET',
      path: request.url,
      headers: { ...request.headers, host: `127.0.0.1:${upstream}` },
      agent,
    });
    const entry = { response, upstream: outgoing, socket };
    outgoing.on('response', (incoming) => {
      response.writeHead(incoming.statusCode ?? 502, answerHeaders(incoming.headers));
      response.flushHeaders();
      incoming.on('data', (chunk: Buffer) => response.write(chunk));
      incoming.on('end', () => response.end());
      incoming.on('error', () => reset(socket));
    });
    outgoing.on('error', () => reset(socket));
    socket.on('close', () => {
      streams.delete(entry);
      outgoing.destroy();
    });
    streams.add(entry);
    outgoing.end();
  };

  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    const socket = incoming.socket;
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    const body = await readBody(incoming);
    const route = routeOf(method, path);
    seen.push({ at: Date.now(), route });
    const bearer = /^Bearer (.+)$/.exec(String(incoming.headers.authorization ?? ''))?.[1];
    if (bearer) tokens.add(bearer);
    if (link === 'blackhole') {
      held.add(socket);
      socket.once('close', () => held.delete(socket));
      return;
    }
    if (route === 'GET /v1/events') {
      if (Date.now() < refuseStreamsUntil) return reset(socket);
      const hold = holdNextStreamMs;
      holdNextStreamMs = 0;
      if (hold > 0) await sleep(hold);
      if (socket.destroyed) return;
      return streamThrough(incoming, response);
    }
    let json: any = null;
    try {
      json = body.length ? JSON.parse(body.toString('utf8')) : null;
    } catch {
      json = null;
    }
    const request: ProxiedRequest = { method, path, route, headers: incoming.headers, body, json };
    const rule = rules.find((r) => r.hits < r.times && r.match(request));
    if (rule) rule.hits++;

    let real: Answer;
    try {
      real = await forward(request);
    } catch {
      return reset(socket); // the platform is down: the connection dies
    }
    const fault = rule?.fault;
    if (!fault) return write(response, real);
    switch (fault.kind) {
      case 'delay': {
        let gone = false;
        const clientGone = new Promise<void>((resolve) =>
          response.once('close', () => {
            gone = true;
            resolve();
          }),
        );
        await Promise.race([sleep(fault.ms), clientGone]);
        if (!gone) write(response, real);
        else await fault.afterClientGone?.();
        return;
      }
      case 'reset-after-forward':
        reset(socket);
        await fault.afterReset?.();
        return;
      case 'reset-mid-body': {
        const bytes = typeof real.body === 'string' ? Buffer.from(real.body) : real.body;
        response.writeHead(real.status, { ...real.headers, 'content-length': String(bytes.length) });
        response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => reset(socket));
        return;
      }
      case 'replace': {
        const replaced = fault.make(real, request);
        if (replaced === 'reset') return reset(socket);
        return write(response, replaced);
      }
      default: {
        const unreachable: never = fault;
        return unreachable;
      }
    }
  };

  const server = http.createServer((incoming, response) => {
    handle(incoming, response).catch(() => reset(incoming.socket));
  });
  server.keepAliveTimeout = 4_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  const cutStreams = (options: { refuseForMs?: number; midEvent?: boolean } = {}) => {
    refuseStreamsUntil = Date.now() + (options.refuseForMs ?? 0);
    const count = streams.size;
    for (const stream of [...streams]) {
      if (options.midEvent && !stream.response.destroyed) {
        stream.response.write('id: 999999\nevent: payment_request.updated\ndata: {"id":"', () => reset(stream.socket));
      } else {
        reset(stream.socket);
      }
    }
    return count;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setUpstream(next) {
      upstream = next;
    },
    addRule(rule) {
      const added = { ...rule, hits: 0 };
      rules.push(added);
      return added;
    },
    removeRule(rule) {
      const at = rules.indexOf(rule);
      if (at !== -1) rules.splice(at, 1);
    },
    clearRules() {
      rules.length = 0;
    },
    setLink(next) {
      link = next;
      if (next === 'blackhole') {
        cutStreams({ refuseForMs: 0 });
      } else {
        for (const socket of [...held]) reset(socket);
        held.clear();
      }
    },
    cutStreams,
    holdNextStream(ms) {
      holdNextStreamMs = ms;
    },
    seen,
    tokens,
    openStreams: () => streams.size,
    async close() {
      for (const socket of held) reset(socket);
      for (const stream of streams) reset(stream.socket);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
