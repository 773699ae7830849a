// What a Caisse-AP request means and what an answer says: zod schemas over the fields the
// parser read (electron/caisse-ap/protocol.ts), and the one function that builds every answer.
import { z } from 'zod';
import { encodeFields, EncodeError, MAX_ANSWER_BYTES, type Field } from './protocol';

/** ISO 4217 numeric code of the euro: the only currency Chèque-Vacances Connect takes. */
export const EURO = '978';
/** The version answered when a malformed request did not even carry a readable `CZ`. */
export const DEFAULT_VERSION = '0300';
/** `CC` in our answers: "other application" (Chèque-Vacances Connect has no code of its own in
 *  the card application list tills know). */
export const APPLICATION_CODE = '000';
/** `CI` in our answers: read mode "indifferent" (a QR scanned by the customer's phone, no card). */
export const READ_MODE = '0';

const printable = (max: number) => z.string().regex(/^[\x20-\x7e]+$/, 'printable ASCII only').max(max);

/** The raw, format-checked value of each known request tag. */
const RequestTags = z
  .object({
    CZ: z.string().regex(/^\d{4}$/, 'the protocol version is 4 digits'),
    CJ: z.string().regex(/^\d{12}$/, 'the register software id is 12 digits'),
    CA: z.string().regex(/^[\x20-\x7e]{2}$/, 'the register number is 2 characters'),
    CB: z.string().regex(/^\d{2,12}$/, 'the amount is 2 to 12 digits of cents'),
    CD: z.enum(['0', '1', '2', 'I']),
    CE: z.string().regex(/^\d{3}$/, 'the currency is an ISO 4217 numeric code'),
    BA: z.enum(['0', '1']).optional(),
    BF: z.enum(['0', '1']).optional(),
    CF: printable(999).optional(),
    CH: printable(999).optional(),
    CC: z.string().regex(/^[0-9A-Z]{3}$/, 'the application is 3 characters').optional(),
    CK: z.string().regex(/^[0-9A-Z]{1,3}$/, 'the receipt option is 1 to 3 characters').optional(),
  })
  .strict();
type RequestTags = z.infer<typeof RequestTags>;
const KNOWN_TAGS = new Set(Object.keys(RequestTags.shape));

export type TillAction = 'debit' | 'credit' | 'cancellation' | 'identification';

export interface TillRequest {
  /** The fields as the till sent them, for the echoes of the answer. */
  tags: RequestTags;
  action: TillAction;
  /** `CB` in cents. */
  amount: number;
  currency: string;
  /** BA=1: answer "taken into account" at once, carry on without telling the result. */
  answerAtOnce: boolean;
  /** BF: the till accepts a partial payment (1), refuses it (0) or did not say (null). */
  partialAccepted: boolean | null;
  /** Tags we do not know: ignored, kept in the exchange log with the whole frame. */
  unknownTags: string[];
}

const ACTIONS: Record<RequestTags['CD'], TillAction> = { '0': 'debit', '1': 'credit', '2': 'cancellation', I: 'identification' };

/** Checks the formats of a complete request's fields. */
export function readRequest(fields: readonly Field[]): { ok: true; request: TillRequest } | { ok: false; detail: string } {
  const known: Record<string, string> = {};
  const unknownTags: string[] = [];
  for (const field of fields) {
    if (KNOWN_TAGS.has(field.tag)) known[field.tag] = field.value;
    else unknownTags.push(field.tag);
  }
  const parsed = RequestTags.safeParse(known);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, detail: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}` };
  }
  const tags = parsed.data;
  return {
    ok: true,
    request: {
      tags,
      action: ACTIONS[tags.CD],
      amount: Number(tags.CB),
      currency: tags.CE,
      answerAtOnce: tags.BA === '1',
      partialAccepted: tags.BF === undefined ? null : tags.BF === '1',
      unknownTags,
    },
  };
}

// ---- answers -------------------------------------------------------------------------------

/** Why an operation was not done, and the `AF` code a till reads for it. */
export const FAILURE_CODES = {
  refused: '04', // the platform refused the request, or nobody is logged in
  busy: '07', // "non aboutie": another till transaction is in progress (a busy terminal does not start one)
  timeout: '08', // the customer did not pay in time, or the till's own time was nearly up (the request was cancelled first)
  bad_format: '09',
  operator_abandon: '11', // the cashier cancelled the request, or chose to have the rest of a partial payment paid otherwise
  unknown_action: '12', // credit and cancellation: Chèque-Vacances Connect payments cannot be refunded from the till
  currency_not_supported: '13',
} as const;
export type FailureReason = keyof typeof FAILURE_CODES;

export type TillResult =
  | { kind: 'done'; amountPaid: number; authorisation: string | null }
  | { kind: 'identification' }
  | { kind: 'taken_into_account' }
  /** The till must be answered before it gives up and nobody knows whether the customer paid:
   *  `AE=11` ("prise en compte", no result) is the one status that claims neither. */
  | { kind: 'unknown' }
  | { kind: 'not_done'; reason: FailureReason };

/** `AE` (and `AF` after a dash on a failure), as the exchange log records it. */
export function resultCode(result: TillResult): string {
  switch (result.kind) {
    case 'done':
    case 'identification':
      return '10';
    case 'taken_into_account':
    case 'unknown':
      return '11';
    case 'not_done':
      return `01-${FAILURE_CODES[result.reason]}`;
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

/** The echoes an answer carries: the request's own values, when they were readable. */
export type AnswerEcho = Partial<Pick<RequestTags, 'CZ' | 'CA' | 'CD' | 'CE' | 'CB' | 'BF'>>;

const EchoTags = RequestTags.pick({ CZ: true, CA: true, CD: true, CE: true, CB: true, BF: true }).partial();

/** What can be echoed from the fields of a malformed request: each tag only if well-formed. */
export function echoOf(fields: readonly Field[]): AnswerEcho {
  const echo: Record<string, string> = {};
  for (const field of fields) {
    const schema = EchoTags.shape[field.tag as keyof typeof EchoTags.shape];
    if (schema?.safeParse(field.value).success) echo[field.tag] = field.value;
  }
  return echo as AnswerEcho;
}

/** Cents written like the request's `CB`: at least 2 digits, as wide as what the till sent. */
export function formatAmount(cents: number, like?: string): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new EncodeError(`amount must be integer cents, got ${cents}`);
  return String(cents).padStart(Math.max(2, like?.length ?? 0), '0');
}

/**
 * The answer's fields: `CZ` first, the echoes tills check (`CA`, `CD`, `CE`, and `BF` when sent),
 * `CB`, `AE`, then `AF` on a failure, or `CC`/`CI` (and `AC` for a payment) on success.
 * `CB` is the amount paid when the operation is done; otherwise it echoes the requested amount,
 * as terminals do (tills compare it with what they asked, and `AE=01` already says nothing was paid).
 */
export function answerFields(echo: AnswerEcho, result: TillResult): Field[] {
  const fields: Field[] = [{ tag: 'CZ', value: echo.CZ ?? DEFAULT_VERSION }];
  for (const tag of ['CA', 'CD', 'CE'] as const) {
    const value = echo[tag];
    if (value !== undefined) fields.push({ tag, value });
  }
  if (result.kind === 'done') fields.push({ tag: 'CB', value: formatAmount(result.amountPaid, echo.CB) });
  else if (echo.CB !== undefined) fields.push({ tag: 'CB', value: echo.CB });
  if (echo.BF !== undefined) fields.push({ tag: 'BF', value: echo.BF });
  switch (result.kind) {
    case 'done':
      fields.push({ tag: 'AE', value: '10' }, { tag: 'CC', value: APPLICATION_CODE }, { tag: 'CI', value: READ_MODE });
      if (result.authorisation) fields.push({ tag: 'AC', value: result.authorisation });
      break;
    case 'identification':
      fields.push({ tag: 'AE', value: '10' }, { tag: 'CC', value: APPLICATION_CODE }, { tag: 'CI', value: READ_MODE });
      break;
    case 'taken_into_account':
    case 'unknown':
      fields.push({ tag: 'AE', value: '11' });
      break;
    case 'not_done':
      fields.push({ tag: 'AE', value: '01' }, { tag: 'AF', value: FAILURE_CODES[result.reason] });
      break;
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
  return fields;
}

/** The answer as written on the socket: one message of at most MAX_ANSWER_BYTES. */
export function encodeAnswer(echo: AnswerEcho, result: TillResult): string {
  const text = encodeFields(answerFields(echo, result));
  if (text.length > MAX_ANSWER_BYTES) throw new EncodeError(`answer of ${text.length} bytes`);
  return text;
}

/** An authorisation number (`AC`) from the platform's request id: its last 8 letters or digits. */
export function authorisationNumber(platformId: string | null): string | null {
  if (!platformId) return null;
  const compact = platformId.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return compact.length >= 6 ? compact.slice(-8) : null;
}
