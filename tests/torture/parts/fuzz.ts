// Fuzz, against one running host: Caisse-AP frames on its till port (logged out, so that nothing
// a till sends can create an operation), contract inputs on every channel of its local API
// (logged in), and malformed or inconsistent platform answers served by the fault proxy. No
// crash, no 500 on the local API, and an input or answer that is refused changes nothing.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { CHANNELS, type Channel } from '../../../electron/common/contract';
import { OPERATIONS_FILE } from '../../../electron/core/companion';
import { asciiBytes, encodeFields } from '../../../electron/caisse-ap/protocol';
import { sendTillRequest } from '../../../electron/caisse-ap/till-client';
import type { Check } from '../checks';
import { dataDir, draw, partSeed, type TortureContext } from '../context';
import { startFaultProxy, type FaultProxy } from '../fault-proxy';
import { channelInputs, MUST_NOT_FAIL, MUST_REFUSE, type FuzzInput } from '../fuzz-inputs';
import { loginThroughApi, startHost, type ApiAnswer, type TortureHost } from '../host-process';
import { settleAndCompare } from '../ledger';
import { listVariants, requestVariants, type MalformedVariant } from '../malformed-responses';
import { startPlatform, type TorturePlatform } from '../platform-process';

interface Rig {
  ctx: TortureContext;
  seed: number;
  platform: TorturePlatform;
  proxy: FaultProxy;
  host: TortureHost;
  logFile: string;
  /** A read-only view of the log, to see what each call changed. */
  log: Database.Database;
}

export async function tortureFuzz(ctx: TortureContext): Promise<Check[]> {
  const seed = partSeed(ctx, 'fuzz');
  const platform = await startPlatform(ctx, 'fuzz');
  const proxy = await startFaultProxy(platform.port);
  const dir = dataDir(ctx, 'fuzz');
  let host: TortureHost | null = null;
  let log: Database.Database | null = null;
  try {
    host = await startHost(ctx, { dataDir: dir, platformUrl: proxy.url, args: ['--caisse-ap', '127.0.0.1:0'], what: 'fuzz' });
    const logFile = join(dir, OPERATIONS_FILE);
    log = new Database(logFile, { readonly: true, fileMustExist: true });
    const rig: Rig = { ctx, seed, platform, proxy, host, logFile, log };
    const checks = [await fuzzFrames(rig)];
    const login = await loginThroughApi(host, ctx.password);
    if (login.body?.ok !== true) throw new Error(`login: ${JSON.stringify(login.body)}`);
    checks.push(...(await fuzzContract(rig)));
    checks.push(...(await fuzzPlatformAnswers(rig)));
    return checks;
  } finally {
    log?.close();
    for (const token of proxy.tokens) ctx.registry.tokens.add(token);
    await host?.stop();
    await proxy.close();
    await platform.stop();
  }
}

// ---- Caisse-AP frames ------------------------------------------------------------------------

const VALID_FRAMES = [
  encodeFields([
    { tag: 'CZ', value: '0300' },
    { tag: 'CJ', value: '012345678901' },
    { tag: 'CA', value: '01' },
    { tag: 'CD', value: '0' },
    { tag: 'CE', value: '978' },
    { tag: 'CB', value: '1000' },
    { tag: 'BF', value: '0' },
    { tag: 'CF', value: 'FUZZ-1' },
  ]),
  'CZ0040320CJ012012345678901CA00201CD001ICE003978CB00200',
  'CZ0040300CJ012012345678901CA00201CB0042000CD0010CE003978BA0011',
];

const mutatedFrame = fc
  .tuple(
    fc.constantFrom(...VALID_FRAMES),
    fc.array(fc.tuple(fc.constantFrom('flip', 'delete', 'insert', 'duplicate'), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 0, maxLength: 4 }),
  )
  .map(([text, mutations]) => {
    let bytes = Array.from(asciiBytes(text));
    for (const [kind, position, byte] of mutations) {
      const at = position % (bytes.length + 1);
      if (kind === 'flip' && at < bytes.length) bytes[at] = byte;
      else if (kind === 'delete') bytes.splice(at, 1);
      else if (kind === 'insert') bytes.splice(at, 0, byte);
      else bytes = bytes.concat(bytes.slice(at, at + 12));
    }
    return Uint8Array.from(bytes);
  });

const frame = fc.record({
  bytes: fc.oneof(
    { arbitrary: mutatedFrame, weight: 6 },
    { arbitrary: fc.uint8Array({ maxLength: 600 }), weight: 3 },
    { arbitrary: fc.uint8Array({ minLength: 4_000, maxLength: 20_000 }), weight: 1 },
  ),
  cuts: fc.array(fc.nat(), { maxLength: 4 }),
  // A till half-closes after its request, or goes quiet and waits: both are normal.
  halfClose: fc.oneof({ arbitrary: fc.constant(true), weight: 49 }, { arbitrary: fc.constant(false), weight: 1 }),
});

function cutInto(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

function count(db: Database.Database, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n;
}

async function fuzzFrames(rig: Rig): Promise<Check> {
  const { ctx, host } = rig;
  const frames = draw(frame, rig.seed, ctx.sizes.frames);
  const exchangesBefore = count(rig.log, 'SELECT count(*) AS n FROM till_exchanges');
  const sizeBefore = logBytes(rig.logFile);
  const tally = { answered: 0, closedSilently: 0, malformedAnswers: 0, hung: 0, refusedConnections: 0 };
  const examples: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < frames.length && !host.exit()) {
      const { bytes, cuts, halfClose } = frames[next++]!;
      if (next % 1_000 === 0) ctx.progress(`fuzz: ${next}/${frames.length} Caisse-AP frames`);
      try {
        const answer = await sendTillRequest({ port: host.caisseApPort!, chunks: cutInto(bytes, cuts), halfClose, timeoutMs: 20_000 });
        if (answer.ended === 'timeout') {
          tally.hung++;
          examples.push(`no end within 20 s: ${Buffer.from(bytes.subarray(0, 60)).toString('latin1')}`);
        } else if (answer.text === '') {
          tally.closedSilently++;
        } else if (answer.text.length > 1024 || answer.fields?.[0]?.tag !== 'CZ' || !['01', '10', '11'].includes(answer.get('AE') ?? '')) {
          tally.malformedAnswers++;
          examples.push(`malformed answer ${JSON.stringify(answer.text.slice(0, 80))}`);
        } else {
          tally.answered++;
        }
      } catch {
        tally.refusedConnections++;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const operations = count(rig.log, 'SELECT count(*) AS n FROM operations');
  const exchanges = count(rig.log, 'SELECT count(*) AS n FROM till_exchanges') - exchangesBefore;
  return {
    part: 'fuzz',
    name: 'Caisse-AP frames (logged out: nothing may be created)',
    ran: `${frames.length} frames (mutated requests, random bytes, 4–20 KB), in random pieces, 4 connections at a time`,
    mustBeZero: {
      'host crashes': host.exit() ? 1 : 0,
      'malformed answers': tally.malformedAnswers,
      'exchanges never ended': tally.hung,
      'operations created': operations,
    },
    info: {
      answered: tally.answered,
      'closed without an answer': tally.closedSilently,
      'connections refused': tally.refusedConnections,
      'exchange rows written': exchanges,
      'log file growth MB': Math.round((logBytes(rig.logFile) - sizeBefore) / 1e4) / 100,
    },
    examples,
  };
}

function logBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}

// ---- contract inputs -------------------------------------------------------------------------

/** What a refused input must leave as it was: the operations, their history, the till
 *  exchanges and the settings file. */
function fingerprint(rig: Rig): string {
  const row = rig.log
    .prepare(
      `SELECT (SELECT count(*) FROM operations) AS ops, (SELECT coalesce(max(seq), 0) FROM operation_events) AS events,
              (SELECT count(*) FROM till_exchanges) AS exchanges`,
    )
    .get() as { ops: number; events: number; exchanges: number };
  const settings = join(rig.host.dataDir, 'settings.json');
  const settingsHash = existsSync(settings) ? createHash('sha256').update(readFileSync(settings)).digest('hex') : 'none';
  return `${row.ops}/${row.events}/${row.exchanges}/${settingsHash}`;
}

async function send(host: TortureHost, channel: Channel, input: FuzzInput): Promise<ApiAnswer> {
  return input.kind === 'json'
    ? host.call(channel, input.value)
    : host.callRaw(channel, input.body, input.contentType);
}

/** A refusal of the input itself (schema, JSON, size, media type): nothing may change. */
function isRefusal(answer: ApiAnswer): boolean {
  return answer.status >= 400 && answer.status < 500 && answer.body?.error?.code === 'bad_request';
}

async function fuzzContract(rig: Rig): Promise<Check[]> {
  const { ctx, host } = rig;
  const ids: string[] = [];
  const perChannel: Array<{ channel: Channel; sent: number; refused: number; fiveHundreds: number; changedOnRefusal: number; unanswered: number }> = [];
  const examples: string[] = [];
  let relogins = 0;
  for (const [index, channel] of CHANNELS.entries()) {
    const inputs = draw(channelInputs(channel, () => ids), rig.seed + 1_000 + index, ctx.sizes.inputsPerChannel);
    const tally = { channel, sent: 0, refused: 0, fiveHundreds: 0, changedOnRefusal: 0, unanswered: 0 };
    ctx.progress(`fuzz: ${inputs.length} inputs on ${channel}`);
    for (const input of inputs) {
      if (host.exit()) break;
      const before = fingerprint(rig);
      tally.sent++;
      let answer: ApiAnswer;
      try {
        answer = await send(host, channel, input);
      } catch (error) {
        // The connection failed: the host died, or dropped the request without an answer.
        tally.unanswered++;
        if (examples.length < 30) examples.push(`${channel} (${input.note}) → no answer: ${String(error)}`);
        continue;
      }
      if (answer.status >= 500) {
        tally.fiveHundreds++;
        if (examples.length < 30) examples.push(`${channel} (${input.note}) → ${answer.status} ${answer.body?.error?.code ?? JSON.stringify(answer.body).slice(0, 80)}: ${JSON.stringify(input.kind === 'json' ? input.value : input.body).slice(0, 120)}`);
      }
      if (isRefusal(answer)) {
        tally.refused++;
        if (fingerprint(rig) !== before) {
          tally.changedOnRefusal++;
          if (examples.length < 30) examples.push(`${channel} refused but the log or settings changed: ${JSON.stringify(input.kind === 'json' ? input.value : input.body).slice(0, 120)}`);
        }
      }
      if (channel === 'payments.create' && answer.body?.ok === true) ids.push(answer.body.value.id);
      if (channel === 'session.logout' && answer.body?.ok === true) {
        relogins++;
        await loginThroughApi(host, ctx.password);
      }
    }
    perChannel.push(tally);
  }

  // Inputs the contract promises to refuse, and inputs that must never be an internal error.
  const oracle = { accepted: 0, fiveHundreds: 0, changed: 0 };
  const promises: string[] = [];
  for (const { channel, value, why } of MUST_REFUSE) {
    const before = fingerprint(rig);
    const answer = await host.call(channel, value);
    if (!isRefusal(answer)) {
      oracle.accepted++;
      promises.push(`must refuse ${why}: ${channel} answered ${answer.status} ${answer.body?.ok ? 'ok' : answer.body?.error?.code}`);
    }
    if (fingerprint(rig) !== before && !answer.body?.ok) oracle.changed++;
  }
  for (const { channel, value, why } of MUST_NOT_FAIL) {
    const answer = await host.call(channel, value);
    if (answer.status >= 500) {
      oracle.fiveHundreds++;
      promises.push(`${why}: ${channel} answered ${answer.status} ${answer.body?.error?.code}`);
    }
  }
  const offsets = await instantsWithOffsets(host, promises);

  const total = (key: 'sent' | 'refused' | 'fiveHundreds' | 'changedOnRefusal' | 'unanswered') => perChannel.reduce((sum, t) => sum + t[key], 0);
  const worst = perChannel.filter((t) => t.fiveHundreds > 0).map((t) => `${t.channel} ${t.fiveHundreds}`).join(', ');
  return [
    {
      part: 'fuzz',
      name: 'contract inputs through the local API',
      ran: `${total('sent')} inputs, ${ctx.sizes.inputsPerChannel} on each of ${CHANNELS.length} channels (${total('refused')} refused as bad_request)`,
      mustBeZero: {
        'host crashes': host.exit() ? 1 : 0,
        '5xx answers': total('fiveHundreds'),
        'requests without an answer': total('unanswered'),
        'changes by a refused input': total('changedOnRefusal'),
      },
      info: { ...(worst ? { '5xx by channel': worst } : {}), 'logins again after a fuzzed logout': relogins },
      examples,
    },
    {
      part: 'fuzz',
      name: 'contract promises: refused inputs, no internal errors, instants with an offset',
      ran: `${MUST_REFUSE.length} inputs to refuse, ${MUST_NOT_FAIL.length} inputs that must not fail, ${offsets.probes} instants with an offset`,
      mustBeZero: {
        'accepted though invalid': oracle.accepted,
        'changes by a refused input': oracle.changed,
        '5xx answers': oracle.fiveHundreds,
        'instants with an offset compared as text': offsets.wrong,
      },
      examples: promises,
    },
  ];
}

/** The same instant written with another offset must select the same operations. */
async function instantsWithOffsets(host: TortureHost, examples: string[]): Promise<{ probes: number; wrong: number }> {
  const created = await host.call('payments.create', { amount: 1_234, basketNumber: 'FZOFFSET' });
  if (created.body?.ok !== true) throw new Error(`payments.create FZOFFSET: ${JSON.stringify(created.body)}`);
  const at = Date.parse(created.body.value.createdAt);
  const withOffset = (ms: number, offsetMinutes: number) => {
    const shifted = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
    const sign = offsetMinutes >= 0 ? '+' : '-';
    const abs = Math.abs(offsetMinutes);
    return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  };
  const probes = [
    { input: { from: withOffset(at - 1, 14 * 60), query: 'FZOFFSET' }, found: true, what: 'from 1 ms before, at +14:00' },
    { input: { from: withOffset(at - 1, -12 * 60), query: 'FZOFFSET' }, found: true, what: 'from 1 ms before, at -12:00' },
    { input: { to: withOffset(at + 1, -12 * 60), query: 'FZOFFSET' }, found: true, what: 'to 1 ms after, at -12:00' },
    { input: { to: withOffset(at + 1, 14 * 60), query: 'FZOFFSET' }, found: true, what: 'to 1 ms after, at +14:00' },
    { input: { from: withOffset(at + 1, 14 * 60), query: 'FZOFFSET' }, found: false, what: 'from 1 ms after, at +14:00' },
    { input: { to: withOffset(at - 1, -12 * 60), query: 'FZOFFSET' }, found: false, what: 'to 1 ms before, at -12:00' },
  ];
  let wrong = 0;
  for (const probe of probes) {
    const answer = await host.call('operations.list', probe.input);
    const found = answer.body?.ok === true && (answer.body.value.items as Array<{ basketNumber: string }>).some((op) => op.basketNumber === 'FZOFFSET');
    if (found !== probe.found) {
      wrong++;
      examples.push(`offset: ${probe.what} ${probe.found ? 'missed' : 'found'} the operation (${answer.status})`);
    }
  }
  return { probes: probes.length, wrong };
}

// ---- malformed platform answers --------------------------------------------------------------

interface RowState {
  status: string;
  amount_received_cents: number;
  platform_id: string | null;
}

function rowState(rig: Rig, id: string): RowState | undefined {
  return rig.log.prepare('SELECT status, amount_received_cents, platform_id FROM operations WHERE id = ?').get(id) as RowState | undefined;
}

async function fuzzPlatformAnswers(rig: Rig): Promise<Check[]> {
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
