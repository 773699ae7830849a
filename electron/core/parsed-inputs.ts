// Every input is validated by its channel's schema. A flat input of a few plain values (a page of
// the operations list, an id, a day) comes back again and again, so the last few validated forms
// of each channel are kept with the input that gave them, and an input equal field for field to
// one of them is answered with a copy of its validated form, without running zod again. On a
// nearly empty page of the list (a few microseconds of SQL), zod's run and building a text key to
// look the input up each cost about as much as the SQL's tenth.
import { parseInput, type Channel, type ParsedInput } from '../common/contract';

/** Inputs kept per channel: a screen asks the same few pages, a till the same few ids. */
const KEPT_PER_CHANNEL = 8;

type Flat = Record<string, string | number | boolean | null>;

interface Kept {
  input: Flat;
  fields: number;
  value: Flat;
}

export class ParsedInputs {
  private readonly kept = new Map<Channel, Kept[]>();

  parse<C extends Channel>(channel: C, raw: unknown): ReturnType<typeof parseInput<C>> {
    const kept = this.kept.get(channel);
    if (kept !== undefined && isPlainObject(raw)) {
      for (const entry of kept) {
        if (sameFields(entry, raw)) return { ok: true, value: { ...entry.value } as ParsedInput<C> };
      }
    }
    const parsed = parseInput(channel, raw);
    // Kept only when every own field is seen by the comparison (none hidden from enumeration).
    if (parsed.ok && isPlainObject(raw) && Object.getOwnPropertyNames(raw).length === Object.keys(raw).length) {
      const input = flatCopy(raw);
      const value = flatCopy(parsed.value);
      if (input && value) this.keep(channel, { input, fields: Object.keys(input).length, value });
    }
    return parsed;
  }

  private keep(channel: Channel, entry: Kept): void {
    let kept = this.kept.get(channel);
    if (!kept) this.kept.set(channel, (kept = []));
    kept.unshift(entry);
    if (kept.length > KEPT_PER_CHANNEL) kept.pop();
  }
}

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && Object.getPrototypeOf(raw) === Object.prototype;
}

/** The same own fields with the same values (`Object.is`: NaN is not NaN's, -0 is not 0's). */
function sameFields(entry: Kept, raw: Record<string, unknown>): boolean {
  let fields = 0;
  for (const name in raw) {
    if (!Object.hasOwn(entry.input, name) || !Object.is(entry.input[name], raw[name])) return false;
    fields += 1;
  }
  return fields === entry.fields;
}

/** A copy of an object whose fields are all strings, numbers, booleans or null; else null. */
function flatCopy(object: object): Flat | null {
  const copy: Flat = {};
  for (const [name, value] of Object.entries(object)) {
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
    copy[name] = value;
  }
  return copy;
}
