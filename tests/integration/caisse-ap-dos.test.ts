// Caisse-AP under attack, with the server's default limits: slow senders holding connections
// open (slow-loris), floods of concurrent connections, and junk frames by the thousand. A real
// till's request must still be answered, and the exchange log must not grow a row per junk frame.
// Real sockets, a real core with its SQLite file, the real sandbox. The figures measured are
// printed (what was answered, how long the real requests took).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCaisseApServer, type RunningCaisseApServer } from '../../electron/caisse-ap/index';
import { encodeFields, type Field } from '../../electron/caisse-ap/protocol';
import { sendTillRequest } from '../../electron/caisse-ap/till-client';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { loginDemo, nextEvent, payAsCustomer, readLog, startTestCompanion, tempDir } from '../support/companion';
import { patience } from '../support/patience';

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let companion: CoreCompanion;
let server: RunningCaisseApServer;

beforeAll(async () => {
  dir = tempDir('cvc-caisse-ap-dos-');
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  await loginDemo(companion);
  // The defaults a shop runs with; only the counts of junk are written sooner, for the test.
  server = await startCaisseApServer({ core: companion, host: '127.0.0.1', port: 0, allowList: [], timing: { tallyFlushMs: 100 } });
});

afterAll(async () => {
  await server.close();
  await companion.close();
  await sandbox.close();
  dir.remove();
});

function frame(tags: Record<string, string>): string {
  const all: Record<string, string> = { CZ: '0320', CJ: '012345678901', CA: '01', CD: 'I', CE: '978', CB: '00', ...tags };
  return encodeFields(Object.entries(all).map(([tag, value]): Field => ({ tag, value })));
}

/** A connection that sends the start of a request one byte at a time, forever (until closed). */
function trickle(everyMs: number): { socket: net.Socket; stop(): void; closedByServer: Promise<void> } {
  const socket = net.connect({ host: '127.0.0.1', port: server.port });
  socket.on('error', () => undefined);
  const bytes = frame({}).slice(0, 40);
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return;
    socket.write(bytes[i % bytes.length]!);
    i++;
  }, everyMs);
  const closedByServer = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    closedByServer,
    stop() {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** Keeps `count` hostile connections open, opening a new one as soon as one is closed. */
function sustainedFlood(count: number): { stop(): void; opened(): number } {
  let stopped = false;
  let opened = 0;
  const open = (n: number) => {
    if (stopped) return;
    opened++;
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    socket.on('error', () => undefined);
    // A third say nothing, a third trickle, a third send garbage.
    if (n % 3 === 1) socket.once('connect', () => socket.write('CZ0040320CJ0'));
    if (n % 3 === 2) socket.once('connect', () => socket.write(Buffer.from([0xff, 0x00, 0x41, 0x42])));
    socket.once('close', () => setImmediate(() => open(n)));
    sockets.add(socket);
  };
  const sockets = new Set<net.Socket>();
  for (let n = 0; n < count; n++) open(n);
  return {
    opened: () => opened,
    stop() {
      stopped = true;
      for (const socket of sockets) socket.destroy();
    },
  };
}

async function realRequests(count: number): Promise<{ answered: number; latencies: number[] }> {
  let answered = 0;
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const startedAt = Date.now();
    const answer = await sendTillRequest({ port: server.port, chunks: [frame({ CA: '09' })], timeoutMs: 15_000 }).catch(() => null);
    if (answer?.get('AE') === '10' && answer.get('CA') === '09') {
      answered++;
      latencies.push(Date.now() - startedAt);
    }
  }
  return { answered, latencies };
}

const JUNK_ADDRESS = '127.0.0.2';

/** One junk frame on its own connection from JUNK_ADDRESS; resolves when the server has closed it. */
function sendJunk(text: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress: JUNK_ADDRESS });
    socket.on('error', () => resolve());
    socket.once('connect', () => socket.write(text));
    socket.on('data', () => undefined);
    socket.once('close', () => resolve());
  });
}

const p = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;

describe('Caisse-AP against a denial of service', () => {
  it('answers real till requests while 16 connections trickle one byte at a time, and cuts the tricklers off', async () => {
    const slow = Array.from({ length: 16 }, () => trickle(200));
    try {
      const { answered, latencies } = await realRequests(20);
      console.info(`slow-loris (16 trickling): ${answered}/20 real requests answered, p50 ${p(latencies, 0.5)} ms, max ${Math.max(...latencies)} ms`);
      expect(answered).toBe(20);

      // A debit, the customer paying: the till reads AE=10.
      const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending', 10_000);
      const answer = sendTillRequest({ port: server.port, chunks: [frame({ CD: '0', CB: '1500', CF: 'DOS-1' })], timeoutMs: 20_000 });
      const operation = await pending;
      await payAsCustomer(sandbox.url, operation.qrPayload!, 1500);
      expect((await answer).get('AE')).toBe('10');

      // However it trickles, a connection gets its whole-request time and no more.
      await Promise.all(slow.map((s) => s.closedByServer));
    } finally {
      slow.forEach((s) => s.stop());
    }
  }, 30_000);

  it('answers real till requests through a sustained flood of 200 hostile connections', async () => {
    const flood = sustainedFlood(200);
    try {
      // Let the flood fill every slot first.
      await vi.waitFor(() => expect(flood.opened()).toBeGreaterThanOrEqual(200), patience(10_000));
      const { answered, latencies } = await realRequests(30);
      console.info(
        `flood (200 concurrent, reopened as closed; ${flood.opened()} opened in all): ${answered}/30 real requests answered, p50 ${p(latencies, 0.5)} ms, p95 ${p(latencies, 0.95)} ms`,
      );
      expect(answered).toBe(30);
    } finally {
      flood.stop();
    }
  }, 60_000);

  it('counts 2 000 junk frames in a handful of rows instead of an fsync-ed row each', async () => {
    const rowsBefore = readLog(companion.dbFile, (db) => (db.prepare('SELECT count(*) AS n FROM till_exchanges').get() as { n: number }).n);
    // From an address of its own (127.0.0.2), so the earlier tests' traffic does not count.
    const countOf = () =>
      companion.till.exchanges
        .tallies()
        .filter((t) => t.kind === 'malformed' && t.remoteAddress === JUNK_ADDRESS)
        .reduce((sum, t) => sum + t.count, 0);
    const before = countOf();
    const junk = ['CZ0040320CA000', 'XX', 'CZ0040320CZ0040320', 'CA00201CZ0040320'];
    const batch = 50;
    for (let i = 0; i < 2_000; i += batch) {
      await Promise.all(Array.from({ length: batch }, (_, j) => sendJunk(junk[(i + j) % junk.length]!)));
    }
    await vi.waitFor(() => expect(countOf() - before).toBe(2_000), patience(10_000));
    const rowsAfter = readLog(companion.dbFile, (db) => (db.prepare('SELECT count(*) AS n FROM till_exchanges').get() as { n: number }).n);
    const tallyRows = companion.till.exchanges.tallies().filter((t) => t.remoteAddress === JUNK_ADDRESS).length;
    console.info(`junk: 2000 malformed frames → ${rowsAfter - rowsBefore} exchange rows, ${tallyRows} count row(s)`);
    expect(rowsAfter).toBe(rowsBefore);
    expect(tallyRows).toBe(1);
  }, 60_000);

});
