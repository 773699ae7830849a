// The network and the platform misbehave between the companion and the platform (the fault
// proxy), one scenario at a time, each on baskets of its own; after each, the platform's list
// and the log must agree (lost / duplicated / wrong status / stuck creating, all 0), and the
// local API never answers 500.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_TIMING, OPERATIONS_FILE } from '../../../electron/core/companion';
import { DEFAULT_CAISSE_AP_TIMING } from '../../../electron/caisse-ap/index';
import { sendTillRequest } from '../../../electron/caisse-ap/till-client';
import type { Check } from '../checks';
import { dataDir, draw, partSeed, sleep, type TortureContext } from '../context';
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from '../fault-proxy';
import { loginThroughApi, startHost, type ApiAnswer, type TortureHost } from '../host-process';
import { settleAndCompare } from '../ledger';
import { payAsCustomer, startPlatform, type TorturePlatform } from '../platform-process';
import { debitFrame } from '../../bench/timed-till';

/** Past the companion's platform call timeout. */
const PAST_TIMEOUT_MS = DEFAULT_TIMING.requestTimeoutMs + 1_500;

interface Rig {
  ctx: TortureContext;
  platform: TorturePlatform;
  proxy: FaultProxy;
  host: TortureHost;
  logFile: string;
  internalErrors: number;
}

interface Scenario {
  name: string;
  prefix: string;
  /** What ran, in a few words; extra counts that must be 0 and informative figures. */
  run(rig: Rig, seed: number): Promise<{ ran: string; mustBeZero?: Record<string, number>; info?: Record<string, number | string> }>;
}

function isCreateOf(basket: string) {
  return (request: ProxiedRequest) => request.route === 'POST /v1/payment-requests' && request.json?.basketNumber === basket;
}

async function call(rig: Rig, channel: string, input: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const answer = await rig.host.call(channel, input, headers);
  if (answer.status === 500) rig.internalErrors++;
  return answer;
}

function create(rig: Rig, basket: string, amount: number): Promise<ApiAnswer> {
  return call(rig, 'payments.create', { amount, basketNumber: basket }, { 'idempotency-key': randomUUID() });
}

async function expireTokens(rig: Rig): Promise<void> {
  await rig.platform.api.admin.expireTokens();
}

const delayOnce: Scenario = {
  name: 'create answered past the client timeout, then retried',
  prefix: 'PD',
  async run(rig) {
    const baskets = Array.from({ length: rig.ctx.sizes.proxyRounds }, (_, i) => `PD-${i}`);
    for (const basket of baskets) rig.proxy.addRule({ name: 'late', match: isCreateOf(basket), times: 1, fault: { kind: 'delay', ms: PAST_TIMEOUT_MS } });
    const answers = await Promise.all(baskets.map((basket, i) => create(rig, basket, 1_000 + i)));
    return { ran: `${baskets.length} creates, first answer ${PAST_TIMEOUT_MS} ms late`, info: { 'answered ok': answers.filter((a) => a.body?.ok).length } };
  },
};

const delayAlways: Scenario = {
  name: 'create never answered in time (every attempt), settled later',
  prefix: 'PA',
  async run(rig) {
    const baskets = Array.from({ length: rig.ctx.sizes.proxyRounds }, (_, i) => `PA-${i}`);
    for (const basket of baskets) rig.proxy.addRule({ name: 'late', match: isCreateOf(basket), times: 10, fault: { kind: 'delay', ms: PAST_TIMEOUT_MS } });
    const answers = await Promise.all(baskets.map((basket, i) => create(rig, basket, 2_000 + i)));
    rig.proxy.clearRules();
    return { ran: `${baskets.length} creates, every attempt answered ${PAST_TIMEOUT_MS} ms late`, info: { 'answered with an error': answers.filter((a) => !a.body?.ok).length } };
  },
};

/** The outcome of the first attempt is unknown (it reached the platform; no answer came back),
 *  and the token expires before the retry, which the platform then refuses. */
function unknownThenExpired(variant: 'timeout' | 'reset'): Scenario {
  return {
    name: `create outcome unknown (${variant === 'timeout' ? 'past the timeout' : 'connection reset'}), token expired before the retry`,
    prefix: variant === 'timeout' ? 'PET' : 'PER',
    async run(rig) {
      const answers: ApiAnswer[] = [];
      for (let round = 0; round < rig.ctx.sizes.proxyRounds; round++) {
        const basket = `${this.prefix}-${round}`;
        rig.proxy.addRule({
          name: 'unknown, then expired',
          match: isCreateOf(basket),
          times: 1,
          fault:
            variant === 'timeout'
              ? { kind: 'delay', ms: PAST_TIMEOUT_MS, afterClientGone: () => expireTokens(rig) }
              : { kind: 'reset-after-forward', afterReset: () => expireTokens(rig) },
        });
        answers.push(await create(rig, basket, 4_242 + round));
        // The cashier logs in again, as the screen asks.
        const login = await loginThroughApi(rig.host, rig.ctx.password);
        if (login.body?.ok !== true) throw new Error(`login again: ${JSON.stringify(login.body)}`);
      }
      return {
        ran: `${answers.length} creates`,
        info: { answers: answers.map((a) => `${a.status} ${a.body?.ok ? a.body.value.status : a.body?.error?.code}`).join(', ') },
      };
    },
  };
}

const resetMidBody: Scenario = {
  name: 'connection reset in the middle of a body (create, refresh, event stream)',
  prefix: 'PR',
  async run(rig, seed) {
    const rounds = rig.ctx.sizes.proxyRounds * 3;
    let paid = 0;
    for (let round = 0; round < rounds; round++) {
      const basket = `PR-${round}`;
      const amount = 3_000 + round;
      rig.proxy.addRule({ name: 'reset mid-body', match: isCreateOf(basket), times: 1, fault: { kind: 'reset-mid-body' } });
      const created = await create(rig, basket, amount);
      if (created.body?.ok !== true) continue;
      const operation = created.body.value as { id: string; qrPayload: string };
      rig.proxy.addRule({
        name: 'reset mid-body',
        match: (r) => r.route === 'GET /v1/payment-requests/:id',
        times: 1,
        fault: { kind: 'reset-mid-body' },
      });
      await call(rig, 'payments.refresh', { id: operation.id });
      const [midEvent] = draw(fc.boolean(), seed + round, 1);
      rig.proxy.cutStreams({ midEvent: midEvent ?? true });
      if ((await payAsCustomer(rig.platform, operation.qrPayload, amount)).status === 201) paid++;
    }
    return { ran: `${rounds} creates and refreshes cut mid-body, event stream cut after each, ${paid} paid` };
  },
};

const streamCut: Scenario = {
  name: 'event stream cut and refused while customers pay',
  prefix: 'PS',
  async run(rig) {
    // As many pending requests as a busy shop has: what the polling fallback costs shows.
    const pendingCount = rig.ctx.mode === 'full' ? 300 : rig.ctx.sizes.proxyBurst;
    const created: Array<{ qr: string; amount: number }> = [];
    for (let i = 0; i < pendingCount; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, pendingCount - i) }, (_, j) => create(rig, `PS-${i + j}`, 5_000 + i + j)),
      );
      for (const [j, answer] of batch.entries()) if (answer.body?.ok) created.push({ qr: answer.body.value.qrPayload, amount: 5_000 + i + j });
    }
    const refuseForMs = rig.ctx.mode === 'full' ? 10_000 : 3_000;
    const cutAt = Date.now();
    rig.proxy.cutStreams({ refuseForMs });
    // One customer in five pays while the stream is down; the others are still deciding.
    const paying = created.filter((_, i) => i % 5 === 0);
    await Promise.all(paying.map((c) => payAsCustomer(rig.platform, c.qr, c.amount)));
    await sleep(Math.max(0, refuseForMs - (Date.now() - cutAt)));
    const during = rig.proxy.seen.filter((s) => s.at >= cutAt && s.at < cutAt + refuseForMs);
    const gets = during.filter((s) => s.route === 'GET /v1/payment-requests/:id').length;
    const lists = during.filter((s) => s.route === 'GET /v1/payment-requests').length;
    return {
      ran: `${created.length} pending, stream down ${refuseForMs / 1000} s, ${paying.length} paid meanwhile`,
      info: {
        'platform GET of one request per s while down': Math.round((gets / refuseForMs) * 10_000) / 10,
        'platform list pages per s while down': Math.round((lists / refuseForMs) * 10_000) / 10,
      },
    };
  },
};

const platformRestart: Scenario = {
  name: 'platform SIGKILLed during a burst, restarted',
  prefix: 'PK',
  async run(rig, seed) {
    let creates = 0;
    let paid = 0;
    for (let round = 0; round < rig.ctx.sizes.proxyRounds; round++) {
      // Longer than a create's retries (1.3 s) leaves creates to the 5 s sweep: the full run only.
      const maxDownMs = rig.ctx.mode === 'full' ? 3_000 : 600;
      const [killAfterMs, downMs] = draw(fc.tuple(fc.integer({ min: 5, max: 400 }), fc.integer({ min: 200, max: maxDownMs })), seed + round, 1)[0]!;
      // The creates leave before, during and after the outage.
      const offsets = draw(fc.integer({ min: 0, max: killAfterMs + downMs + 1_000 }), seed + round + 1, rig.ctx.sizes.proxyBurst);
      const burst = offsets.map(async (offset, i) => {
        await sleep(offset);
        const amount = 6_000 + i;
        const answer = await create(rig, `PK-${round}-${i}`, amount).catch(() => null);
        creates++;
        if (answer?.body?.ok && i % 2 === 0) {
          const paidAnswer = await payAsCustomer(rig.platform, answer.body.value.qrPayload, amount).catch(() => null);
          if (paidAnswer?.status === 201) paid++;
        }
      });
      await sleep(killAfterMs);
      await rig.platform.kill();
      await sleep(downMs);
      await rig.platform.restart();
      await Promise.all(burst);
    }
    return { ran: `${rig.ctx.sizes.proxyRounds} kills, ${creates} creates before, during and after, ${paid} paid` };
  },
};

/**
 * A first log-in on a fresh data folder, the event stream slow to open, the customer pays in
 * the meantime: the payment must reach the log promptly (the stream opened without a
 * Last-Event-ID replays nothing; the companion must catch up some other way).
 */
async function streamSlowToOpen(ctx: TortureContext, platform: TorturePlatform, proxy: FaultProxy): Promise<Check> {
  const holdMs = 1_500;
  const promptlyMs = 10_000;
  const dir = dataDir(ctx, 'proxy-first-login');
  const host = await startHost(ctx, { dataDir: dir, platformUrl: proxy.url, what: 'proxy: first log-in' });
  try {
    proxy.holdNextStream(holdMs);
    const login = await loginThroughApi(host, ctx.password);
    if (login.body?.ok !== true) throw new Error(`login: ${JSON.stringify(login.body)}`);
    const rounds = ctx.sizes.proxyRounds;
    for (let i = 0; i < rounds; i++) {
      const created = await host.call('payments.create', { amount: 8_000 + i, basketNumber: `PL-${i}` });
      if (created.body?.ok === true) await payAsCustomer(platform, created.body.value.qrPayload, 8_000 + i);
    }
    const comparison = await settleAndCompare(platform, join(dir, OPERATIONS_FILE), 'PL-', { timeoutMs: holdMs + promptlyMs });
    return {
      part: 'proxy',
      name: 'first log-in, event stream slow to open, customers pay meanwhile',
      ran: `the stream held ${holdMs} ms after the log-in; ${rounds} paid at once; the log must know within ${promptlyMs / 1000} s`,
      mustBeZero: { ...comparison.counts },
      info: { 'waited s': Math.round(comparison.waitedMs / 100) / 10 },
      examples: comparison.examples,
    };
  } finally {
    await host.stop();
  }
}

async function runScenario(rig: Rig, scenario: Scenario, seed: number): Promise<Check> {
  rig.ctx.progress(`proxy: ${scenario.name}`);
  const before = rig.internalErrors;
  const outcome = await scenario.run(rig, seed);
  rig.proxy.clearRules();
  const comparison = await settleAndCompare(rig.platform, rig.logFile, `${scenario.prefix}-`, { timeoutMs: rig.ctx.sizes.settleMs });
  return {
    part: 'proxy',
    name: scenario.name,
    ran: outcome.ran,
    mustBeZero: { ...comparison.counts, 'internal_error answers': rig.internalErrors - before, ...outcome.mustBeZero },
    info: { 'platform requests': comparison.platformRequests, operations: comparison.operations, ...outcome.info },
    examples: comparison.examples,
  };
}

export async function tortureProxy(ctx: TortureContext): Promise<Check[]> {
  const seed = partSeed(ctx, 'proxy');
  const platform = await startPlatform(ctx, 'proxy', { own: true });
  const proxy = await startFaultProxy(platform.port);
  const dir = dataDir(ctx, 'proxy');
  let host: TortureHost | null = null;
  const checks: Check[] = [];
  try {
    host = await startHost(ctx, { dataDir: dir, platformUrl: proxy.url, what: 'proxy' });
    const login = await loginThroughApi(host, ctx.password);
    if (login.body?.ok !== true) throw new Error(`login: ${JSON.stringify(login.body)}`);
    const rig: Rig = { ctx, platform, proxy, host, logFile: join(dir, OPERATIONS_FILE), internalErrors: 0 };
    const scenarios: Scenario[] = [
      delayOnce,
      ...(ctx.sizes.slowProxyScenarios ? [delayAlways, unknownThenExpired('timeout')] : []),
      unknownThenExpired('reset'),
      resetMidBody,
      streamCut,
      platformRestart,
    ];
    // The first scenario only waits on late answers: the first log-in of another host runs beside it.
    const [first, ...rest] = scenarios;
    const [firstCheck, firstLogin] = await Promise.all([runScenario(rig, first!, seed), streamSlowToOpen(ctx, platform, proxy)]);
    checks.push(firstCheck, firstLogin);
    for (const [i, scenario] of rest.entries()) checks.push(await runScenario(rig, scenario, seed + (i + 1) * 101));
    const crashed = host.exit();
    checks.push({
      part: 'proxy',
      name: 'the host through every scenario',
      ran: `${scenarios.length} scenarios, ${proxy.seen.length} platform calls through the proxy`,
      mustBeZero: { 'host crashes': crashed ? 1 : 0 },
    });
    if (ctx.sizes.slowProxyScenarios) checks.push(await tillWithLinkCut(ctx, seed));
  } finally {
    for (const token of proxy.tokens) ctx.registry.tokens.add(token);
    await host?.stop();
    await proxy.close();
    await platform.stop();
  }
  return checks;
}

/**
 * A till's debit is pending, the platform link goes silent, the customer pays. The till must
 * never be told "not done" (AE=01) while the platform may hold the payment: it may wait, or be
 * told the outcome is unknown, and the truth must reach the log once the link is back.
 */
async function tillWithLinkCut(ctx: TortureContext, seed: number): Promise<Check> {
  ctx.progress('proxy: a till waits while the platform link is cut and the customer pays');
  const expirySeconds = 6;
  const platform = await startPlatform(ctx, 'proxy-till', { expirySeconds, own: true });
  const proxy = await startFaultProxy(platform.port);
  const dir = dataDir(ctx, 'proxy-till');
  let host: TortureHost | null = null;
  try {
    host = await startHost(ctx, { dataDir: dir, platformUrl: proxy.url, args: ['--caisse-ap', '127.0.0.1:0'], what: 'proxy: till' });
    const login = await loginThroughApi(host, ctx.password);
    if (login.body?.ok !== true) throw new Error(`login: ${JSON.stringify(login.body)}`);
    const rounds = Math.max(1, Math.min(ctx.sizes.proxyRounds, 2));
    let toldNotDone = 0;
    let unanswered = 0;
    const answers: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const basket = `PT-${round}`;
      const amount = 7_000 + round;
      const waitMs = expirySeconds * 1_000 + DEFAULT_CAISSE_AP_TIMING.finalStatusGraceMs + 20_000;
      const till = sendTillRequest({ port: host.caisseApPort!, chunks: [debitFrame(amount, basket)], timeoutMs: waitMs });
      const request = await waitForPending(platform, basket);
      proxy.setLink('blackhole');
      const [payDelay] = draw(fc.integer({ min: 100, max: 2_000 }), seed + round, 1);
      await sleep(payDelay ?? 500);
      await payAsCustomer(platform, request.qrPayload, amount);
      const answer = await till;
      answers.push(answer.text === '' ? `no answer (${answer.ended})` : `AE=${answer.get('AE')} AF=${answer.get('AF') ?? '-'}`);
      if (answer.get('AE') === '01') toldNotDone++;
      if (answer.text === '') unanswered++;
      proxy.setLink('up');
    }
    const comparison = await settleAndCompare(platform, join(dir, OPERATIONS_FILE), 'PT-', { timeoutMs: ctx.sizes.settleMs });
    return {
      part: 'proxy',
      name: 'till debit pending, platform link cut, customer pays',
      ran: `${rounds} debits, request expiry ${expirySeconds} s, till waits up to the expiry + ${DEFAULT_CAISSE_AP_TIMING.finalStatusGraceMs / 1000} s + 20 s`,
      mustBeZero: { 'till told "not done" (AE=01) though the customer paid': toldNotDone, ...comparison.counts },
      info: { 'no answer within the wait': unanswered, answers: answers.join(', ') },
      examples: comparison.examples,
    };
  } finally {
    for (const token of proxy.tokens) ctx.registry.tokens.add(token);
    await host?.stop();
    await proxy.close();
    await platform.stop();
  }
}

async function waitForPending(platform: TorturePlatform, basket: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = (await platform.basket(basket)).find((r) => r.status === 'pending');
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no pending request for ${basket} on the platform`);
    await sleep(50);
  }
}
