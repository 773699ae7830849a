// Caisse-AP over IP, the wire format: a message is a run of fields, each a 2-letter tag, a
// 3-digit length (001–999) and that many ASCII characters; `CZ` (the protocol version) comes
// first, every other tag at most once, in any order. No checksum, no end marker: over TCP a
// message can arrive in any number of chunks. Pure code (no Node imports): the parser reads
// bytes, the encoder writes fields.
//
// When is a request complete? The format has no length prefix and no terminator, so the parser
// cannot know by itself whether more optional fields follow. It reports `complete_if_quiet` as
// soon as it stands between two fields (no partial field pending) and every required tag has
// been read; the server then acts on it at once (tills write a request in one go and wait for the
// answer; see electron/caisse-ap/connection.ts). A trailing CR/LF is accepted and ignored.
// Anything malformed is reported at the first byte where it shows, so garbage never accumulates.

export interface Field {
  tag: string;
  value: string;
}

/** The tags every request must carry (`CZ` first). */
export const REQUIRED_REQUEST_TAGS = ['CZ', 'CJ', 'CA', 'CB', 'CD', 'CE'] as const;

/** A request longer than this is refused: real requests are a few dozen bytes. */
export const MAX_REQUEST_BYTES = 4 * 1024;
/** An answer is one write of at most this many bytes (tills read it with one 1024-byte recv). */
export const MAX_ANSWER_BYTES = 1024;
export const MAX_VALUE_LENGTH = 999;

export type FrameProblem =
  | 'bad_tag' // a tag that is not two capital letters
  | 'bad_length' // length digits that are not 3 digits, or 000
  | 'non_ascii' // a byte above 0x7F
  | 'control_character' // a control character inside a field
  | 'first_tag_not_cz'
  | 'duplicate_tag'
  | 'too_long' // more than MAX_REQUEST_BYTES
  | 'after_end' // bytes after the trailing CR/LF
  | 'truncated' // the sender stopped inside a field (a length past the end)
  | 'missing_tag'; // the message ended without a required tag

export type ParseStatus =
  | { state: 'reading' }
  | { state: 'complete_if_quiet' }
  | { state: 'complete' }
  | { state: 'invalid'; problem: FrameProblem; detail: string };

const CR = 0x0d;
const LF = 0x0a;

function isCapital(byte: number): boolean {
  return byte >= 0x41 && byte <= 0x5a;
}
function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}
function isPrintable(byte: number): boolean {
  return byte >= 0x20 && byte <= 0x7e;
}

/**
 * Incremental parser of one request. Feed it bytes with `push` as they arrive (one byte at a
 * time is fine), call `finish` when the message must end (the till half-closed, went quiet, or
 * ran out of time). An invalid status is final: the parser reads nothing after it.
 */
export class RequestParser {
  private readonly read: Field[] = [];
  private readonly seen = new Set<string>();
  private phase: 'tag' | 'length' | 'value' | 'trailer' = 'tag';
  private tag = '';
  private lengthDigits = '';
  private expected = 0;
  private value = '';
  private total = 0;
  private status: ParseStatus = { state: 'reading' };

  /** The complete fields read so far, in order. */
  fields(): readonly Field[] {
    return this.read;
  }

  get bytesRead(): number {
    return this.total;
  }

  /** Stands between two whole fields (nothing half-read), whatever tags are still missing. */
  get betweenFields(): boolean {
    return this.total > 0 && this.status.state !== 'invalid' && this.atBoundary();
  }

  push(bytes: Uint8Array): ParseStatus {
    if (this.status.state === 'invalid' || this.status.state === 'complete') return this.status;
    for (const byte of bytes) {
      this.total++;
      if (this.total > MAX_REQUEST_BYTES) return this.fail('too_long', `more than ${MAX_REQUEST_BYTES} bytes`);
      const problem = this.step(byte);
      if (problem) return problem;
    }
    this.status = this.atBoundary() && this.hasRequiredTags() ? { state: 'complete_if_quiet' } : { state: 'reading' };
    return this.status;
  }

  /** The message ends here: complete if it stands between fields with every required tag. */
  finish(): ParseStatus {
    if (this.status.state === 'invalid' || this.status.state === 'complete') return this.status;
    if (!this.atBoundary()) {
      const where = this.tag.length < 2 ? 'a tag' : `field ${this.tag}`;
      const detail =
        this.phase === 'value' ? `field ${this.tag} announces ${this.expected} characters, ${this.value.length} came` : `the message stops inside ${where}`;
      return this.fail('truncated', detail);
    }
    const missing = REQUIRED_REQUEST_TAGS.filter((tag) => !this.seen.has(tag));
    if (missing.length) return this.fail('missing_tag', `missing ${missing.join(', ')}`);
    this.status = { state: 'complete' };
    return this.status;
  }

  private step(byte: number): ParseStatus | null {
    if (byte > 0x7f) return this.fail('non_ascii', `byte 0x${byte.toString(16)} at offset ${this.total - 1}`);
    switch (this.phase) {
      case 'trailer':
        if (byte === CR || byte === LF) return null;
        return this.fail('after_end', `byte 0x${byte.toString(16)} after the trailing CR/LF`);
      case 'tag':
        if ((byte === CR || byte === LF) && this.tag === '' && this.read.length > 0) {
          // CR/LF closes the message: nothing but more CR/LF may follow, so a missing tag shows now.
          this.phase = 'trailer';
          const missing = REQUIRED_REQUEST_TAGS.filter((tag) => !this.seen.has(tag));
          return missing.length ? this.fail('missing_tag', `missing ${missing.join(', ')}`) : null;
        }
        if (!isCapital(byte)) {
          return isPrintable(byte)
            ? this.fail('bad_tag', `tag character "${String.fromCharCode(byte)}" at offset ${this.total - 1}`)
            : this.fail('control_character', `byte 0x${byte.toString(16)} in a tag at offset ${this.total - 1}`);
        }
        this.tag += String.fromCharCode(byte);
        if (this.tag.length < 2) return null;
        if (this.read.length === 0 && this.tag !== 'CZ') return this.fail('first_tag_not_cz', `first tag is ${this.tag}`);
        if (this.seen.has(this.tag)) return this.fail('duplicate_tag', `tag ${this.tag} appears twice`);
        this.phase = 'length';
        return null;
      case 'length':
        if (!isDigit(byte)) return this.fail('bad_length', `length of ${this.tag} is not 3 digits`);
        this.lengthDigits += String.fromCharCode(byte);
        if (this.lengthDigits.length < 3) return null;
        this.expected = Number(this.lengthDigits);
        if (this.expected === 0) return this.fail('bad_length', `length of ${this.tag} is 000`);
        this.phase = 'value';
        return null;
      case 'value':
        if (!isPrintable(byte)) return this.fail('control_character', `byte 0x${byte.toString(16)} in the value of ${this.tag}`);
        this.value += String.fromCharCode(byte);
        if (this.value.length < this.expected) return null;
        this.read.push({ tag: this.tag, value: this.value });
        this.seen.add(this.tag);
        this.tag = '';
        this.lengthDigits = '';
        this.value = '';
        this.phase = 'tag';
        return null;
      default: {
        const unreachable: never = this.phase;
        return unreachable;
      }
    }
  }

  private atBoundary(): boolean {
    return (this.phase === 'tag' && this.tag === '') || this.phase === 'trailer';
  }

  private hasRequiredTags(): boolean {
    return REQUIRED_REQUEST_TAGS.every((tag) => this.seen.has(tag));
  }

  private fail(problem: FrameProblem, detail: string): ParseStatus {
    this.status = { state: 'invalid', problem, detail };
    return this.status;
  }
}

/** Parses a whole message at once (tests, tools): the same rules as the incremental parser. */
export function parseMessage(bytes: Uint8Array): { status: ParseStatus; fields: readonly Field[] } {
  const parser = new RequestParser();
  const pushed = parser.push(bytes);
  const status = pushed.state === 'invalid' ? pushed : parser.finish();
  return { status, fields: parser.fields() };
}

/** Reads an answer (or any message) into fields without the request rules: for tests and tills. */
export function decodeFields(text: string): Field[] | null {
  const fields: Field[] = [];
  let at = 0;
  const body = text.replace(/[\r\n]+$/, '');
  while (at < body.length) {
    const tag = body.slice(at, at + 2);
    const digits = body.slice(at + 2, at + 5);
    if (!/^[A-Z]{2}$/.test(tag) || !/^\d{3}$/.test(digits)) return null;
    const length = Number(digits);
    const value = body.slice(at + 5, at + 5 + length);
    if (length === 0 || value.length !== length) return null;
    fields.push({ tag, value });
    at += 5 + length;
  }
  return fields;
}

export class EncodeError extends Error {}

/** Writes fields as a message, in the order given. */
export function encodeFields(fields: readonly Field[]): string {
  let out = '';
  for (const { tag, value } of fields) {
    if (!/^[A-Z]{2}$/.test(tag)) throw new EncodeError(`bad tag ${JSON.stringify(tag)}`);
    if (value.length < 1 || value.length > MAX_VALUE_LENGTH) throw new EncodeError(`value of ${tag} has ${value.length} characters`);
    if (!/^[\x20-\x7e]+$/.test(value)) throw new EncodeError(`value of ${tag} is not printable ASCII`);
    out += `${tag}${String(value.length).padStart(3, '0')}${value}`;
  }
  return out;
}

/** Bytes as printable text for the exchange log: ASCII as is, anything else as \xNN, cut at `max`. */
export function describeBytes(bytes: Uint8Array, max = MAX_REQUEST_BYTES): string {
  let out = '';
  const shown = Math.min(bytes.length, max);
  for (let i = 0; i < shown; i++) {
    const byte = bytes[i]!;
    if (byte === CR) out += '\\r';
    else if (byte === LF) out += '\\n';
    else if (byte === 0x5c) out += '\\\\';
    else if (isPrintable(byte)) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  if (bytes.length > shown) out += `…(+${bytes.length - shown} octets)`;
  return out;
}

/** ASCII text to bytes (answers and test frames). */
export function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) throw new EncodeError(`character ${JSON.stringify(text[i])} is not ASCII`);
    bytes[i] = code;
  }
  return bytes;
}
