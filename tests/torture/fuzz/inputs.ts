// Inputs for the local API, per channel: a valid input of the channel's shape, then most often
// bent (a field set to something nasty, dropped, an unknown field added, the whole body replaced)
// or sent raw (invalid JSON, another content type, an empty or oversized body). Valid inputs are
// kept harmless: no real login, no Caisse-AP listener opened by a settings change.
import fc from 'fast-check';
import type { Channel } from '../../../electron/common/contract';

export type FuzzInput =
  | { kind: 'json'; value: unknown; note: string }
  | { kind: 'raw'; body: string; contentType: string; note: string };

/** Values that have broken parsers, SQL and screens before. */
const nastyText = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'abc\u0000',
  '\u202e',
  'a\u2028b',
  '\u2029',
  '\ud800',
  '\ufeff',
  '😀'.repeat(30),
  'a'.repeat(51),
  'a'.repeat(201),
  "' OR 1=1 --",
  '"',
  '%',
  '_',
  '\\',
  '*',
  'NEAR(a b)',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'NaN',
  '1e309',
  '-0',
  '0x10',
  '１２３',
  '٣',
  '2026-02-30',
  '2026-13-45',
  '9999-12-31',
  '0000-01-01',
  '2026-11-26T10:00:00+14:00',
  '2026-11-26T10:00:00',
  '2026-11-26',
  'null',
  '__proto__',
);
const nastyNumber = fc.constantFrom(0, -1, 1, 1.5, -0.5, 1e21, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1_000_000, 1_000_001, 201, -1e-7);
const nastyOther = fc.constantFrom<unknown>(true, false, null, [], {}, [1], { a: 1 }, { __proto__: { x: 1 } }, [[[[[]]]]]);

export const nasty: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyText, weight: 4 },
  { arbitrary: nastyNumber, weight: 2 },
  { arbitrary: nastyOther, weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
);

const basket = fc.stringMatching(/^[A-Za-z0-9_-]{1,18}$/).map((b) => `FZ${b}`.slice(0, 20));
const day = fc
  .tuple(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const instant = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const text = (max: number) => fc.string({ unit: 'grapheme-ascii', maxLength: max });

type Base = (id: fc.Arbitrary<string>) => fc.Arbitrary<Record<string, unknown>>;

const nothing: Base = () => fc.constant({});
const byId: Base = (id) => fc.record({ id });

/**
 * A valid input of each channel this file knows, harmless to send. A channel added to the contract
 * later is fuzzed at once from a generic base (no input, or an id) rather than failing the type
 * check: the contract grows on other branches, and its new channels deserve the fuzz too.
 */
const BASES: Record<string, Base> = {
  // Never the demo merchant: an unknown convention number costs no wrong-password count.
  'session.login': () => fc.record({ conventionNumber: fc.stringMatching(/^9\d{11}$/), password: text(40).filter((p) => p.length > 0) }),
  'session.logout': nothing,
  'session.get': nothing,
  'settings.get': nothing,
  'display.pairing': nothing,
  'payments.create': (id) =>
    fc.record(
      {
        amount: fc.integer({ min: 1, max: 1_000_000 }),
        basketNumber: basket,
        label: text(50),
        customerReference: text(50),
        sellerId: text(20),
        followUpOf: id,
      },
      { requiredKeys: ['amount', 'basketNumber'] },
    ),
  'payments.get': byId,
  'payments.refresh': byId,
  'payments.cancel': byId,
  'operations.list': () =>
    fc.record(
      {
        status: fc.constantFrom('all', 'pending', 'validated', 'cancelled', 'expired', 'failed'),
        query: text(50),
        from: instant,
        to: instant,
        limit: fc.integer({ min: 1, max: 200 }),
        cursor: fc.base64String({ maxLength: 60 }),
      },
      { requiredKeys: [] },
    ),
  'operations.summary': () => fc.record({ day }, { requiredKeys: [] }),
  'settings.update': () =>
    fc.record(
      {
        language: fc.constantFrom('fr', 'en'),
        tillId: fc.stringMatching(/^[a-z0-9 _.-]{1,20}$/),
        customerDisplay: fc.record({ finalStatusSeconds: fc.integer({ min: 1, max: 120 }) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
};

/** `ids` are operation ids seen so far. */
function validInput(channel: Channel, ids: () => string[]): fc.Arbitrary<Record<string, unknown>> {
  const id = fc.oneof(fc.uuid(), fc.constant('x'), fc.nat().map((n) => ids()[n % Math.max(1, ids().length)] ?? 'none'));
  const base = BASES[channel];
  return base ? base(id) : fc.oneof(nothing(id), byId(id));
}

/** Settings the fuzz must never turn on for real: a Caisse-AP listener on a real port. */
function harmless(channel: Channel, value: unknown): boolean {
  if (channel !== 'settings.update' || !value || typeof value !== 'object') return true;
  const caisseAp = (value as { caisseAp?: unknown }).caisseAp;
  return !(caisseAp && typeof caisseAp === 'object' && (caisseAp as { enabled?: unknown }).enabled === true);
}

export function channelInputs(channel: Channel, ids: () => string[]): fc.Arbitrary<FuzzInput> {
  const valid = validInput(channel, ids);
  const json = (value: unknown, note: string): FuzzInput => ({ kind: 'json', value, note });
  const bent = fc.oneof(
    { arbitrary: valid.map((v) => json(v, 'valid')), weight: 2 },
    {
      arbitrary: fc.tuple(valid, fc.nat(), nasty).map(([v, at, value]) => {
        const keys = Object.keys(v);
        const key = keys.length ? keys[at % keys.length]! : 'field';
        return json({ ...v, [key]: value }, `${key} set to a nasty value`);
      }),
      weight: 4,
    },
    {
      arbitrary: fc.tuple(valid, fc.nat()).map(([v, at]) => {
        const keys = Object.keys(v);
        if (!keys.length) return json(v, 'valid');
        const { [keys[at % keys.length]!]: _dropped, ...rest } = v;
        return json(rest, 'a field dropped');
      }),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(valid, fc.constantFrom('extra', 'constructor', 'prototype', '__proto__', 'amount ', 'AMOUNT'), nasty).map(([v, key, value]) =>
        json({ ...v, [key]: value }, 'an unknown field'),
      ),
      weight: 1,
    },
    { arbitrary: nasty.map((value) => json(value, 'the whole body nasty')), weight: 1 },
    {
      arbitrary: fc.constantFrom<FuzzInput>(
        { kind: 'raw', body: '{', contentType: 'application/json', note: 'truncated JSON' },
        { kind: 'raw', body: '{"a":1,"a":2}', contentType: 'application/json', note: 'duplicate keys' },
        { kind: 'raw', body: 'amount=1', contentType: 'application/x-www-form-urlencoded', note: 'a form' },
        { kind: 'raw', body: '{}', contentType: 'text/plain', note: 'text/plain' },
        { kind: 'raw', body: '', contentType: 'application/json', note: 'empty body' },
        { kind: 'raw', body: `{"x":"${'a'.repeat(20_000)}"}`, contentType: 'application/json', note: 'over the body limit' },
        { kind: 'raw', body: '[]'.padStart(5_000, '['), contentType: 'application/json', note: 'deep nesting' },
        { kind: 'raw', body: '\u0000\u0001\u0002', contentType: 'application/json', note: 'binary' },
        { kind: 'raw', body: '{"amount":1e999,"basketNumber":"FZINF"}', contentType: 'application/json', note: 'an infinite number' },
      ),
      weight: 1,
    },
  );
  return bent.filter((input) => input.kind === 'raw' || harmless(channel, input.value));
}

/** Inputs each channel must refuse (400) whatever else happens: named by what the contract promises. */
export const MUST_REFUSE: ReadonlyArray<{ channel: Channel; value: unknown; why: string }> = [
  { channel: 'payments.create', value: { amount: 1_000, basketNumber: 'FZBIDI1', label: 'Emplacement \u202e21' }, why: 'U+202E in a label' },
  { channel: 'payments.create', value: { amount: 1_000, basketNumber: 'FZBIDI2', customerReference: 'Famille\u2028Martin' }, why: 'U+2028 in a customer reference' },
  { channel: 'payments.create', value: { amount: 1_000, basketNumber: 'FZBIDI3', sellerId: 'a\u202eb' }, why: 'U+202E in a seller id' },
  { channel: 'payments.create', value: { amount: 1_000, basketNumber: 'FZBIDI4', label: 'a\u2029b' }, why: 'U+2029 in a label' },
  { channel: 'operations.summary', value: { day: '2026-02-30' }, why: 'a day that does not exist (30 February)' },
  { channel: 'operations.summary', value: { day: '2026-13-45' }, why: 'a day that does not exist (month 13)' },
  { channel: 'operations.summary', value: { day: '2026-04-31' }, why: 'a day that does not exist (31 April)' },
  { channel: 'operations.summary', value: { day: '2026-00-10' }, why: 'a day that does not exist (month 0)' },
];

/** Inputs that must be answered below 500 (refused or served), never an internal error. */
export const MUST_NOT_FAIL: ReadonlyArray<{ channel: Channel; value: unknown; why: string }> = [
  { channel: 'operations.list', value: { query: 'abc\u0000' }, why: 'a NUL in the search' },
  { channel: 'operations.list', value: { query: '\u0000' }, why: 'only a NUL in the search' },
  { channel: 'operations.summary', value: { day: '9999-12-31' }, why: 'the last day of year 9999' },
  { channel: 'operations.summary', value: { day: '0000-01-01' }, why: 'the first day of year 0' },
];
