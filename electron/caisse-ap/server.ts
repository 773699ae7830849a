// The Caisse-AP over IP listener: loopback unless configured otherwise, an optional allow-list
// of till addresses (anyone else is closed at once), and caps on open connections that a flood
// or a slow sender cannot turn against a real till.
//
// A real till writes its request as soon as it is connected; a connection still reading its
// request a while after it opened is holding a slot for nothing (silent, or trickling bytes).
// So when a cap is reached, the oldest such stale connection makes room (else the oldest one
// already answered and waiting for its till to close): one of the new connection's own address
// for the per-address cap, one of the address holding the most connections for the global cap.
// A connection just opened is never the one closed, so a flood that keeps reconnecting cannot
// push out a till that has just connected: the flood's newest connections are refused instead.
// Silent and slow connections are also cut by their own time limits (first byte, whole request).
import net from 'node:net';
import type { Logger } from '../core/ports';
import { TillConnection } from './connection';
import type { ExchangeTally } from './exchange-tally';
import { throttledWarnings } from './throttled-log';
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

export interface ListenerDeps {
  terminal: TillTerminal;
  tally: ExchangeTally;
  timing: CaisseApTiming;
  log?: Logger;
}

/** The open connections, by address, with the room-making rule. */
class ConnectionSlots {
  private readonly byAddress = new Map<string, Set<TillConnection>>();
  private total = 0;

  constructor(private readonly timing: Pick<CaisseApTiming, 'maxConnections' | 'maxPerAddress'>) {}


  /** Makes room for a connection from `remote` if needed; false when there is none to make. */
  admit(remote: string): boolean {
    const own = this.byAddress.get(remote);
    if ((own?.size ?? 0) >= this.timing.maxPerAddress && !this.evictOldest(own!)) return false;
    if (this.total >= this.timing.maxConnections) {
      const busiest = [...this.byAddress.values()].sort((a, b) => b.size - a.size);
      if (!busiest.some((connections) => this.evictOldest(connections))) return false;
    }
    return true;
  }

  add(connection: TillConnection): void {
    let set = this.byAddress.get(connection.remoteAddress);
    if (!set) this.byAddress.set(connection.remoteAddress, (set = new Set()));
    set.add(connection);
    this.total++;
  }

  remove(connection: TillConnection): void {
    const set = this.byAddress.get(connection.remoteAddress);
    if (!set?.delete(connection)) return;
    this.total--;
    if (set.size === 0) this.byAddress.delete(connection.remoteAddress);
  }

  private evictOldest(connections: Set<TillConnection>): boolean {
    const now = Date.now();
    let oldest: TillConnection | null = null;
    let oldestRank: 0 | 1 = 1;
    for (const connection of connections) {
      const rank = connection.evictionRank(now);
      if (rank === null) continue;
      if (!oldest || rank < oldestRank || (rank === oldestRank && connection.openedAt < oldest.openedAt)) {
        oldest = connection;
        oldestRank = rank;
      }
    }
    if (!oldest) return false;
    this.remove(oldest);
    oldest.evict();
    return true;
  }
}

export async function listenForTills(listen: CaisseApListen, given: ListenerDeps): Promise<RunningCaisseApListener> {
  const log = throttledWarnings(given.log);
  const deps: ListenerDeps = { ...given, ...(log ? { log } : {}) };
  const sockets = new Set<net.Socket>();
  const slots = new ConnectionSlots(deps.timing);
  const allowList = listen.allowList.map(normaliseAddress);
  // allowHalfOpen: a till may half-close after its request and still read the answer.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => undefined);
    const remote = normaliseAddress(socket.remoteAddress ?? '');
    if (!isAllowed(remote, allowList)) {
      deps.log?.warn('caisse-ap: connection from an address not in the allow-list, closed', { remote });
      socket.destroy();
      return;
    }
    if (!slots.admit(remote)) {
      deps.log?.warn('caisse-ap: every connection slot is taken by a request being served or a connection just opened, one refused', { remote });
      deps.tally.add({ kind: 'refused', remoteAddress: remote, resultCode: null, request: '', bytes: 0 });
      socket.destroy();
      return;
    }
    const connection = new TillConnection(socket, remote, deps);
    slots.add(connection);
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      slots.remove(connection);
    });
    connection.start();
  });
  // A hard ceiling for the operating system's sake: sockets evicted above are still closing.
  server.maxConnections = deps.timing.maxConnections + deps.timing.maxPerAddress;
  server.on('drop', (data) => deps.log?.warn('caisse-ap: too many connections, one dropped', { remote: data?.remoteAddress }));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ host: listen.host, port: listen.port, backlog: 1024 }, () => {
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
