// A loopback TCP proxy in front of the platform, to make the network misbehave for real:
// `forward` passes bytes through, `blackhole` accepts connections and never answers (a request
// that may or may not have left), `refuse` resets new connections at once.
import net from 'node:net';

export type ProxyMode = 'forward' | 'blackhole' | 'refuse';

export interface TcpProxy {
  url: string;
  port: number;
  setMode(mode: ProxyMode): void;
  /** Drops every open connection (streams included). */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, mode: ProxyMode = 'forward', port = 0): Promise<TcpProxy> {
  let current = mode;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = net.createServer((client) => {
    track(client);
    if (current === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (current === 'blackhole') return; // hold it open, say nothing
    const upstream = net.connect(targetPort, '127.0.0.1');
    track(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    setMode(next) {
      current = next;
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
