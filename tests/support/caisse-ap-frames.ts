// What the Caisse-AP fuzzers send: well-formed requests to start from, mutations of them, and
// a frame cut into the pieces a till's TCP writes may arrive in.
import fc from 'fast-check';
import { asciiBytes, encodeFields } from '../../electron/caisse-ap/protocol';

/** A debit with every usual tag, one cut short, and one with the tags in another order. */
export const VALID_FRAMES = [
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
] as const;

/** One of `frames` with a few bytes flipped, deleted, inserted or a run repeated at the end. */
export function mutatedFrame(frames: readonly string[], mutations: { minLength: number; maxLength: number }): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      fc.constantFrom(...frames),
      fc.array(fc.tuple(fc.constantFrom('flip', 'delete', 'insert', 'duplicate'), fc.nat(), fc.integer({ min: 0, max: 255 })), mutations),
    )
    .map(([text, changes]) => {
      let bytes = Array.from(asciiBytes(text));
      for (const [kind, position, byte] of changes) {
        const at = position % (bytes.length + 1);
        if (kind === 'flip' && at < bytes.length) bytes[at] = byte;
        else if (kind === 'delete') bytes.splice(at, 1);
        else if (kind === 'insert') bytes.splice(at, 0, byte);
        else if (kind === 'duplicate') bytes = bytes.concat(bytes.slice(at, at + 12));
      }
      return Uint8Array.from(bytes);
    });
}

/** `bytes` cut at the given points (taken modulo its length), in order, no empty piece. */
export function cutInto(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}
