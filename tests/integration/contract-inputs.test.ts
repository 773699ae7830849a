// Inputs at the edge of the contract, over the local API: every one is either answered right or
// refused with 400 bad_request, never a 500, and never another day's figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisDay } from '../../electron/common/dates';
import type { CoreCompanion } from '../../electron/core/companion';
import { startHttpHost, type RunningHttpHost } from '../../electron/host/http-host';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { createPayment, loginDemo, operationCount, startTestCompanion, tempDir } from '../support/companion';

const CASHIER = 'cashier-token-for-tests';

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let companion: CoreCompanion;
let host: RunningHttpHost;
let createdAt: string;

beforeAll(async () => {
  dir = tempDir('cvc-inputs-');
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  host = await startHttpHost({ companion, cashierToken: CASHIER, displayToken: 'display-token-for-tests' });
  await loginDemo(companion);
  createdAt = (await createPayment(companion, { amount: 2000, basketNumber: 'EDGE-1', label: 'Emplacement 12' })).createdAt;
});

afterAll(async () => {
  await host.close();
  await companion.close();
  await sandbox.close();
  dir.remove();
});

async function call(channel: string, input: unknown) {
  const response = await fetch(`${host.url}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CASHIER}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** An instant written with another UTC offset (same instant, other text). */
function withOffset(instant: string, offsetMinutes: number): string {
  const shifted = new Date(Date.parse(instant) + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

describe('operations.list', () => {
  it('refuses a search with a control character (a NUL broke the text index query) and writes nothing', async () => {
    const before = operationCount(companion.dbFile);
    for (const query of ['abc\u0000', 'EDGE\u0000', 'a\u0007b']) {
      const answer = await call('operations.list', { query });
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(answer.body).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'query' } } });
    }
    expect(operationCount(companion.dbFile)).toBe(before);
  });

  it('compares instants, not their text: an offset finds what Z finds', async () => {
    const from = new Date(Date.parse(createdAt) - 60_000).toISOString();
    const to = new Date(Date.parse(createdAt) + 60_000).toISOString();
    const inZ = await call('operations.list', { from, to });
    expect(inZ.body.value.items).toHaveLength(1);
    for (const offset of [14 * 60, -12 * 60, 2 * 60, 5 * 60 + 30]) {
      const answer = await call('operations.list', { from: withOffset(from, offset), to: withOffset(to, offset) });
      expect(answer.status).toBe(200);
      expect(answer.body.value.items.map((op: { id: string }) => op.id), `offset ${offset}`).toEqual(
        inZ.body.value.items.map((op: { id: string }) => op.id),
      );
    }
  });

  it('takes a Paris day for from and to: from its start, to its end', async () => {
    const today = parisDay(createdAt);
    const day = await call('operations.list', { from: today, to: today });
    expect(day.status).toBe(200);
    expect(day.body.value.items).toHaveLength(1);
    const yesterday = parisDay(new Date(Date.parse(createdAt) - 86_400_000));
    const before = await call('operations.list', { to: yesterday });
    expect(before.body.value.items).toHaveLength(0);
    const tomorrow = parisDay(new Date(Date.parse(createdAt) + 86_400_000));
    expect((await call('operations.list', { from: tomorrow })).body.value.items).toHaveLength(0);
  });

  it('refuses days and instants that do not exist', async () => {
    for (const from of ['2026-02-30', '2026-13-45', '2026-02-29', '2026-02-30T10:00:00Z', 'yesterday']) {
      const answer = await call('operations.list', { from });
      expect(answer.status, from).toBe(400);
      expect(answer.body).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'from' } } });
    }
  });
});

describe('operations.summary', () => {
  it('refuses days that do not exist instead of totalling another day', async () => {
    for (const day of ['2026-02-30', '2026-13-45', '2025-02-29', '2026-00-10', '9999-12-31', '0000-01-01']) {
      const answer = await call('operations.summary', { day });
      expect(answer.status, day).toBe(400);
      expect(answer.body).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'day' } } });
    }
  });

  it('still totals real days, leap days included', async () => {
    const today = await call('operations.summary', { day: parisDay(createdAt) });
    expect(today.body.value.total).toMatchObject({ count: 1, amountRequested: 2000 });
    const leap = await call('operations.summary', { day: '2028-02-29' });
    expect(leap.status).toBe(200);
    expect(leap.body.value).toMatchObject({ day: '2028-02-29', from: '2028-02-28T23:00:00.000Z', to: '2028-02-29T23:00:00.000Z' });
  });
});

describe('texts of a payment request', () => {
  it('refuses bidirectional controls and line or paragraph separators, and writes nothing', async () => {
    const before = operationCount(companion.dbFile);
    const cases: Array<[string, string]> = [
      ['label', 'Total \u202E0001 €'],
      ['label', 'ligne 1\u2028ligne 2'],
      ['customerReference', 'Mar\u2029tin'],
      ['sellerId', 'vendeur\u2066x\u2069'],
      ['label', 'a\u200Fb'],
    ];
    for (const [field, text] of cases) {
      const answer = await call('payments.create', { amount: 100, basketNumber: 'BIDI-1', [field]: text });
      expect(answer.status, JSON.stringify(text)).toBe(400);
      expect(answer.body).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field } } });
    }
    expect(operationCount(companion.dbFile)).toBe(before);
    // Accents, apostrophes and € stay welcome.
    const fine = await call('payments.create', { amount: 100, basketNumber: 'BIDI-2', label: 'Séjour d’été — 12 €' });
    expect(fine.status).toBe(200);
  });
});

describe('an input seen before', () => {
  it('is answered the same again, and a look-alike of another type is still refused', async () => {
    // The validated form of a flat input is kept for the next identical call: it must never let
    // through an input that differs, however little, nor be changed by a call that used it.
    const first = await call('operations.list', { status: 'pending', limit: 5, query: 'EDGE' });
    expect(first.status).toBe(200);
    expect(first.body.value.items.map((op: { basketNumber: string }) => op.basketNumber)).toEqual(['EDGE-1']);
    const again = await call('operations.list', { status: 'pending', limit: 5, query: 'EDGE' });
    expect(again.body).toEqual(first.body);

    for (const lookalike of [
      { status: 'pending', limit: '5', query: 'EDGE' },
      { status: 'pending', limit: 5, query: 'EDGE', extra: true },
      { status: 'pending', limit: 5.5, query: 'EDGE' },
      { status: 'Pending', limit: 5, query: 'EDGE' },
    ]) {
      const answer = await call('operations.list', lookalike);
      expect(answer.status, JSON.stringify(lookalike)).toBe(400);
      expect(answer.body).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    // The same fields in another channel are that channel's to judge.
    expect((await call('payments.get', { status: 'pending', limit: 5, query: 'EDGE' })).status).toBe(400);

    // Trimmed and defaulted as the schema says, whether seen before or not.
    const padded = await call('operations.list', { status: 'pending', query: '  EDGE  ' });
    const paddedAgain = await call('operations.list', { status: 'pending', query: '  EDGE  ' });
    expect(padded.body.value.items.map((op: { basketNumber: string }) => op.basketNumber)).toEqual(['EDGE-1']);
    expect(paddedAgain.body).toEqual(padded.body);
  });
});
