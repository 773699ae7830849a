// Malformed or inconsistent platform answers, served by the fault proxy in place of the real
// ones: to refresh (the operation must not change), to create (the platform made the request:
// nothing may be lost), to the list reconciliation reads at log-in (nothing may change).
import type { Check } from '../checks';
import { loginThroughApi, type ApiAnswer } from '../host-process';
import { settleAndCompare } from '../ledger';
import { listVariants, requestVariants, type MalformedVariant } from './malformed-answers';
import type { FuzzRig as Rig } from './rig';

interface RowState {
  status: string;
  amount_received_cents: number;
  platform_id: string | null;
}

function rowState(rig: Rig, id: string): RowState | undefined {
  return rig.log.prepare('SELECT status, amount_received_cents, platform_id FROM operations WHERE id = ?').get(id) as RowState | undefined;
}

export async function fuzzPlatformAnswers(rig: Rig): Promise<Check[]> {
  const { ctx, host, proxy } = rig;
  // Requests for the answers to be about: pending, and nobody will pay them.
  const targets: Array<{ id: string; platform: Record<string, unknown> }> = [];
  for (let i = 0; i < 12; i++) {
    const answer = await host.call('payments.create', { amount: 2_000 + i, basketNumber: `FT-${i}` });
    if (answer.body?.ok !== true) throw new Error(`payments.create FT-${i}: ${JSON.stringify(answer.body)}`);
    targets.push({ id: answer.body.value.id, platform: { ...answer.body.value, id: answer.body.value.platformId } });
  }
  const variants = requestVariants(() => targets[0]!.platform);
  const budget = ctx.sizes.platformResponses;
  const served = { refresh: 0, create: 0, list: 0 };
  const tally = { internalErrors: 0, changed: 0, unexpectedClass: 0 };
  const classes = new Map<string, number>();
  /** The kinds of bad answer the companion took as a success (harmless ones are expected: an
   *  unknown property, say; the log must not change either way). */
  const acceptedKinds = new Set<string>();
  const examples: string[] = [];
  const classifyRefresh = (answer: ApiAnswer) => {
    if (answer.status !== 500) return;
    tally.internalErrors++;
    if (examples.length < 30) examples.push(`« Rafraîchir » on a create without an outcome → 500 ${answer.body?.error?.code}`);
  };
  const classify = (variant: MalformedVariant, answer: ApiAnswer) => {
    const key = `${answer.status} ${answer.body?.ok ? 'ok' : answer.body?.error?.code}`;
    classes.set(key, (classes.get(key) ?? 0) + 1);
    if (answer.body?.ok) acceptedKinds.add(variant.name);
    if (answer.status === 500) {
      tally.internalErrors++;
      if (examples.length < 30) examples.push(`${variant.name} → 500 ${answer.body?.error?.code}`);
    } else if (![200, 502, 504].includes(answer.status)) {
      tally.unexpectedClass++;
      if (examples.length < 30) examples.push(`${variant.name} → ${key}`);
    }
  };

  // Refresh (GET one request): the row must not change, whatever the answer said.
  const refreshes = Math.ceil(budget * 0.8);
  ctx.progress(`fuzz: ${refreshes} malformed answers to payments.refresh`);
  for (let i = 0; i < refreshes && !host.exit(); i++) {
    const target = targets[i % targets.length]!;
    const variant = variants[i % variants.length]!;
    const rule = proxy.addRule({ name: variant.name, match: (r) => r.route === 'GET /v1/payment-requests/:id', times: 2, fault: { kind: 'replace', make: variant.make } });
    const before = rowState(rig, target.id);
    const answer = await host.call('payments.refresh', { id: target.id });
    proxy.removeRule(rule);
    served.refresh += rule.hits;
    classify(variant, answer);
    const after = rowState(rig, target.id);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      tally.changed++;
      if (examples.length < 30) examples.push(`${variant.name}: the operation changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
    }
  }

  // Creates: the platform made the request, the answer is malformed. Nothing may be lost.
  const creates = Math.ceil(budget * 0.15);
  ctx.progress(`fuzz: ${creates} malformed answers to payments.create`);
  const createOf = (basket: string) => (r: { route: string; json: any }) => r.route === 'POST /v1/payment-requests' && r.json?.basketNumber === basket;
  for (let i = 0; i < creates && !host.exit(); i += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, creates - i) }, async (_, j) => {
        const n = i + j;
        const variant = variants[n % variants.length]!;
        const basket = `FM-${n}`;
        const rule = proxy.addRule({ name: variant.name, match: createOf(basket), times: 3, fault: { kind: 'replace', make: variant.make } });
        const answer = await host.call('payments.create', { amount: 3_000 + n, basketNumber: basket });
        served.create += rule.hits;
        proxy.removeRule(rule);
        classify(variant, answer);
      }),
    );
  }
  // The cashier saw an error and presses « Rafraîchir » on each create still without an outcome
  // (the companion's own sweep would settle them too, a quarter of a minute later).
  const unsettled = rig.log.prepare(`SELECT id FROM operations WHERE basket_number LIKE 'FM-%' AND status = 'creating'`).all() as Array<{ id: string }>;
  for (const { id } of unsettled) classifyRefresh(await host.call('payments.refresh', { id }));
  const comparison = await settleAndCompare(rig.platform, rig.logFile, 'FM-', { timeoutMs: ctx.sizes.settleMs });

  // The list reconciliation reads at login: nothing may change (the platform did not).
  const lists = Math.ceil(budget * 0.05);
  const statusesBefore = JSON.stringify(rig.log.prepare(`SELECT id, status, amount_received_cents FROM operations WHERE basket_number LIKE 'FT-%' ORDER BY id`).all());
  for (let i = 0; i < lists && !host.exit(); i++) {
    const variant = listVariants()[i % listVariants().length]!;
    const rule = proxy.addRule({ name: variant.name, match: (r) => r.route === 'GET /v1/payment-requests', times: 3, fault: { kind: 'replace', make: variant.make } });
    const answer = await loginThroughApi(host, ctx.password);
    classify(variant, answer);
    // Reconciliation runs after the login answer: wait for the rule to be used (or not).
    const deadline = Date.now() + 5_000;
    while (rule.hits === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    served.list += rule.hits;
    proxy.removeRule(rule);
  }
  const statusesAfter = JSON.stringify(rig.log.prepare(`SELECT id, status, amount_received_cents FROM operations WHERE basket_number LIKE 'FT-%' ORDER BY id`).all());
  if (statusesBefore !== statusesAfter) {
    tally.changed++;
    examples.push('a malformed list changed operations the platform had not changed');
  }

  const total = served.refresh + served.create + served.list;
  return [
    {
      part: 'fuzz',
      name: 'malformed or inconsistent platform answers',
      ran: `${total} answers served (${served.refresh} to refresh, ${served.create} to create, ${served.list} to the list), ${variants.length + listVariants().length} kinds`,
      mustBeZero: {
        'host crashes': host.exit() ? 1 : 0,
        '500 internal_error answers': tally.internalErrors,
        'answers outside 200/502/504': tally.unexpectedClass,
        'operations changed by a bad answer': tally.changed,
        ...comparison.counts,
      },
      info: {
        'answers by class': [...classes].map(([k, n]) => `${k} ×${n}`).join(', '),
        'answered ok to': [...acceptedKinds].join('; ') || 'none',
      },
      examples: [...examples, ...comparison.examples],
    },
  ];
}
