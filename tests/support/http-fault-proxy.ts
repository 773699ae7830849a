// An HTTP proxy in front of the platform that misbehaves on purpose, request by request: it can
// answer in the platform's place, hold a request forever, rewrite an answer, or just count. It
// speaks real HTTP on a real loopback socket, so the companion's client sees what it would see
// from a broken network or a broken platform.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Path and query, e.g. `/v1/payment-requests?updatedSince=…`. */
  url: string;
  at: number;
}

/** What to do with one request. */
export type FaultAction =
  | { kind: 'forward' }
  /** Forward, then replace the answer's body (and its status, when given). */
  | { kind: 'rewrite'; body: (text: string) => string; status?: number; contentType?: string }
  /** Answer in the platform's place (the platform never hears of it). */
  | { kind: 'answer'; status: number; body: string; contentType?: string }
  /** Forward, then never answer (the platform did the work; the client hears nothing). */
  | { kind: 'forward-then-hang' }
  /** Never forward, never answer. */
  | { kind: 'hang' };

export type FaultRule = (request: SeenRequest) => FaultAction | null;

export interface HttpFaultProxy {
  url: string;
  port: number;
  /** Every request seen, in order. */
  readonly seen: SeenRequest[];
  /** The first rule that returns an action decides; none: forward. */
  setRules(rules: FaultRule[]): void;
  /** Closes every connection now (event streams included). */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startHttpFaultProxy(targetUrl: string, port = 0): Promise<HttpFaultProxy> {
  const target = new URL(targetUrl);
  let rules: FaultRule[] = [];
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((incoming, outgoing) => {
    const request: SeenRequest = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', at: Date.now() };
    seen.push(request);
    let action: FaultAction = { kind: 'forward' };
    for (const rule of rules) {
      const decided = rule(request);
      if (decided) {
        action = decided;
        break;
      }
    }
    if (action.kind === 'hang') return;
    if (action.kind === 'answer') {
      incoming.resume();
      outgoing.writeHead(action.status, { 'content-type': action.contentType ?? 'application/json' }).end(action.body);
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: incoming.headers },
      (answer) => {
        if (action.kind === 'forward-then-hang') {
          answer.resume();
          return;
        }
        if (action.kind === 'rewrite') {
          const rewrite = action.body;
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const body = rewrite(Buffer.concat(chunks).toString('utf8'));
            const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
            delete headers['transfer-encoding'];
            if (action.contentType) headers['content-type'] = action.contentType;
            outgoing.writeHead(action.status ?? answer.statusCode ?? 502, headers).end(body);
          });
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    outgoing.on('close', () => upstream.destroy());
    incoming.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    seen,
    setRules(next) {
      rules = next;
    },
    dropConnections() {
      for (const socket of sockets) socket.destroy();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A rule for one kind of platform call: `POST /v1/payment-requests` is `('POST', /^\/v1\/payment-requests$/)`. */
export function when(method: string, path: RegExp, action: FaultAction | (() => FaultAction | null)): FaultRule {
  return (request) => {
    if (request.method !== method || !path.test(request.url.split('?')[0]!)) return null;
    return typeof action === 'function' ? action() : action;
  };
}
