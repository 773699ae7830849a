// The Caisse-AP wire format: the incremental request parser (whole, chunked, byte by byte, every
// malformed case) and the encoder.
import { describe, expect, it } from 'vitest';
import {
  asciiBytes,
  decodeFields,
  describeBytes,
  encodeFields,
  MAX_REQUEST_BYTES,
  parseMessage,
  RequestParser,
  type ParseStatus,
} from '../../electron/caisse-ap/protocol';

const DEBIT = 'CZ0040300CJ012012345678901CA00201CD0010CE003978CB0042000';

function feed(parser: RequestParser, text: string | Uint8Array): ParseStatus {
  return parser.push(typeof text === 'string' ? asciiBytes(text) : text);
}

describe('reading a request', () => {
  it('reads the fields of a whole request in order', () => {
    const { status, fields } = parseMessage(asciiBytes(`${DEBIT}BF0011CF006REF253`));
    expect(status).toEqual({ state: 'complete' });
    expect(fields).toEqual([
      { tag: 'CZ', value: '0300' },
      { tag: 'CJ', value: '012345678901' },
      { tag: 'CA', value: '01' },
      { tag: 'CD', value: '0' },
      { tag: 'CE', value: '978' },
      { tag: 'CB', value: '2000' },
      { tag: 'BF', value: '1' },
      { tag: 'CF', value: 'REF253' },
    ]);
  });

  it('reads the same request one byte at a time, and is only "complete if quiet" between fields once the required tags are in', () => {
    const parser = new RequestParser();
    const frame = `${DEBIT}BA0011`;
    const states: string[] = [];
    for (const byte of asciiBytes(frame)) states.push(parser.push(Uint8Array.of(byte)).state);
    // Everything before the last byte of CB's value is still "reading"…
    expect(states.slice(0, DEBIT.length - 1).every((state) => state === 'reading')).toBe(true);
    // …the end of CB completes the required set, the BA field is read after it, and its end is a boundary again.
    expect(states[DEBIT.length - 1]).toBe('complete_if_quiet');
    expect(states.slice(DEBIT.length, -1).every((state) => state === 'reading')).toBe(true);
    expect(states.at(-1)).toBe('complete_if_quiet');
    expect(parser.finish()).toEqual({ state: 'complete' });
    expect(parser.fields().map((f) => f.tag)).toEqual(['CZ', 'CJ', 'CA', 'CD', 'CE', 'CB', 'BA']);
  });

  it('accepts and ignores a trailing CR/LF, CR or LF', () => {
    for (const ending of ['\r\n', '\n', '\r', '\r\n\r\n']) {
      const { status, fields } = parseMessage(asciiBytes(DEBIT + ending));
      expect(status).toEqual({ state: 'complete' });
      expect(fields).toHaveLength(6);
    }
  });

  it('keeps unknown tags as fields (the request decides what they mean)', () => {
    const { status, fields } = parseMessage(asciiBytes(`${DEBIT}ZZ003abcXY001 `));
    expect(status.state).toBe('complete');
    expect(fields.slice(-2)).toEqual([
      { tag: 'ZZ', value: 'abc' },
      { tag: 'XY', value: ' ' },
    ]);
  });

  it('counts the bytes it read', () => {
    const parser = new RequestParser();
    feed(parser, DEBIT.slice(0, 10));
    feed(parser, DEBIT.slice(10));
    expect(parser.bytesRead).toBe(DEBIT.length);
  });
});

describe('malformed requests', () => {
  const cases: Array<[string, string | Uint8Array, string]> = [
    ['a tag in lower case', 'CZ0040300cj012012345678901', 'bad_tag'],
    ['a tag with a digit', 'CZ0040300C1012012345678901', 'bad_tag'],
    ['length digits that are letters', 'CZ0040300CJ01a012345678901', 'bad_length'],
    ['a length of 000', 'CZ0040300CJ000', 'bad_length'],
    ['a first tag other than CZ', 'CJ012012345678901CZ0040300', 'first_tag_not_cz'],
    ['a duplicate tag', 'CZ0040300CA00201CA00202', 'duplicate_tag'],
    ['a non-ASCII byte', Uint8Array.from([...asciiBytes('CZ0040300CF003R'), 0xc3, 0xa9, 0x31]), 'non_ascii'],
    ['a control character in a value', Uint8Array.from([...asciiBytes('CZ0040300CF003R'), 0x00, 0x31]), 'control_character'],
    ['a CR/LF before the required tags', 'CZ0040300CJ012012345678901\r\n', 'missing_tag'],
    ['bytes after the trailing CR/LF', `${DEBIT}\r\nBA0011`, 'after_end'],
    ['a message over 4 KiB', `CZ0040300${['ZA', 'ZB', 'ZC', 'ZD', 'ZE'].map((tag) => `${tag}999${'x'.repeat(999)}`).join('')}`, 'too_long'],
  ];

  it.each(cases)('refuses %s at once', (_name, frame, problem) => {
    const parser = new RequestParser();
    const status = feed(parser, frame);
    expect(status).toMatchObject({ state: 'invalid', problem });
    // An invalid status is final: nothing read after it changes it.
    expect(feed(parser, DEBIT)).toEqual(status);
    expect(parser.finish()).toEqual(status);
  });

  it('refuses a length past the end when the message ends', () => {
    const parser = new RequestParser();
    expect(feed(parser, 'CZ0040300CJ012012345678901CA00201CD0010CE003978CB0102000')).toEqual({ state: 'reading' });
    expect(parser.finish()).toMatchObject({ state: 'invalid', problem: 'truncated', detail: expect.stringContaining('CB announces 10') });
  });

  it('refuses a message that stops inside a tag or its length', () => {
    expect(parseMessage(asciiBytes(`${DEBIT}B`)).status).toMatchObject({ problem: 'truncated' });
    expect(parseMessage(asciiBytes(`${DEBIT}BA00`)).status).toMatchObject({ problem: 'truncated' });
  });

  it('names the missing required tags when the message ends without them', () => {
    const { status, fields } = parseMessage(asciiBytes('CZ0040300CA00201CB0042000'));
    expect(status).toMatchObject({ state: 'invalid', problem: 'missing_tag', detail: 'missing CJ, CD, CE' });
    expect(fields.map((f) => f.tag)).toEqual(['CZ', 'CA', 'CB']);
  });

  it('stops counting at the first byte over the limit, whatever else comes', () => {
    const parser = new RequestParser();
    const status = feed(parser, new Uint8Array(64 * 1024).fill(0x41));
    expect(status.state).toBe('invalid');
    expect(parser.bytesRead).toBeLessThanOrEqual(MAX_REQUEST_BYTES + 1);
  });
});

describe('encoding', () => {
  it('writes tag, 3-digit length and value, and reads back the same fields', () => {
    const fields = [
      { tag: 'CZ', value: '0320' },
      { tag: 'CB', value: '2000' },
      { tag: 'CF', value: 'x'.repeat(120) },
    ];
    const text = encodeFields(fields);
    expect(text.startsWith('CZ0040320CB0042000CF120xxx')).toBe(true);
    expect(decodeFields(text)).toEqual(fields);
    expect(decodeFields(`${text}\r\n`)).toEqual(fields);
  });

  it('refuses what it cannot write', () => {
    expect(() => encodeFields([{ tag: 'cz', value: '1' }])).toThrow(/bad tag/);
    expect(() => encodeFields([{ tag: 'CF', value: '' }])).toThrow(/0 characters/);
    expect(() => encodeFields([{ tag: 'CF', value: 'x'.repeat(1000) }])).toThrow(/1000 characters/);
    expect(() => encodeFields([{ tag: 'CF', value: 'é' }])).toThrow(/printable ASCII/);
    expect(() => asciiBytes('é')).toThrow(/not ASCII/);
  });

  it('decodes only well-formed runs of fields', () => {
    expect(decodeFields('CZ0040300AE0021')).toBeNull();
    expect(decodeFields('CZ04')).toBeNull();
    expect(decodeFields('')).toEqual([]);
  });

  it('describes received bytes as printable text for the log', () => {
    expect(describeBytes(Uint8Array.from([0x43, 0x5a, 0x0d, 0x0a, 0x00, 0xff, 0x5c]))).toBe('CZ\\r\\n\\x00\\xff\\\\');
    expect(describeBytes(new Uint8Array(10).fill(0x41), 4)).toBe('AAAA…(+6 octets)');
  });
});
