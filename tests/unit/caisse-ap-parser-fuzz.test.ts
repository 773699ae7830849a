// Property tests of the Caisse-AP parser: random bytes and mutated requests never make it throw,
// the way bytes are split into chunks never changes what it reads, and any well-formed request
// it is given comes back field for field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiBytes, encodeFields, MAX_REQUEST_BYTES, parseMessage, RequestParser, type Field, type ParseStatus } from '../../electron/caisse-ap/protocol';

const RUNS = { numRuns: 300 };
const STATES = new Set(['reading', 'complete_if_quiet', 'complete', 'invalid']);

/** Feeds bytes cut at the given points, then ends the message. */
function parseInChunks(bytes: Uint8Array, cuts: number[]): { status: ParseStatus; fields: readonly Field[]; bytesRead: number } {
  const parser = new RequestParser();
  let from = 0;
  let status: ParseStatus = { state: 'reading' };
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b).concat(bytes.length)) {
    status = parser.push(bytes.subarray(from, cut));
    from = cut;
  }
  if (status.state !== 'invalid') status = parser.finish();
  return { status, fields: parser.fields(), bytesRead: parser.bytesRead };
}

const tag = fc.stringMatching(/^[A-Z]{2}$/);
const value = fc.stringMatching(/^[\x20-\x7e]{1,40}$/);
const requiredFields = fc.record({
  CJ: fc.stringMatching(/^\d{12}$/),
  CA: fc.stringMatching(/^[\x20-\x7e]{2}$/),
  CB: fc.stringMatching(/^\d{2,12}$/),
  CD: fc.constantFrom('0', '1', '2', 'I'),
  CE: fc.stringMatching(/^\d{3}$/),
});
/** A well-formed request: CZ first, the other required tags and a few optional ones in any order. */
const wellFormed = fc
  .tuple(
    fc.stringMatching(/^\d{4}$/),
    requiredFields,
    fc.uniqueArray(fc.tuple(tag, value), { selector: ([t]) => t, maxLength: 6 }),
    fc.integer({ min: 0, max: 1_000_000 }),
  )
  .map(([version, required, optional, seed]) => {
    const others: Field[] = [
      ...Object.entries(required).map(([t, v]) => ({ tag: t, value: v })),
      ...optional.filter(([t]) => !['CZ', 'CJ', 'CA', 'CB', 'CD', 'CE'].includes(t)).map(([t, v]) => ({ tag: t, value: v })),
    ];
    // A deterministic shuffle from the seed, so fast-check can shrink it.
    const shuffled = others
      .map((field, i) => ({ field, key: (seed * (i + 7919)) % 104729 }))
      .sort((a, b) => a.key - b.key)
      .map((entry) => entry.field);
    return [{ tag: 'CZ', value: version }, ...shuffled];
  });

describe('the Caisse-AP parser under random input', () => {
  it('never throws on random bytes, always ends in a known state, and never reads past the limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6000 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        const { status, bytesRead } = parseInChunks(bytes, cuts);
        expect(STATES.has(status.state)).toBe(true);
        expect(status.state === 'complete' || status.state === 'invalid').toBe(true);
        expect(bytesRead).toBeLessThanOrEqual(MAX_REQUEST_BYTES + 1);
      }),
      RUNS,
    );
  });

  it('reads any well-formed request back field for field, however it is cut', () => {
    fc.assert(
      fc.property(wellFormed, fc.array(fc.nat(), { maxLength: 10 }), fc.constantFrom('', '\r\n', '\n'), (fields, cuts, ending) => {
        const bytes = asciiBytes(encodeFields(fields) + ending);
        const whole = parseMessage(bytes);
        expect(whole.status).toEqual({ state: 'complete' });
        expect(whole.fields).toEqual(fields);
        expect(parseInChunks(bytes, cuts)).toMatchObject({ status: { state: 'complete' }, fields });
      }),
      RUNS,
    );
  });

  it('gives the same verdict for a mutated request whether it comes whole or in chunks', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), byte: fc.constant(0) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    );
    fc.assert(
      fc.property(wellFormed, fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 6 }), (fields, mutations, cuts) => {
        let bytes = Array.from(asciiBytes(encodeFields(fields)));
        for (const m of mutations) {
          const at = m.at % (bytes.length + 1);
          if (m.kind === 'flip' && at < bytes.length) bytes[at] = m.byte;
          else if (m.kind === 'delete') bytes.splice(at, 1);
          else if (m.kind === 'insert') bytes.splice(at, 0, m.byte);
        }
        const frame = Uint8Array.from(bytes);
        const whole = parseInChunks(frame, []);
        const chunked = parseInChunks(frame, cuts);
        expect(chunked.status).toEqual(whole.status);
        expect(chunked.fields).toEqual(whole.fields);
      }),
      RUNS,
    );
  });
});
