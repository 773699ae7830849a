// A till request nobody waits for any more, and a till answered without the truth: the till hangs
// up and a payment lands between its hang-up and the cancel; the platform link is cut while the
// customer pays; the companion stops with a till waiting. Each time the customer must not be
// asked to pay twice, and the cashier is told loudly. Real sockets, the real sandbox behind a real
// TCP proxy that holds or refuses the companion's traffic, real SQLite files.
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCaisseApServer, type CaisseApTiming, type RunningCaisseApServer } from '../../electron/caisse-ap/index';
import { encodeFields, type Field } from '../../electron/caisse-ap/protocol';
import { sendTillRequest, type TillAnswer } from '../../electron/caisse-ap/till-client';
import type { Operation, TillNotice } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { loginDemo, nextEvent, payAsCustomer, platformRequests, startTestCompanion, tempDir, unwrap } from '../support/companion';
import { MemorySecretStore } from '../../electron/core/stores';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { PATIENCE, patience } from '../support/patience';

const TIMING: Partial<CaisseApTiming> = { requestTimeoutMs: 1_500, lingerMs: 300, finalStatusGraceMs: 400, tallyFlushMs: 20 };

let dir: ReturnType<typeof tempDir> | null = null;
let sandbox: RunningSandbox | null = null;
let companion: CoreCompanion | null = null;
let server: RunningCaisseApServer | null = null;
let proxy: TcpProxy | HeldProxy | null = null;
let notices: TillNotice[] = [];

afterEach(async () => {
  await server?.close();
  await companion?.close();
  await proxy?.close();
  await sandbox?.close();
  dir?.remove();
  server = null;
  companion = null;
  proxy = null;
  sandbox = null;
  dir = null;
  notices = [];
});

async function startCompanion(platformUrl: string, timing: Partial<CaisseApTiming> = {}, secretStore?: MemorySecretStore): Promise<void> {
  companion = await startTestCompanion({ platformUrl, dataDir: dir!.path, ...(secretStore ? { secretStore } : {}) });
  companion.on('till.notice', (notice) => notices.push(notice));
  server = await startCaisseApServer({ core: companion, host: '127.0.0.1', port: 0, allowList: [], timing: { ...TIMING, ...timing } });
}

function frame(tags: Record<string, string>): string {
  const all: Record<string, string> = { CZ: '0320', CJ: '012345678901', CA: '01', CD: '0', CE: '978', CB: '2000', ...tags };
  return encodeFields(Object.entries(all).map(([tag, value]): Field => ({ tag, value })));
}

async function debit(tags: Record<string, string>): Promise<{ answer: Promise<TillAnswer>; operation: Operation }> {
  const pending = nextEvent(companion!, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
  const answer = sendTillRequest({ port: server!.port, chunks: [frame(tags)], timeoutMs: 20_000 });
  return { answer, operation: await pending };
}

/** A till that writes its debit and hangs up when told to. */
async function debitThenHangUp(tags: Record<string, string>): Promise<{ operation: Operation; hangUp(): void }> {
  const pending = nextEvent(companion!, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
  const socket = net.connect({ host: '127.0.0.1', port: server!.port });
  socket.on('error', () => undefined);
  socket.write(frame(tags));
  return { operation: await pending, hangUp: () => socket.destroy() };
}

describe('a till that gives up, a platform that does not answer', () => {
  it('announces « payé après l’abandon de la caisse » when the payment lands between the hang-up and the cancel, and locks the till until the cashier has dealt with it', async () => {
    dir = tempDir('cvc-abandon-race-');
    sandbox = await startSandbox({ port: 0 });
    const held = await startHeldProxy(sandbox.port);
    proxy = held;
    await startCompanion(held.url);
    await loginDemo(companion!);
    const { operation, hangUp } = await debitThenHangUp({ CF: 'RACE-1' });

    // The companion's cancel leaves, but is held on the way to the platform…
    held.hold();
    hangUp();
    await vi.waitFor(() => expect(held.heldBytes()).toBeGreaterThan(0), PATIENCE);
    // …while the customer pays (their phone talks to the platform directly).
    await payAsCustomer(sandbox.url, operation.qrPayload!, 2000);
    const announced = nextEvent(companion!, 'till.notice', (n) => n.code === 'caisse_ap.paid_after_abandon');
    held.release();

    const notice = await announced;
    expect(notice).toMatchObject({ level: 'error', operationId: operation.id, message: expect.stringContaining('payé après l’abandon de la caisse') });
    expect(notice.message).toMatch(/20,00\s€ reçus/);
    expect(companion!.till.exchanges.ofOperation(operation.id)[0]).toMatchObject({ delivery: 'none', tillOutcome: 'paid_after_abandon', amountReceived: 2000 });
    const attention = unwrap(await companion!.invoke('till.waiting', {})).attention;
    expect(attention).toEqual([expect.objectContaining({ outcome: 'paid_after_abandon', basketNumber: 'RACE-1', amountReceived: 2000, tillResult: null })]);

    // The till asks again (its cashier retries): refused, no second QR for the customer.
    const retry = await sendTillRequest({ port: server!.port, chunks: [frame({ CF: 'RACE-1' })], timeoutMs: 5_000 });
    expect(retry.get('AE')).toBe('01');
    expect(retry.get('AF')).toBe('07');
    expect((await platformRequests(sandbox.url, 'RACE-1')).map((r) => r.status)).toEqual(['validated']);

    unwrap(await companion!.invoke('till.acknowledge', { exchangeId: attention[0]!.exchangeId }));
    expect(unwrap(await companion!.invoke('till.waiting', {})).attention).toEqual([]);
    // The day's report still lists it, acknowledged.
    expect(unwrap(await companion!.invoke('till.report', {})).items).toEqual([
      expect.objectContaining({ outcome: 'paid_after_abandon', acknowledgedAt: expect.any(String) }),
    ]);
  });

  it('never tells the till "not done" while the platform link is cut and the customer pays: AE=11, loudly, then the mismatch is announced', async () => {
    dir = tempDir('cvc-abandon-cut-');
    sandbox = await startSandbox({ port: 0 });
    const cut = await startTcpProxy(sandbox.port);
    proxy = cut;
    // The till waits 4 s: the companion settles from 2 s and answers by 3,6 s.
    await startCompanion(cut.url, { tillTimeoutMs: 4_000, settleLeadMs: 2_000, answerLeadMs: 400 });
    await loginDemo(companion!);
    const { answer, operation } = await debit({ CF: 'CUT-1' });

    cut.setMode('refuse');
    cut.dropConnections();
    await payAsCustomer(sandbox.url, operation.qrPayload!, 2000);

    const reply = await answer;
    expect(reply.get('AE')).toBe('11');
    expect(reply.get('AF')).toBeUndefined();
    expect(notices).toContainEqual(expect.objectContaining({ code: 'caisse_ap.unresolved', level: 'error', operationId: operation.id }));
    expect(companion!.till.exchanges.ofOperation(operation.id)[0]).toMatchObject({ resultCode: '11', delivery: 'sent', tillOutcome: 'unresolved' });
    // The till asks again meanwhile: refused, no second QR.
    expect((await sendTillRequest({ port: server!.port, chunks: [frame({ CF: 'CUT-2' })], timeoutMs: 5_000 })).get('AF')).toBe('07');

    // The link comes back: the truth arrives and the mismatch is announced.
    const mismatch = nextEvent(companion!, 'till.notice', (n) => n.code === 'caisse_ap.paid_after_unknown', 15_000);
    cut.setMode('forward');
    expect(await mismatch).toMatchObject({ level: 'error', operationId: operation.id, message: expect.stringMatching(/20,00\s€ payés/) });
    expect(companion!.till.exchanges.ofOperation(operation.id)[0]).toMatchObject({ tillOutcome: 'paid_after_unknown', amountReceived: 2000 });
    expect(unwrap(await companion!.invoke('till.waiting', {})).attention).toEqual([
      expect.objectContaining({ outcome: 'paid_after_unknown', amountReceived: 2000, tillResult: '11' }),
    ]);
  }, 30_000);

  it.each([
    ['still logged in at start-up', true],
    ['logged in again after start-up', false],
  ])('cancels a till request left without an answer by a companion that stopped (%s)', async (_name, sessionKept) => {
    dir = tempDir('cvc-abandon-restart-');
    sandbox = await startSandbox({ port: 0 });
    const secrets = new MemorySecretStore();
    await startCompanion(sandbox.url, {}, secrets);
    await loginDemo(companion!);
    const { answer, operation } = await debit({ CF: 'ORPHAN-1' });
    // The companion stops with the till waiting (the app quits): nothing is answered.
    await server!.close();
    server = null;
    expect(await answer).toMatchObject({ text: '', ended: 'closed' });
    await companion!.close();
    notices = [];

    await startCompanion(sandbox.url, {}, sessionKept ? secrets : new MemorySecretStore());
    if (!sessionKept) await loginDemo(companion!);
    const row = await vi.waitFor(() => {
      const exchange = companion!.till.exchanges.ofOperation(operation.id)[0];
      expect(exchange?.tillOutcome ?? 'unresolved').not.toBe('unresolved');
      return exchange!;
    }, patience(10_000));
    expect(row).toMatchObject({ tillOutcome: 'abandoned', delivery: 'none' });
    expect((await platformRequests(sandbox.url, 'ORPHAN-1')).map((r) => r.status)).toEqual(['cancelled']);
    expect(notices).toContainEqual(expect.objectContaining({ code: 'caisse_ap.abandoned', operationId: operation.id }));
  });
});

// ---- a proxy that can hold what the companion sends -------------------------------------------

interface HeldProxy {
  url: string;
  /** From now on, bytes from the companion are kept instead of being forwarded. */
  hold(): void;
  /** Forwards what was kept, and everything from now on. */
  release(): void;
  heldBytes(): number;
  close(): Promise<void>;
}

async function startHeldProxy(targetPort: number): Promise<HeldProxy> {
  let holding = false;
  const queue: Array<{ upstream: net.Socket; chunk: Buffer }> = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      if (holding) queue.push({ upstream, chunk });
      else upstream.write(chunk);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    hold: () => void (holding = true),
    release() {
      holding = false;
      for (const { upstream, chunk } of queue.splice(0)) upstream.write(chunk);
    },
    heldBytes: () => queue.reduce((sum, item) => sum + item.chunk.length, 0),
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
