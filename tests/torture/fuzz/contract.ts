// Inputs on every channel of the local API (logged in), then the inputs the contract promises to
// refuse or to serve without an internal error, and instants written with another offset. No
// 5xx, and an input refused as bad_request changes nothing (operations, history, till
// exchanges, settings file).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNELS, type Channel } from '../../../electron/common/contract';
import type { Check } from '../checks';
import { draw } from '../context';
import { loginThroughApi, type ApiAnswer, type TortureHost } from '../host-process';
import { channelInputs, MUST_NOT_FAIL, MUST_REFUSE, type FuzzInput } from './inputs';
import type { FuzzRig as Rig } from './rig';

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

export async function fuzzContract(rig: Rig): Promise<Check[]> {
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
