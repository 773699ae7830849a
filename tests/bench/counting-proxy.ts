// A plain HTTP proxy between the companion and the platform that counts the companion's calls: how
// many requests reach the platform while its event stream is down. Bodies are piped both ways
// as they come (the event stream too); it adds a loopback hop, well under a millisecond.
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PlatformCall {
  method: string;
  /** The path without its query, ids replaced by `:id` (`GET /v1/payment-requests/:id`). */
  route: string;
  at: number;
}

export interface CountingProxy {
  url: string;
  /** Calls since the last `reset()`. */
  calls(): PlatformCall[];
  reset(): void;
  close(): Promise<void>;
}

function routeOf(req: IncomingMessage): string {
  const path = (req.url ?? '/').split('?')[0]!;
  return path.replace(/\/pr-[^/]+|\/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, '/:id');
}

export async function startCountingProxy(targetUrl: string): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  const agent = new Agent({ keepAlive: true });
  let calls: PlatformCall[] = [];
  const server: Server = createServer((req, res) => {
    calls.push({ method: req.method ?? 'GET', route: routeOf(req), at: performance.now() });
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    reset: () => void (calls = []),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
