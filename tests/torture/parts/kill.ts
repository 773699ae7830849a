// kill -9 cycles. The host runs against a platform in its own process (it survives the kills);
// each cycle sends a burst of concurrent creates through the local API, and as answers come
// back the customer pays some in full, some in part, the cashier cancels some, others are left
// for the customer to pay while the host is down. The host is SIGKILLed at a seeded moment of
// the burst, the log's integrity is checked, the outage's payments are made, and the next cycle
// starts it again. Creates whose answer the kill took are sent again with their Idempotency-Key
// (what a till does). At the end the platform's list and the log must agree exactly.
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { OPERATIONS_FILE } from '../../../electron/core/companion';
import type { Check } from '../checks';
import { dataDir, draw, partSeed, sleep, type TortureContext } from '../context';
import { loginThroughApi, startHost, type ApiAnswer, type TortureHost } from '../host-process';
import { integrityOk, readLogRows, settleAndCompare, waitForEventStream } from '../ledger';
import { payAsCustomer, startPlatform, type TorturePlatform } from '../platform-process';

type Action = 'pay-full' | 'pay-partial' | 'cancel' | 'leave' | 'pay-during-outage';

const createPlan = fc.record({
  amount: fc.integer({ min: 1, max: 200_000 }),
  action: fc.oneof(
    { arbitrary: fc.constant<Action>('pay-full'), weight: 3 },
    { arbitrary: fc.constant<Action>('pay-partial'), weight: 2 },
    { arbitrary: fc.constant<Action>('cancel'), weight: 2 },
    { arbitrary: fc.constant<Action>('leave'), weight: 2 },
    { arbitrary: fc.constant<Action>('pay-during-outage'), weight: 2 },
  ),
  partialPermille: fc.integer({ min: 1, max: 999 }),
  actionDelayMs: fc.integer({ min: 0, max: 300 }),
  /** When the create leaves, as a share of the time before the kill: the burst is still arriving when it lands. */
  startPermille: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000 })),
});

interface SentCreate {
  basket: string;
  body: { amount: number; basketNumber: string };
  key: string;
  plan: { action: Action; partialPermille: number; actionDelayMs: number };
  /** ok: the operation; error: the local API refused; lost: the connection died (the kill). */
  answer: { kind: 'ok'; operation: { id: string; status: string; qrPayload: string | null } } | { kind: 'error'; status: number; code: string } | { kind: 'lost' };
}

interface RetryOutcome {
  basket: string;
  answer: SentCreate['answer'];
  /** When the first answer was seen: the operation the retry must answer with. */
  expectedId?: string;
}

interface Tally {
  creates: number;
  answered: number;
  answersLost: number;
  paidFull: number;
  paidPartial: number;
  paidDuringOutage: number;
  cancels: number;
  internalErrors: number;
  crashes: number;
  integrityChecks: number;
  integrityFailures: number;
  examples: string[];
}

function outcomeOf(answer: ApiAnswer): SentCreate['answer'] {
  if (answer.body?.ok === true) return { kind: 'ok', operation: answer.body.value };
  return { kind: 'error', status: answer.status, code: String(answer.body?.error?.code ?? 'unparsable') };
}

export async function tortureKill(ctx: TortureContext): Promise<Check[]> {
  const { sizes } = ctx;
  const seed = partSeed(ctx, 'kill');
  const platform = await startPlatform(ctx, 'kill', { expirySeconds: 120 });
  const dir = dataDir(ctx, 'kill');
  const logFile = join(dir, OPERATIONS_FILE);
  const tally: Tally = {
    creates: 0,
    answered: 0,
    answersLost: 0,
    paidFull: 0,
    paidPartial: 0,
    paidDuringOutage: 0,
    cancels: 0,
    internalErrors: 0,
    crashes: 0,
    integrityChecks: 0,
    integrityFailures: 0,
    examples: [],
  };
  const sent: SentCreate[] = [];
  const retried = new Set<string>();
  const retryOutcomes: RetryOutcome[] = [];
  const conflictOutcomes: Array<{ basket: string; status: number; code: string }> = [];
  const killDelays: number[] = [];
  let host: TortureHost | null = null;
  try {
    for (let cycle = 0; cycle < sizes.cycles; cycle++) {
      const [burst] = draw(fc.integer({ min: sizes.burst[0], max: sizes.burst[1] }), seed + cycle * 7 + 1, 1) as [number];
      const [killAfterMs] = draw(fc.integer({ min: sizes.killAfterMs[0], max: sizes.killAfterMs[1] }), seed + cycle * 7 + 2, 1) as [number];
      const [outageMs] = draw(fc.integer({ min: 50, max: 1_000 }), seed + cycle * 7 + 3, 1) as [number];
      const plans = draw(createPlan, seed + cycle * 7 + 4, burst);
      killDelays.push(killAfterMs);
      ctx.progress(`kill: cycle ${cycle + 1}/${sizes.cycles}, ${burst} creates, kill after ${killAfterMs} ms`);

      host = await startHost(ctx, { dataDir: dir, platformUrl: platform.url, what: `kill cycle ${cycle + 1}` });
      if (cycle === 0) {
        const login = await loginThroughApi(host, ctx.password);
        if (login.body?.ok !== true) throw new Error(`login: ${JSON.stringify(login.body)}`);
        await waitForEventStream(host, logFile, 'KW-');
      }
      await retryLostAnswers(ctx, host, sent, retried, retryOutcomes, conflictOutcomes, cycle);

      const outage: SentCreate[] = [];
      const running: Array<Promise<void>> = [];
      const burstHost = host;
      const started = performance.now();
      for (const [i, plan] of plans.entries()) {
        const basket = `KL-${String(cycle).padStart(3, '0')}-${i}`;
        const create: SentCreate = {
          basket,
          body: { amount: plan.amount, basketNumber: basket },
          key: randomUUID(),
          plan,
          answer: { kind: 'lost' },
        };
        sent.push(create);
        tally.creates++;
        running.push(
          (async () => {
            await sleep(Math.floor((killAfterMs * plan.startPermille) / 1_000) - (performance.now() - started));
            try {
              const answer = await burstHost.call('payments.create', create.body, { 'idempotency-key': create.key });
              if (answer.status >= 500 && answer.body?.error?.code === 'internal_error') tally.internalErrors++;
              create.answer = outcomeOf(answer);
            } catch {
              tally.answersLost++;
              return; // the kill took the answer
            }
            tally.answered++;
            if (create.answer.kind !== 'ok' || !create.answer.operation.qrPayload) return;
            const qr = create.answer.operation.qrPayload;
            await sleep(plan.actionDelayMs);
            switch (plan.action) {
              case 'pay-full':
                if ((await payAsCustomer(platform, qr, plan.amount)).status === 201) tally.paidFull++;
                return;
              case 'pay-partial': {
                const part = Math.max(1, Math.floor((plan.amount * plan.partialPermille) / 1000));
                if ((await payAsCustomer(platform, qr, part)).status === 201) tally.paidPartial++;
                return;
              }
              case 'cancel': {
                const answer = await burstHost.call('payments.cancel', { id: create.answer.operation.id }).catch(() => null);
                if (answer?.body?.ok === true) tally.cancels++;
                if (answer && answer.status >= 500 && answer.body?.error?.code === 'internal_error') tally.internalErrors++;
                return;
              }
              case 'pay-during-outage':
                outage.push(create);
                return;
              case 'leave':
                return;
              default: {
                const unreachable: never = plan.action;
                return unreachable;
              }
            }
          })(),
        );
      }
      await sleep(Math.max(0, killAfterMs - (performance.now() - started)));
      if (host.exit()) tally.crashes++;
      await host.kill();
      host = null;
      await Promise.allSettled(running);

      const integrity = integrityOk(logFile);
      tally.integrityChecks++;
      if (!integrity.ok) {
        tally.integrityFailures++;
        tally.examples.push(`cycle ${cycle + 1}: integrity_check ${integrity.detail}`);
      }
      // The customers pay while the companion is down.
      for (const create of outage) {
        if (create.answer.kind !== 'ok' || !create.answer.operation.qrPayload) continue;
        const amount = create.plan.partialPermille % 2 === 0 ? create.body.amount : Math.max(1, Math.floor(create.body.amount / 2));
        if ((await payAsCustomer(platform, create.answer.operation.qrPayload, amount)).status === 201) tally.paidDuringOutage++;
      }
      await sleep(outageMs);
    }

    ctx.progress('kill: last start, waiting for the log to settle against the platform');
    host = await startHost(ctx, { dataDir: dir, platformUrl: platform.url, what: 'kill: final start' });
    await retryLostAnswers(ctx, host, sent, retried, retryOutcomes, conflictOutcomes, sizes.cycles);
    await probeIdempotency(host, retried, retryOutcomes, conflictOutcomes);
    const comparison = await settleAndCompare(platform, logFile, 'KL-', { timeoutMs: sizes.settleMs, exclude: retried });
    const retryCheck = await judgeRetries(platform, logFile, retryOutcomes, conflictOutcomes);
    if (host.exit()) tally.crashes++;
    await host.stop();
    host = null;

    const minKill = Math.min(...killDelays);
    const maxKill = Math.max(...killDelays);
    return [
      {
        part: 'kill',
        name: 'SIGKILL cycles: platform list vs operation log',
        ran:
          `${sizes.cycles} cycles, ${tally.creates} creates in bursts of ${sizes.burst[0]}–${sizes.burst[1]}, kills ${minKill}–${maxKill} ms in; ` +
          `${tally.paidFull} paid in full, ${tally.paidPartial} in part, ${tally.paidDuringOutage} during the outage, ${tally.cancels} cancelled`,
        mustBeZero: { ...comparison.counts, 'host crashes': tally.crashes, 'internal_error answers': tally.internalErrors },
        info: {
          'platform requests': comparison.platformRequests,
          operations: comparison.operations,
          'answers lost to the kill': tally.answersLost,
          'settled in s': Math.round(comparison.waitedMs / 100) / 10,
          statuses: Object.entries(comparison.byStatus)
            .map(([s, n]) => `${s} ${n}`)
            .join(', '),
        },
        examples: comparison.examples,
      },
      {
        part: 'kill',
        name: 'PRAGMA integrity_check after each kill',
        ran: `${tally.integrityChecks} checks`,
        mustBeZero: { 'not ok': tally.integrityFailures },
        examples: tally.examples,
      },
      retryCheck,
    ];
  } finally {
    await host?.kill();
    await platform.stop();
  }
}

/** Creates whose answer the kill took, sent again with the same Idempotency-Key and body, and one
 *  answered create's key sent with another body (which must be refused). */
async function retryLostAnswers(
  ctx: TortureContext,
  host: TortureHost,
  sent: SentCreate[],
  retried: Set<string>,
  outcomes: RetryOutcome[],
  conflicts: Array<{ basket: string; status: number; code: string }>,
  cycle: number,
): Promise<void> {
  const lost = sent.filter((s) => s.answer.kind === 'lost' && !retried.has(s.basket)).slice(0, ctx.sizes.idempotentRetries);
  for (const create of lost) {
    retried.add(create.basket);
    const answer = await host.call('payments.create', create.body, { 'idempotency-key': create.key });
    outcomes.push({ basket: create.basket, answer: outcomeOf(answer) });
  }
  const answered = sent.find((s) => s.answer.kind === 'ok' && !retried.has(s.basket) && s.basket.startsWith(`KL-${String(cycle - 1).padStart(3, '0')}-`));
  if (answered) {
    retried.add(answered.basket);
    const answer = await host.call('payments.create', { ...answered.body, amount: answered.body.amount + 1 }, { 'idempotency-key': answered.key });
    conflicts.push({ basket: answered.basket, status: answer.status, code: String(answer.body?.error?.code ?? (answer.body?.ok ? 'ok' : 'unparsable')) });
  }
}

/** Whatever the kill's timing: one create sent twice with the same key (its first answer treated
 *  as lost), then once more with the same key and another amount. */
async function probeIdempotency(host: TortureHost, retried: Set<string>, outcomes: RetryOutcome[], conflicts: Array<{ basket: string; status: number; code: string }>) {
  const basket = 'KL-IDEM-1';
  const body = { amount: 4_242, basketNumber: basket };
  const key = randomUUID();
  retried.add(basket);
  const first = outcomeOf(await host.call('payments.create', body, { 'idempotency-key': key }));
  if (first.kind !== 'ok') throw new Error(`payments.create for ${basket}: ${JSON.stringify(first)}`);
  const again = outcomeOf(await host.call('payments.create', body, { 'idempotency-key': key }));
  outcomes.push({ basket, answer: again, expectedId: first.operation.id });
  const other = await host.call('payments.create', { ...body, amount: body.amount + 1 }, { 'idempotency-key': key });
  conflicts.push({ basket, status: other.status, code: String(other.body?.error?.code ?? (other.body?.ok ? 'ok' : 'unparsable')) });
}

async function judgeRetries(
  platform: TorturePlatform,
  logFile: string,
  outcomes: RetryOutcome[],
  conflicts: Array<{ basket: string; status: number; code: string }>,
): Promise<Check> {
  const requests = await platform.requests('KL-');
  const rows = readLogRows(logFile, 'KL-');
  let refused = 0;
  let doubled = 0;
  const examples: string[] = [];
  for (const { basket, answer, expectedId } of outcomes) {
    const onPlatform = requests.filter((r) => r.basketNumber === basket).length;
    const inLog = rows.filter((r) => r.basket_number === basket).length;
    if (answer.kind !== 'ok' || (expectedId !== undefined && answer.operation.id !== expectedId)) {
      refused++;
      examples.push(
        `retry of ${basket}: ${answer.kind === 'error' ? `${answer.status} ${answer.code}` : answer.kind === 'ok' ? `another operation (${answer.operation.id})` : 'no answer'}`,
      );
    }
    if (onPlatform > 1 || inLog > 1) {
      doubled++;
      examples.push(`retry of ${basket}: ${onPlatform} request(s) on the platform, ${inLog} operation(s) in the log`);
    }
  }
  const notRefused = conflicts.filter((c) => !(c.status === 409 && c.code === 'idempotency_conflict'));
  for (const c of notRefused) examples.push(`same key, other amount for ${c.basket}: ${c.status} ${c.code}`);
  return {
    part: 'kill',
    name: 'Idempotency-Key on payments.create (a till resending after a lost answer)',
    ran: `${outcomes.length} sent again with the same key and body (${outcomes.filter((o) => o.expectedId === undefined).length} after the kill took the answer); ${conflicts.length} with the same key and another amount`,
    mustBeZero: {
      'same key and body not answered with the operation': refused,
      'second request or operation': doubled,
      'other body not refused 409 idempotency_conflict': notRefused.length,
    },
    examples,
  };
}
