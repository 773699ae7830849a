// What a Caisse-AP request means and what the answers say: field formats, echoes, amounts,
// result codes, the basket number of a till's request, and the listener's address rules.
import { describe, expect, it } from 'vitest';
import { chooseBasketNumber, generatedBasketNumber } from '../../electron/caisse-ap/basket';
import {
  answerFields,
  authorisationNumber,
  echoOf,
  encodeAnswer,
  formatAmount,
  readRequest,
  resultCode,
  type TillRequest,
} from '../../electron/caisse-ap/messages';
import { isAllowed, parseAllowList, parseListenAddress } from '../../electron/caisse-ap/options';
import { decodeFields, MAX_ANSWER_BYTES, type Field } from '../../electron/caisse-ap/protocol';
import { BASKET_NUMBER_PATTERN } from '../../electron/common/platform-api';

const REQUIRED: Field[] = [
  { tag: 'CZ', value: '0320' },
  { tag: 'CJ', value: '012345678901' },
  { tag: 'CA', value: '07' },
  { tag: 'CB', value: '002000' },
  { tag: 'CD', value: '0' },
  { tag: 'CE', value: '978' },
];

function with_(...extra: Field[]): Field[] {
  const tags = new Set(extra.map((f) => f.tag));
  return [...REQUIRED.filter((f) => !tags.has(f.tag)), ...extra];
}

function request(...extra: Field[]): TillRequest {
  const read = readRequest(with_(...extra));
  if (!read.ok) throw new Error(read.detail);
  return read.request;
}

describe('reading a request', () => {
  it('gives the action, the amount in cents and the options', () => {
    const r = request({ tag: 'BA', value: '1' }, { tag: 'BF', value: '0' }, { tag: 'ZZ', value: 'x' });
    expect(r).toMatchObject({ action: 'debit', amount: 2000, currency: '978', answerAtOnce: true, partialAccepted: false, unknownTags: ['ZZ'] });
    expect(request().partialAccepted).toBeNull();
    expect(request({ tag: 'CD', value: 'I' }).action).toBe('identification');
    expect(request({ tag: 'CD', value: '1' }).action).toBe('credit');
    expect(request({ tag: 'CD', value: '2' }).action).toBe('cancellation');
  });

  it.each([
    ['CZ', '03', 'CZ'],
    ['CJ', '01234567890', 'CJ'],
    ['CJ', '01234567890A', 'CJ'],
    ['CA', '1', 'CA'],
    ['CB', '5', 'CB'],
    ['CB', '12.5', 'CB'],
    ['CB', '1234567890123', 'CB'],
    ['CD', '3', 'CD'],
    ['CE', 'EUR', 'CE'],
    ['BA', '2', 'BA'],
    ['BF', 'O', 'BF'],
    ['CC', '00c', 'CC'],
    ['CK', 'ABCD', 'CK'],
  ])('refuses %s=%j', (tag, value, field) => {
    const read = readRequest(with_({ tag, value }));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.detail).toMatch(new RegExp(`^${field}:`));
  });
});

describe('answers', () => {
  const echo = request({ tag: 'BF', value: '1' }).tags;

  it('starts with CZ, echoes CA/CD/CE/BF, and gives the amount paid as wide as the request', () => {
    const fields = answerFields(echo, { kind: 'done', amountPaid: 1500, authorisation: 'A1B2C3D4' });
    expect(fields).toEqual([
      { tag: 'CZ', value: '0320' },
      { tag: 'CA', value: '07' },
      { tag: 'CD', value: '0' },
      { tag: 'CE', value: '978' },
      { tag: 'CB', value: '001500' },
      { tag: 'BF', value: '1' },
      { tag: 'AE', value: '10' },
      { tag: 'CC', value: '000' },
      { tag: 'CI', value: '0' },
      { tag: 'AC', value: 'A1B2C3D4' },
    ]);
  });

  it('says why an operation was not done, echoing the amount asked', () => {
    const text = encodeAnswer(echo, { kind: 'not_done', reason: 'timeout' });
    expect(decodeFields(text)).toEqual(
      expect.arrayContaining([
        { tag: 'CB', value: '002000' },
        { tag: 'AE', value: '01' },
        { tag: 'AF', value: '08' },
      ]),
    );
    expect(text).not.toContain('AC0');
  });

  it.each([
    [{ kind: 'done', amountPaid: 1, authorisation: null }, '10'],
    [{ kind: 'identification' }, '10'],
    [{ kind: 'taken_into_account' }, '11'],
    [{ kind: 'not_done', reason: 'refused' }, '01-04'],
    [{ kind: 'not_done', reason: 'busy' }, '01-07'],
    [{ kind: 'not_done', reason: 'timeout' }, '01-08'],
    [{ kind: 'not_done', reason: 'bad_format' }, '01-09'],
    [{ kind: 'not_done', reason: 'operator_abandon' }, '01-11'],
    [{ kind: 'not_done', reason: 'unknown_action' }, '01-12'],
    [{ kind: 'not_done', reason: 'currency_not_supported' }, '01-13'],
  ] as const)('records %j as %s', (result, code) => {
    expect(resultCode(result)).toBe(code);
    const answer = decodeFields(encodeAnswer(echo, result))!;
    expect(answer[0]!.tag).toBe('CZ');
    expect(answer.find((f) => f.tag === 'AE')!.value).toBe(code.slice(0, 2));
  });

  it('echoes only the well-formed fields of a malformed request, with a default version', () => {
    const fields = [
      { tag: 'CJ', value: 'x' },
      { tag: 'CA', value: '01' },
      { tag: 'CE', value: '97' },
      { tag: 'CB', value: '1000' },
    ];
    expect(echoOf(fields)).toEqual({ CA: '01', CB: '1000' });
    expect(encodeAnswer(echoOf(fields), { kind: 'not_done', reason: 'bad_format' })).toBe('CZ0040300CA00201CB0041000AE00201AF00209');
  });

  it('never writes an answer over 1024 bytes', () => {
    const widest = request({ tag: 'CB', value: '999999999999' }, { tag: 'BF', value: '1' }).tags;
    for (const result of [
      { kind: 'done', amountPaid: 999_999_999_999, authorisation: 'ABCDEFGH' },
      { kind: 'not_done', reason: 'bad_format' },
    ] as const) {
      expect(encodeAnswer(widest, result).length).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
    }
  });

  it('formats cents with at least 2 digits', () => {
    expect(formatAmount(5)).toBe('05');
    expect(formatAmount(2000, '0000001234')).toBe('0000002000');
    expect(() => formatAmount(1.5)).toThrow();
  });

  it('makes an authorisation number from the platform id', () => {
    expect(authorisationNumber('76883105-aa9e-4df3-87a5-c906661d3c4a')).toBe('661D3C4A');
    expect(authorisationNumber('ab-12')).toBeNull();
    expect(authorisationNumber(null)).toBeNull();
  });
});

describe('the basket number of a till request', () => {
  it('takes CF when it is a valid basket number, else CH', () => {
    expect(chooseBasketNumber(request({ tag: 'CF', value: 'REF253' }), new Date())).toEqual({ source: 'till', basketNumber: 'REF253' });
    expect(chooseBasketNumber(request({ tag: 'CF', value: 'ticket 12' }, { tag: 'CH', value: 'T-12' }))).toEqual({
      source: 'till',
      basketNumber: 'T-12',
    });
  });

  it('makes one up from the register number and the Paris time otherwise, and says what could not serve', () => {
    const at = new Date('2026-07-14T10:05:09Z'); // 12:05:09 in Paris (summer time)
    expect(chooseBasketNumber(request(), at)).toEqual({ source: 'generated', basketNumber: 'CAP-07-260714120509', unusable: null });
    expect(chooseBasketNumber(request({ tag: 'CF', value: 'x'.repeat(21) }), at)).toMatchObject({ source: 'generated', unusable: 'x'.repeat(21) });
    const odd = generatedBasketNumber(' /', new Date('2026-01-05T23:30:00Z')); // 00:30 the next day in Paris (winter)
    expect(odd).toBe('CAP-00-260106003000');
    expect(odd).toMatch(BASKET_NUMBER_PATTERN);
  });
});

describe('listener settings', () => {
  it('parses HOST:PORT', () => {
    expect(parseListenAddress('127.0.0.1:8888')).toEqual({ host: '127.0.0.1', port: 8888 });
    expect(parseListenAddress('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(parseListenAddress('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
    for (const bad of ['127.0.0.1', ':8888', '127.0.0.1:70000', '[nothost]:80', 'a b:1']) expect(parseListenAddress(bad)).toBeNull();
  });

  it('parses an allow-list and matches IPv4 addresses seen through IPv6 sockets', () => {
    expect(parseAllowList('192.168.1.20, 10.0.0.5')).toEqual(['192.168.1.20', '10.0.0.5']);
    expect(parseAllowList('192.168.1.20,caisse')).toBeNull();
    expect(isAllowed('::ffff:10.0.0.5', ['10.0.0.5'])).toBe(true);
    expect(isAllowed('10.0.0.6', ['10.0.0.5'])).toBe(false);
    expect(isAllowed('10.0.0.6', [])).toBe(true);
  });
});
