// A slowloris and a connection flood against the Caisse-AP server while a real till sends a
// real debit: the real till must get its answer (the customer pays, AE=10 with the amount).
// The attacker is another machine on the shop's network (its own source address, 127.0.0.66);
// the till is 127.0.0.1.
import net from 'node:net';
import { join } from 'node:path';
import { sendTillRequest, type TillAnswer } from '../../../electron/caisse-ap/till-client';
import { debitFrame } from '../../bench/timed-till';
import { OPERATIONS_FILE } from '../../../electron/core/companion';
import type { Check } from '../checks';
import { dataDir, sleep, type TortureContext } from '../context';
import { loginThroughApi, startHost, type TortureHost } from '../host-process';
import { settleAndCompare, waitForEventStream } from '../ledger';
import { payAsCustomer, startPlatform, type TorturePlatform } from '../platform-process';

const ATTACKER_ADDRESS = '127.0.0.66';
/** A byte this often keeps a connection "sending". */
const TRICKLE_GAP_MS = 400;
/** A request that starts well and never ends: a long value, one byte at a time. */
const TRICKLE_BYTES = `CZ0040300CJ012012345678901CA00201CB0042000CD0010CE003978CF999${'A'.repeat(999)}`;

interface Attack {
  /** Connections the server has open for the attacker right now. */
  open(): number;
  opened(): number;
  stop(): void;
}

/** Connections from the attacker that send one byte now and then; `sustained`: each one the
 *  server closes is opened again. */
function trickle(port: number, connections: number, sustained: boolean): Attack {
  let stopped = false;
  let opened = 0;
  const sockets = new Set<net.Socket>();
  const connected = new Set<net.Socket>();
  const connect = () => {
    if (stopped) return;
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: ATTACKER_ADDRESS });
    sockets.add(socket);
    opened++;
    let at = 0;
    let timer: NodeJS.Timeout | null = null;
    socket.on('connect', () => {
      connected.add(socket);
      const drip = () => {
        if (socket.destroyed || stopped) return;
        socket.write(TRICKLE_BYTES[at++ % TRICKLE_BYTES.length]!);
        timer = setTimeout(drip, TRICKLE_GAP_MS);
      };
      drip();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (timer) clearTimeout(timer);
      sockets.delete(socket);
      connected.delete(socket);
      if (sustained && !stopped) setTimeout(connect, 20);
    });
  };
  for (let i = 0; i < connections; i++) connect();
  return {
    open: () => connected.size,
    opened: () => opened,
    stop() {
      stopped = true;
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** Many connections at once from the attacker, each sending nothing. */
async function flood(port: number, connections: number): Promise<Attack> {
  const sockets = new Set<net.Socket>();
  let open = 0;
  await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<void>((resolve) => {
          const socket = net.connect({ host: '127.0.0.1', port, localAddress: ATTACKER_ADDRESS });
          sockets.add(socket);
          socket.on('connect', () => {
            open++;
            resolve();
          });
          socket.on('error', () => resolve());
          socket.on('close', () => {
            sockets.delete(socket);
            resolve();
          });
        }),
    ),
  );
  return {
    open: () => [...sockets].filter((s) => !s.destroyed).length,
    opened: () => open,
    stop() {
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** A till's debit; the customer pays it as soon as it is on the platform. */
async function realDebit(platform: TorturePlatform, port: number, basket: string, amount: number, timeoutMs: number): Promise<{ ok: boolean; answer: TillAnswer | null }> {
  let done = false;
  const till = sendTillRequest({ port, chunks: [debitFrame(amount, basket)], timeoutMs }).then(
    (answer) => answer,
    () => null,
  );
  void till.then(() => (done = true));
  const deadline = Date.now() + timeoutMs;
  while (!done && Date.now() < deadline) {
    const pending = (await platform.basket(basket)).find((r) => r.status === 'pending');
    if (pending) {
      await payAsCustomer(platform, pending.qrPayload, amount);
      break;
    }
    await sleep(50);
  }
  const answer = await till;
  const ok = answer !== null && answer.get('AE') === '10' && Number(answer.get('CB')) === amount;
  return { ok, answer };
}

function describe(answer: TillAnswer | null): string {
  if (!answer) return 'connection refused';
  if (answer.text === '') return `closed without an answer (${answer.ended})`;
  return `AE=${answer.get('AE')}${answer.get('AF') ? ` AF=${answer.get('AF')}` : ''}`;
}

export async function tortureFlood(ctx: TortureContext): Promise<Check[]> {
  const platform = await startPlatform(ctx, 'flood');
  const dir = dataDir(ctx, 'flood');
  let host: TortureHost | null = null;
  const checks: Check[] = [];
  let basketNumber = 0;
  const waitMs = ctx.mode === 'full' ? 30_000 : 20_000;
  try {
    host = await startHost(ctx, { dataDir: dir, platformUrl: platform.url, args: ['--caisse-ap', '127.0.0.1:0'], what: 'flood' });
    const login = await loginThroughApi(host, ctx.password);
    if (login.body?.ok !== true) throw new Error(`login: ${JSON.stringify(login.body)}`);
    await waitForEventStream(host, join(dir, OPERATIONS_FILE), 'FW-');
    const port = host.caisseApPort!;
    const debit = (amount: number) => realDebit(platform, port, `FL-${basketNumber++}`, amount, waitMs);

    const control = await debit(1_000);
    if (!control.ok) throw new Error(`a debit without any attack was not answered: ${describe(control.answer)}`);

    ctx.progress(`flood: slowloris, ${ctx.sizes.slowloris} trickling connections`);
    const slow = trickle(port, ctx.sizes.slowloris, false);
    await sleep(TRICKLE_GAP_MS * 3);
    const underSlowloris = await debit(1_100);
    const slowOpen = slow.open();
    slow.stop();
    checks.push({
      part: 'flood',
      name: 'slowloris: a real debit while connections trickle',
      ran: `${ctx.sizes.slowloris} connections from ${ATTACKER_ADDRESS}, one byte every ${TRICKLE_GAP_MS} ms; 1 debit from the till`,
      mustBeZero: { 'real requests not answered': underSlowloris.ok ? 0 : 1 },
      info: { 'attacker connections open at the end': slowOpen, 'the till got': describe(underSlowloris.answer) },
    });

    ctx.progress(`flood: sustained trickle, ${ctx.sizes.trickleRequests} debits`);
    const sustained = trickle(port, ctx.sizes.slowloris, true);
    await sleep(TRICKLE_GAP_MS * 3);
    const outcomes: string[] = [];
    let unanswered = 0;
    for (let i = 0; i < ctx.sizes.trickleRequests; i++) {
      const result = await debit(1_200 + i);
      if (!result.ok) unanswered++;
      outcomes.push(describe(result.answer));
    }
    const reopened = sustained.opened();
    sustained.stop();
    checks.push({
      part: 'flood',
      name: 'sustained trickle: real debits one after another',
      ran: `${ctx.sizes.slowloris} trickling connections kept open (${reopened} opened in all); ${ctx.sizes.trickleRequests} debits`,
      mustBeZero: { 'real requests not answered': unanswered },
      info: { answered: ctx.sizes.trickleRequests - unanswered, 'the till got': summarise(outcomes) },
    });

    ctx.progress(`flood: ${ctx.sizes.floodConnections} connections at once`);
    const crowd = await flood(port, ctx.sizes.floodConnections);
    const underFlood = await debit(1_300);
    const crowdOpen = crowd.open();
    crowd.stop();
    checks.push({
      part: 'flood',
      name: 'connection flood: a real debit among idle connections',
      ran: `${ctx.sizes.floodConnections} idle connections from ${ATTACKER_ADDRESS}; 1 debit from the till`,
      mustBeZero: { 'real requests not answered': underFlood.ok ? 0 : 1 },
      info: { 'attacker connections still open': crowdOpen, 'the till got': describe(underFlood.answer) },
    });

    const after = await debit(1_400);
    const comparison = await settleAndCompare(platform, join(dir, OPERATIONS_FILE), 'FL-', { timeoutMs: ctx.sizes.settleMs });
    checks.push({
      part: 'flood',
      name: 'after the attacks: the till served, nothing lost',
      ran: `1 debit once the attacks stopped; platform list vs log`,
      mustBeZero: { 'real requests not answered': after.ok ? 0 : 1, 'host crashes': host.exit() ? 1 : 0, ...comparison.counts },
      examples: comparison.examples,
    });
    return checks;
  } finally {
    await host?.stop();
    await platform.stop();
  }
}

function summarise(outcomes: string[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([what, n]) => `${what} ×${n}`).join(', ');
}
