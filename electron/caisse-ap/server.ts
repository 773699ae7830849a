// The Caisse-AP over IP listener: loopback unless configured otherwise, an optional allow-list
// of till addresses (anyone else is closed at once), a cap on open connections.
import net from 'node:net';
import type { Logger } from '../core/ports';
import { TillConnection } from './connection';
import type { CaisseApCore } from './core';
import { formatAddress, isAllowed, normaliseAddress, type CaisseApListen, type CaisseApTiming } from './options';
import type { TillTerminal } from './transaction';

export interface RunningCaisseApListener {
  host: string;
  port: number;
  /** `127.0.0.1:8888` */
  address: string;
  /** Stops listening. `graceful`: connections in progress finish (a settings change);
   *  otherwise they are dropped (shutdown). */
  close(options?: { graceful?: boolean }): Promise<void>;
  /** Settles once closed and every connection has ended. */
  drained(): Promise<void>;
}

export async function listenForTills(
  listen: CaisseApListen,
  deps: { core: CaisseApCore; terminal: TillTerminal; timing: CaisseApTiming; log?: Logger },
): Promise<RunningCaisseApListener> {
  const sockets = new Set<net.Socket>();
  const allowList = listen.allowList.map(normaliseAddress);
  // allowHalfOpen: a till may half-close after its request and still read the answer.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const remote = normaliseAddress(socket.remoteAddress ?? '');
    if (!isAllowed(remote, allowList)) {
      deps.log?.warn('caisse-ap: connection from an address not in the allow-list, closed', { remote });
      socket.on('error', () => undefined);
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new TillConnection(socket, remote, deps).start();
  });
  server.maxConnections = deps.timing.maxConnections;
  server.on('drop', (data) => deps.log?.warn('caisse-ap: too many connections, one refused', { remote: data?.remoteAddress }));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ host: listen.host, port: listen.port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => deps.log?.error('caisse-ap: listener error', { error: error.message }));
  const bound = server.address() as net.AddressInfo;
  let closed: Promise<void> | null = null;
  return {
    host: listen.host,
    port: bound.port,
    address: formatAddress(listen.host, bound.port),
    async close(options = {}) {
      // The listening socket closes at once; `server.close`'s callback waits for every connection.
      closed ??= new Promise<void>((resolve) => server.close(() => resolve()));
      if (options.graceful) {
        await new Promise((resolve) => setImmediate(resolve));
        return;
      }
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    drained: () => closed ?? Promise.resolve(),
  };
}
