// The Caisse-AP server at the wire: identification, refused actions and currencies, requests in
// pieces, trailing CR/LF, every malformed case (answered AE=01 AF=09 or closed within a bounded
// time), the allow-list and the connection caps. Frames that never became a payment request are
// counted (per day, address and result), not kept one by one. Real sockets, a real core, the
// real sandbox.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCaisseApServer, type CaisseApTiming, type RunningCaisseApServer } from '../../electron/caisse-ap/index';
import { asciiBytes, encodeFields, type Field } from '../../electron/caisse-ap/protocol';
import { sendTillRequest, type TillAnswer } from '../../electron/caisse-ap/till-client';
import type { TillNotice } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import type { TallyKind } from '../../electron/core/db/till-exchanges';
import { loginDemo, nextEvent, startTestCompanion, tempDir, unwrap } from '../support/companion';
import { PATIENCE } from '../support/patience';

const REQUEST_TIMEOUT_MS = 800;
const TEST_TIMING: Partial<CaisseApTiming> = {
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  firstByteMs: REQUEST_TIMEOUT_MS,
  settleMs: 100,
  lingerMs: 300,
  finalStatusGraceMs: 400,
  tallyFlushMs: 20,
};

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let companion: CoreCompanion;
let server: RunningCaisseApServer | null = null;
let notices: TillNotice[] = [];

beforeAll(async () => {
  dir = tempDir('cvc-caisse-ap-wire-');
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  companion.on('till.notice', (notice) => notices.push(notice));
  await loginDemo(companion);
});

afterAll(async () => {
  await companion.close();
  await sandbox.close();
  dir.remove();
});

afterEach(async () => {
  await server?.close();
  server = null;
  notices = [];
});

async function listen(options: { allowList?: string[]; timing?: Partial<CaisseApTiming> } = {}): Promise<RunningCaisseApServer> {
  server = await startCaisseApServer({
    core: companion,
    host: '127.0.0.1',
    port: 0,
    allowList: options.allowList ?? [],
    timing: { ...TEST_TIMING, ...options.timing },
  });
  return server;
}

function frame(tags: Record<string, string | undefined>): string {
  const all: Record<string, string | undefined> = { CZ: '0320', CJ: '012345678901', CA: '01', CD: 'I', CE: '978', CB: '00', ...tags };
  const fields: Field[] = Object.entries(all)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([tag, value]) => ({ tag, value }));
  return encodeFields(fields);
}

async function exchange(chunks: Array<string | Uint8Array>, options: { gapMs?: number; halfClose?: boolean; timeoutMs?: number } = {}) {
  const startedAt = Date.now();
  const answer = await sendTillRequest({ port: server!.port, chunks, timeoutMs: options.timeoutMs ?? 5_000, ...options });
  return { answer, elapsedMs: Date.now() - startedAt };
}

/** The count of frames of this kind and result recorded so far (written a few ms after). */
function tallied(kind: TallyKind, resultCode: string): number {
  return companion.till.exchanges
    .tallies()
    .filter((t) => t.kind === kind && t.resultCode === resultCode)
    .reduce((sum, t) => sum + t.count, 0);
}

async function expectTallied(kind: TallyKind, resultCode: string, before: number): Promise<void> {
  await vi.waitFor(() => expect(tallied(kind, resultCode)).toBe(before + 1), PATIENCE);
}

function expectBadFormat(answer: TillAnswer): void {
  expect(answer.ended).toBe('closed');
  expect(answer.fields?.[0]?.tag).toBe('CZ');
  expect(answer.get('AE')).toBe('01');
  expect(answer.get('AF')).toBe('09');
}

describe('answers without a payment', () => {
  it('identifies itself (CD=I): AE=10 with CC/CI, echoing the version, register and currency', async () => {
    await listen();
    const before = tallied('identification', '10');
    const rowsBefore = companion.till.exchanges.recent(1)[0]?.id ?? 0;
    const { answer } = await exchange([frame({ CA: '05' })]);
    expect(answer.fields).toEqual([
      { tag: 'CZ', value: '0320' },
      { tag: 'CA', value: '05' },
      { tag: 'CD', value: 'I' },
      { tag: 'CE', value: '978' },
      { tag: 'CB', value: '00' },
      { tag: 'AE', value: '10' },
      { tag: 'CC', value: '000' },
      { tag: 'CI', value: '0' },
    ]);
    expect(unwrap(await companion.invoke('operations.list', {})).items).toEqual([]);
    // Counted, not kept: no row in the exchange log for a frame that moves no money.
    await expectTallied('identification', '10', before);
    expect(companion.till.exchanges.recent(1)[0]?.id ?? 0).toBe(rowsBefore);
  });

  it.each([
    ['a refund (CD=1)', '1', 'credit'],
    ['a cancellation (CD=2)', '2', 'cancellation'],
  ])('refuses %s with AE=01 AF=12: Chèque-Vacances Connect payments cannot be refunded from the till', async (_name, cd) => {
    await listen();
    const { answer } = await exchange([frame({ CD: cd, CB: '2000' })]);
    expect(answer.fields).toEqual(expect.arrayContaining([{ tag: 'CD', value: cd }, { tag: 'AE', value: '01' }, { tag: 'AF', value: '12' }]));
    expect(notices).toEqual([expect.objectContaining({ code: 'caisse_ap.action_refused', level: 'warning' })]);
    expect(unwrap(await companion.invoke('operations.list', {})).items).toEqual([]);
  });

  it('refuses another currency with AE=01 AF=13', async () => {
    await listen();
    const { answer } = await exchange([frame({ CD: '0', CE: '840', CB: '2000' })]);
    expect(answer.fields).toEqual(expect.arrayContaining([{ tag: 'CE', value: '840' }, { tag: 'AE', value: '01' }, { tag: 'AF', value: '13' }]));
    expect(notices.map((n) => n.code)).toEqual(['caisse_ap.action_refused']);
  });

  it('refuses a debit of zero with AE=01 AF=09', async () => {
    await listen();
    const { answer } = await exchange([frame({ CD: '0', CB: '00' })]);
    expectBadFormat(answer);
  });
});

describe('requests in pieces', () => {
  it('reads a debit sent one byte at a time, optional fields before the last required one included', async () => {
    await listen();
    // CF and BF come before CB: the request is complete (every required tag) only at its last byte.
    const bytes = [...encodeFields([
      { tag: 'CZ', value: '0320' },
      { tag: 'CF', value: 'BYTE-1' },
      { tag: 'BF', value: '1' },
      { tag: 'CJ', value: '012345678901' },
      { tag: 'CA', value: '01' },
      { tag: 'CD', value: '0' },
      { tag: 'CE', value: '978' },
      { tag: 'CB', value: '1250' },
    ])];
    const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending', 15_000);
    const answered = exchange(bytes, { timeoutMs: 20_000 });
    const operation = await pending;
    expect(operation).toMatchObject({ basketNumber: 'BYTE-1', amountRequested: 1250 });
    unwrap(await companion.invoke('payments.cancel', { id: operation.id }));
    const { answer } = await answered;
    expect(answer.fields).toEqual(expect.arrayContaining([{ tag: 'BF', value: '1' }, { tag: 'AE', value: '01' }, { tag: 'AF', value: '11' }]));
  });

  it('acts on a request as soon as its required tags are all there, without waiting for a quiet period', async () => {
    // A quiet period longer than the test's patience: only a request still missing a tag waits for it.
    await listen({ timing: { settleMs: 4_000, requestTimeoutMs: 8_000 } });
    const { answer, elapsedMs } = await exchange([frame({ CA: '07' })], { timeoutMs: 6_000 });
    expect(answer.get('AE')).toBe('10');
    expect(answer.get('CA')).toBe('07');
    expect(elapsedMs).toBeLessThan(2_000);
  });

  it('waits a quiet period for the rest of a request whose required tags are not all there yet (a till that splits its request)', async () => {
    await listen();
    const whole = frame({ CD: '0', CB: '900', CF: 'SPLIT-1', BA: '1' });
    // The first packet stops between two fields, before CE and CB.
    const cut = whole.indexOf('CE003');
    const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
    const { answer } = await exchange([whole.slice(0, cut), whole.slice(cut)], { gapMs: 10 });
    expect(answer.get('AE')).toBe('11');
    const operation = await pending;
    expect(operation).toMatchObject({ basketNumber: 'SPLIT-1', amountRequested: 900 });
    unwrap(await companion.invoke('payments.cancel', { id: operation.id }));
  });

  it.each([
    ['CR/LF', '\r\n'],
    ['LF', '\n'],
  ])('accepts and ignores a trailing %s', async (_name, ending) => {
    await listen();
    const { answer } = await exchange([frame({}) + ending]);
    expect(answer.get('AE')).toBe('10');
  });

  it('answers a till that half-closes its side after the request', async () => {
    await listen();
    const { answer, elapsedMs } = await exchange([frame({})], { halfClose: true });
    expect(answer.get('AE')).toBe('10');
    expect(elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS);
  });
});

describe('malformed requests: AE=01 AF=09 or a closed socket, within a bounded time', () => {
  it.each([
    ['bad length digits', 'CZ0040320CJ01A012345678901CA00201CD001ICE003978CB00200'],
    ['a length of 000', 'CZ0040320CA000'],
    ['a duplicate tag', 'CZ0040320CA00201CA00202CJ012012345678901CD001ICE003978CB00200'],
    ['a first tag that is not CZ', 'CA00201CZ0040320'],
    ['a missing required tag, ended by CR/LF', 'CZ0040320CJ012012345678901CA00201CD001ICB00200\r\n'],
    ['a malformed CJ', frame({ CJ: '12345' })],
    ['an unknown action', frame({ CD: 'X' })],
  ])('answers %s at once', async (_name, request) => {
    await listen();
    const before = tallied('malformed', '01-09');
    const { answer, elapsedMs } = await exchange([request]);
    expectBadFormat(answer);
    expect(elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS);
    await expectTallied('malformed', '01-09', before);
  });

  it('answers a non-ASCII byte at once', async () => {
    await listen();
    const bytes = Uint8Array.from([...asciiBytes('CZ0040320CF004R'), 0xc3, 0xa9, ...asciiBytes('1')]);
    const { answer } = await exchange([bytes]);
    expectBadFormat(answer);
    expect(answer.get('CZ')).toBe('0320');
    // The latest such frame is kept as a sample of what this till sends, bytes shown as \xNN.
    await vi.waitFor(() => expect(companion.till.exchanges.tallies().some((t) => t.kind === 'malformed' && t.sampleRequest === 'CZ0040320CF004R\\xc3\\xa91')).toBe(true), PATIENCE);
  });

  it('answers a length past the end when the till half-closes, or when its time is up', async () => {
    await listen();
    const truncated = 'CZ0040320CJ012012345678901CA00201CD001ICE003978CB010200';
    const halfClosed = await exchange([truncated], { halfClose: true });
    expectBadFormat(halfClosed.answer);
    expect(halfClosed.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS);
    const waiting = await exchange([truncated]);
    expectBadFormat(waiting.answer);
    expect(waiting.elapsedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(waiting.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
  });

  it('answers a request without a required tag once its time is up', async () => {
    await listen();
    const { answer, elapsedMs } = await exchange(['CZ0040320CJ012012345678901CA00201CD001ICB00200']);
    expectBadFormat(answer);
    expect(answer.get('CA')).toBe('01');
    expect(elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
  });

  it('answers a message over 4 KiB, and 64 KiB of garbage, then still serves the next till', async () => {
    await listen();
    const long = `CZ0040320${['ZA', 'ZB', 'ZC', 'ZD', 'ZE'].map((tag) => `${tag}999${'x'.repeat(999)}`).join('')}`;
    expectBadFormat((await exchange([long])).answer);
    const garbage = new Uint8Array(64 * 1024).map((_, i) => (i * 7919) % 251);
    const { answer, elapsedMs } = await exchange([garbage]);
    expect(answer.ended).toBe('closed');
    if (answer.text !== '') expectBadFormat(answer);
    expect(elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
    await vi.waitFor(() => expect(companion.till.exchanges.tallies().length).toBeGreaterThan(0), PATIENCE);
    for (const tally of companion.till.exchanges.tallies()) expect(tally.sampleRequest.length).toBeLessThanOrEqual(256);
    expect((await exchange([frame({})])).answer.get('AE')).toBe('10');
  });

  it('cuts off a slow sender (slow-loris) once its time is up, however it trickles', async () => {
    await listen();
    const bytes = [...frame({})].slice(0, 40);
    const { answer, elapsedMs } = await exchange(bytes, { gapMs: 60, timeoutMs: 10_000 });
    expect(answer.ended).toBe('closed');
    expect(elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
    expectBadFormat(answer);
  });

  it('closes a connection that never says anything, without an answer and without a log row', async () => {
    await listen();
    const before = companion.till.exchanges.recent(1)[0]?.id ?? 0;
    const { answer, elapsedMs } = await exchange([]);
    expect(answer).toMatchObject({ text: '', ended: 'closed' });
    expect(elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
    expect(companion.till.exchanges.recent(1)[0]?.id ?? 0).toBe(before);
  });

  it('counts a request the till abandoned halfway, with what it had sent', async () => {
    await listen();
    const socket = net.connect({ host: '127.0.0.1', port: server!.port });
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('CZ0040320CJ0120123');
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the bytes arrive before the reset
    socket.resetAndDestroy();
    const tally = await vi.waitFor(() => {
      const found = companion.till.exchanges.tallies().find((t) => t.sampleRequest === 'CZ0040320CJ0120123');
      expect(found).toBeDefined();
      return found!;
    }, PATIENCE);
    expect(tally).toMatchObject({ kind: 'incomplete', resultCode: '', remoteAddress: '127.0.0.1' });
  });
});

describe('who may connect', () => {
  it('closes connections from addresses outside the allow-list at once, without an answer', async () => {
    await listen({ allowList: ['10.9.8.7'] });
    const { answer, elapsedMs } = await exchange([frame({})]);
    expect(answer).toMatchObject({ text: '', ended: 'closed' });
    expect(elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS);
  });

  it('serves the addresses on the allow-list', async () => {
    await listen({ allowList: ['10.9.8.7', '127.0.0.1'] });
    expect((await exchange([frame({})])).answer.get('AE')).toBe('10');
  });

  it('makes room for a till by closing the oldest connection still reading its request when the caps are reached', async () => {
    // Any connection still reading counts as stale here: the idle ones are a few ms old.
    await listen({ timing: { maxConnections: 2, maxPerAddress: 2, firstByteMs: 10_000, requestTimeoutMs: 10_000, staleReaderMs: 0 } });
    const idle = await Promise.all([0, 1].map(() => openIdle()));
    const closed = idle.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    const { answer, elapsedMs } = await exchange([frame({})]);
    expect(answer.get('AE')).toBe('10');
    expect(elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS);
    // The oldest idle one made room; the other still holds its slot.
    await closed[0];
    expect(idle[1]!.destroyed).toBe(false);
    for (const socket of idle) socket.destroy();
  });

  it('refuses a connection only when every slot is a request being served', async () => {
    await listen({ timing: { maxConnections: 1, maxPerAddress: 1 } });
    const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
    const waiting = exchange([frame({ CD: '0', CB: '1500', CF: 'SLOT-1' })], { timeoutMs: 10_000 });
    const operation = await pending;
    const refused = await exchange([frame({})]);
    expect(refused.answer).toMatchObject({ text: '', ended: 'closed' });
    expect(refused.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS);
    unwrap(await companion.invoke('payments.cancel', { id: operation.id }));
    expect((await waiting).answer.get('AF')).toBe('11');
    // The server counts a connection until it has seen it close: try again until it has.
    await vi.waitFor(async () => expect((await exchange([frame({})])).answer.get('AE')).toBe('10'), PATIENCE);
  });
});

function openIdle(): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: server!.port }, () => resolve(socket));
    socket.on('error', () => undefined);
  });
}
