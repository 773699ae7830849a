// The companion's one contract (STYLE.md §2). Each channel maps to the zod schema of its input
// and the schema of its result; events map to the schema of their payload. The Electron host
// registers ipcMain handlers by looping over `channels`, the preloads and the browser bridge
// build `window.companion` from it, the headless host serves it over HTTP. A channel name is
// written here and nowhere else. This module imports neither Electron, Node nor the DOM.
import { z } from 'zod';
import { isParisDay, parisDayRange } from './dates';
import { ERROR_CODES, ErrorCode } from './error-codes';
import { ErrorReason, FieldIssue, InputIssue } from './error-details';
import { MAX_AMOUNT_CENTS } from './money';
import {
  BASKET_NUMBER_PATTERN,
  CONVENTION_NUMBER_PATTERN,
  CUSTOMER_REFERENCE_MAX,
  LABEL_MAX,
  SELLER_ID_MAX,
} from './platform-api';
import { TillNotice } from './till-notice';

// ---- building blocks -----------------------------------------------------------------------

const isoTimestamp = z.iso.datetime({ offset: true });
const cents = z.number().int().nonnegative();
const empty = z.object({}).strict();

/** Characters refused in free texts: control characters, bidirectional controls (a U+202E can
 *  make "0001 €" read "€ 1000" on a receipt or a screen) and line or paragraph separators. */
const NO_CONTROLS = /^[^\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]*$/u;

/** Optional free text: trimmed, no control characters; an empty field counts as absent. */
function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .regex(NO_CONTROLS, 'control characters, bidirectional controls and line separators are not allowed')
    .optional()
    .transform((value) => (value === '' ? undefined : value));
}

/** A Paris calendar day, `YYYY-MM-DD`, that exists (no 30 February). */
const parisDayText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD')
  .refine(isParisDay, 'not a calendar day (or outside 1970–9998)');

/**
 * A bound of a time filter: an instant with any UTC offset, normalised to UTC (the log stores
 * UTC text, and `+14:00` text does not compare with `Z` text), or a Paris day, meaning its
 * first instant (`start`) or the first instant of the next day (`end`, so the day is included).
 */
function instantOrParisDay(edge: 'start' | 'end') {
  return z
    .string()
    .max(40)
    .transform((value, context) => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        if (isParisDay(value)) return parisDayRange(value)[edge === 'start' ? 'from' : 'to'];
      } else if (isoTimestamp.safeParse(value).success) {
        return new Date(value).toISOString();
      }
      context.addIssue({ code: 'custom', message: 'an ISO-8601 instant or a day YYYY-MM-DD that exists' });
      return z.NEVER;
    });
}

export const OPERATION_STATUSES = ['creating', 'pending', 'validated', 'cancelled', 'expired', 'failed'] as const;
export const OperationStatus = z.enum(OPERATION_STATUSES);
export type OperationStatus = z.infer<typeof OperationStatus>;

/** Statuses after which nothing changes any more. */
export const FINAL_OPERATION_STATUSES: readonly OperationStatus[] = ['validated', 'cancelled', 'expired', 'failed'];
export function isFinalStatus(status: OperationStatus): boolean {
  return FINAL_OPERATION_STATUSES.includes(status);
}

export const StatusFilter = z.enum(['all', 'pending', 'validated', 'cancelled', 'expired', 'failed']);
export type StatusFilter = z.infer<typeof StatusFilter>;

export const Language = z.enum(['fr', 'en']);

// ---- errors (STYLE.md §4: results, not thrown strings) -------------------------------------

export { ERROR_CODES, ErrorCode, TillNotice };

export const ContractError = z.object({
  code: ErrorCode,
  /** A readable French fallback for integrators and logs. The screens word the error from
   *  `code` and `details`, in the cashier's language, never from this text. */
  message: z.string(),
  details: z
    .object({
      field: z.string().optional(),
      attemptsLeft: z.number().int().nonnegative().optional(),
      unlockUrl: z.string().optional(),
      platformCode: z.string().optional(),
      /** The platform's limits for one request, when it refused the amount (cents). */
      minAmount: cents.optional(),
      maxAmount: cents.optional(),
      /** The operation the error is about, when one was recorded (e.g. a create whose outcome is unknown). */
      operationId: z.string().optional(),
      /** `bad_request` from an input's schema: what is wrong with `field` (the first one at fault). */
      issue: InputIssue.optional(),
      /** The bound `field` broke (cents for an amount, characters for a text), with `issue`. */
      limit: z.number().optional(),
      /** Every field at fault, in order (`field`/`issue`/`limit` repeat the first). */
      issues: z.array(FieldIssue).max(20).optional(),
      /** Which specific case of the code it is, for a more precise sentence. */
      reason: ErrorReason.optional(),
    })
    .optional(),
});
export type ContractError = z.infer<typeof ContractError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** HTTP status for an error code, for the headless host's local API. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'bad_request':
    case 'validation_error':
      return 400;
    case 'not_logged_in':
    case 'invalid_credentials':
    case 'token_expired':
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'basket_in_progress':
    case 'not_pending':
    case 'idempotency_conflict':
    case 'busy':
    case 'no_remainder':
    case 'remainder_already_collected':
    case 'remainder_requested':
    case 'other_platform':
      return 409;
    case 'account_locked':
      return 423;
    case 'platform_error':
    case 'network_unreachable':
      return 502;
    case 'timeout':
    case 'outcome_unknown':
      return 504;
    case 'internal_error':
      return 500;
    case 'storage_full':
      return 507;
    case 'storage_read_only':
      return 503;
    case 'printer_not_configured':
      return 409;
    case 'printer_unreachable':
      return 502;
    case 'not_supported':
      return 501;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

// ---- values --------------------------------------------------------------------------------

/** How the remainder of a partial payment was collected when not with Chèque-Vacances Connect:
 *  espèces, carte bancaire, chèque, Chèque-Vacances papier, autre. */
export const REMAINDER_MEANS = ['cash', 'card', 'cheque', 'paper_cheque_vacances', 'other'] as const;
export const RemainderMeans = z.enum(REMAINDER_MEANS);
export type RemainderMeans = z.infer<typeof RemainderMeans>;

export const RemainderCollected = z.object({
  means: RemainderMeans,
  /** The remainder when it was recorded, in cents. */
  amount: cents,
  at: isoTimestamp,
});
export type RemainderCollected = z.infer<typeof RemainderCollected>;

export const Operation = z.object({
  id: z.string(),
  platformId: z.string().nullable(),
  basketNumber: z.string(),
  amountRequested: cents,
  amountReceived: cents,
  /** What is left to collect by another means of payment once the request is final. */
  remainder: cents,
  status: OperationStatus,
  label: z.string().nullable(),
  customerReference: z.string().nullable(),
  sellerId: z.string().nullable(),
  qrPayload: z.string().nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  expiresAt: isoTimestamp.nullable(),
  /** Why a `failed` operation failed, in the cashier's words. */
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The operation this one collects the remainder of ("Demander le reste"). */
  followUpOf: z.string().nullable(),
  /** Which till and which channel created it (`cashier`, `caisse-ap`, `api`). */
  tillId: z.string(),
  origin: z.string(),
  /** The remainder of this partial payment, collected another way ("Reste encaissé autrement"). */
  remainderCollected: RemainderCollected.nullable(),
});
export type Operation = z.infer<typeof Operation>;

/** The platforms the companion can talk to: the embedded demo sandbox, a server of the documented
 *  API v1 (ANCV's, or an integrator's), Worldline Direct (Chèque-Vacances Connect as product 5412). */
export const PLATFORM_KINDS = ['sandbox', 'api-v1', 'worldline-direct'] as const;
export const PlatformKind = z.enum(PLATFORM_KINDS);
export type PlatformKind = z.infer<typeof PlatformKind>;

export const SessionState = z.object({
  status: z.enum(['logged_out', 'logged_in', 'expired']),
  /** `conventionNumber`: the convention number, or the provider's merchant id (Worldline: the PSPID). */
  merchant: z.object({ conventionNumber: z.string(), name: z.string() }).nullable(),
  expiresAt: isoTimestamp.nullable(),
  platform: z.object({
    /** `sandbox`: the embedded demo platform (« Mode démonstration »). */
    mode: z.enum(['sandbox', 'platform']),
    url: z.string(),
    /** The platform in use (absent from hosts older than the platform port: read as the API v1). */
    kind: PlatformKind.optional(),
    /** What the login asks: a convention number and password, or API keys. */
    credentials: z.enum(['convention', 'api-key']).optional(),
    /** Where the choice comes from: `default` until the merchant chose (first start: the setup
     *  screen is shown), the settings, or the command line of `npm run serve`. */
    source: z.enum(['default', 'settings', 'command-line']).optional(),
  }),
});
export type SessionState = z.infer<typeof SessionState>;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/** A platform URL must be https, except on loopback (the sandbox). */
export const PlatformUrl = z
  .url()
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
  }, 'the platform URL must use https (http is allowed on loopback only)');

/** A test server on this machine (the Worldline Direct fake): http allowed, loopback only. */
export const LoopbackUrl = z
  .url()
  .refine((value) => {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && loopbackHosts.has(url.hostname);
  }, 'a test server must be on loopback (127.0.0.1, localhost, [::1])');

/** Worldline Direct's environments (the production one takes real payments). */
export const WorldlineSettings = z.object({
  environment: z.enum(['preproduction', 'production']),
  /** A test server on loopback instead of Worldline's (tests, demonstrations); null otherwise. */
  testServerUrl: LoopbackUrl.nullable(),
});
export type WorldlineSettings = z.infer<typeof WorldlineSettings>;

/** The API keys a payment service provider issues (Worldline Direct: merchant id = PSPID, an API
 *  key id and its secret, made in the Merchant Portal). Secret: never in settings, events or logs. */
export const ApiKeyCredentials = z
  .object({
    // A path segment of every call (/v2/{merchantId}/…): nothing that could leave it.
    merchantId: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, . _ - (1 to 64)'),
    apiKeyId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,128}$/, 'letters, digits, _ - (1 to 128)'),
    secretApiKey: z.string().trim().regex(/^[\x21-\x7e]{1,512}$/, 'visible ASCII characters (1 to 512)'),
  })
  .strict();
export type ApiKeyCredentials = z.infer<typeof ApiKeyCredentials>;

/** Under Odoo's usual 180 s, so the answer comes before Odoo gives up. */
export const DEFAULT_TILL_TIMEOUT_SECONDS = 170;
export const TillTimeoutSeconds = z.number().int().min(10).max(3600);
/** `HOST:PORT` of a network receipt printer (ESC/POS over raw TCP, usually port 9100). */
export const PRINTER_ADDRESS_PATTERN = /^[A-Za-z0-9.-]{1,253}:\d{1,5}$/;

export const Settings = z.object({
  language: Language,
  /** This till's name in the operation log ("which till created it"). */
  tillId: z.string().trim().regex(/^[\p{L}\p{N} _.-]{1,20}$/u),
  /** The platform chosen (Paramètres, or the first-start setup); null until the merchant chose:
   *  the embedded demo sandbox runs meanwhile. A change switches the platform at once. */
  platform: PlatformKind.nullable(),
  /** The address of the API v1 server (`platform: 'api-v1'`): https, or http on loopback. Settings
   *  files from before `platform` existed: a non-null address there meant that server. */
  platformUrl: PlatformUrl.nullable(),
  /** Worldline Direct's environment (`platform: 'worldline-direct'`); the keys are in the SecretStore. */
  worldline: WorldlineSettings,
  customerDisplay: z.object({
    /** Electron: open the customer window on a second monitor when there is one. */
    enabled: z.boolean(),
    /** Electron `Display.id` to use instead of the first non-primary display. */
    displayId: z.number().int().nullable(),
    /** Seconds a final status stays on the customer display before it goes back to idle. */
    finalStatusSeconds: z.number().int().min(1).max(120),
    /** The customer's language, apart from the cashier's (settings files from before it: French). */
    language: Language.default('fr'),
  }),
  caisseAp: z.object({
    enabled: z.boolean(),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** Till addresses allowed to connect; empty: any (the listener is on loopback by default). */
    allowList: z.array(z.string().min(1)).max(50),
    /** How long the till waits for an answer before it gives up (its own setting; Odoo: its POS
     *  timeout minus 3 s). The companion answers before that, once the request is cancelled. */
    tillTimeoutSeconds: TillTimeoutSeconds.default(DEFAULT_TILL_TIMEOUT_SECONDS),
  }),
  /** A short sound on the cashier screen when a payment is validated or partly paid. */
  chime: z.boolean(),
  receipt: z.object({
    /** Print the customer's receipt by itself once a payment is validated. */
    autoPrint: z.boolean(),
    /** `HOST:PORT` of a network thermal printer (ESC/POS); null: the print dialog (80 mm). */
    printer: z.string().regex(PRINTER_ADDRESS_PATTERN).nullable(),
  }),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  language: 'fr',
  tillId: 'caisse-1',
  platform: null,
  platformUrl: null,
  worldline: { environment: 'preproduction', testServerUrl: null },
  customerDisplay: { enabled: true, displayId: null, finalStatusSeconds: 6, language: 'fr' },
  caisseAp: { enabled: false, host: '127.0.0.1', port: 8888, allowList: [], tillTimeoutSeconds: DEFAULT_TILL_TIMEOUT_SECONDS },
  chime: true,
  receipt: { autoPrint: false, printer: null },
};

export const SettingsPatch = z
  .object({
    language: Settings.shape.language,
    tillId: Settings.shape.tillId,
    platform: Settings.shape.platform,
    platformUrl: Settings.shape.platformUrl,
    worldline: WorldlineSettings.partial().strict(),
    customerDisplay: Settings.shape.customerDisplay.partial().extend({ language: Language.optional() }).strict(),
    // The timeout's default must not fill a patch that does not name it.
    caisseAp: Settings.shape.caisseAp.partial().extend({ tillTimeoutSeconds: TillTimeoutSeconds.optional() }).strict(),
    chime: Settings.shape.chime,
    receipt: Settings.shape.receipt.partial().strict(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

const DayTotals = z.object({ count: z.number().int(), amountRequested: cents, amountReceived: cents });
export type RequestTotals = z.infer<typeof DayTotals>;

/** Per basket: a first request with the follow-ups asked for its remainder, its amount asked once. */
export const BasketTotals = z.object({
  /** Baskets whose first request reached the platform. */
  count: z.number().int(),
  amountRequested: cents,
  /** Received in Chèque-Vacances Connect, over each basket's request and follow-ups. */
  amountReceived: cents,
  paidInFull: z.number().int(),
  partiallyPaid: z.number().int(),
  pending: z.number().int(),
  /** Cancelled or expired without anything received. */
  unpaid: z.number().int(),
  /** Remainders the cashier collected by another means of payment. */
  collectedOtherwise: cents,
  /** What partially paid baskets still lack. */
  leftToCollect: cents,
});
export type BasketTotals = z.infer<typeof BasketTotals>;

export const DaySummary = z.object({
  /** Paris calendar day, `YYYY-MM-DD`. */
  day: z.string(),
  from: isoTimestamp,
  to: isoTimestamp,
  /** Every request of the day per status, refused attempts (`failed`) included. */
  byStatus: z.record(OperationStatus, DayTotals),
  /** Requests that reached the platform: money asked. */
  total: DayTotals,
  /** Remainders of partial payments collected another way that day, per means (apart from the
   *  Chèque-Vacances Connect totals above). */
  remaindersCollected: z.object({
    byMeans: z.record(RemainderMeans, z.object({ count: z.number().int(), amount: cents })),
    total: z.object({ count: z.number().int(), amount: cents }),
  }),
  /** Attempts the platform refused or never received (« Tentatives refusées »): not money asked. */
  refused: DayTotals,
  baskets: BasketTotals,
});
export type DaySummary = z.infer<typeof DaySummary>;

/** What the customer-facing screen shows: never cashier-only data (no convention number,
 *  no customer reference). */
export const DisplayState = z.object({
  phase: z.enum(['idle', 'payment', 'partial', 'validated', 'cancelled', 'expired', 'failed']),
  merchantName: z.string().nullable(),
  language: Language,
  payment: z
    .object({
      operationId: z.string(),
      basketNumber: z.string(),
      amountRequested: cents,
      amountReceived: cents,
      remainder: cents,
      /** Only while the request can still be paid. */
      qrPayload: z.string().nullable(),
      expiresAt: isoTimestamp.nullable(),
    })
    .nullable(),
  /** Server time when the state was computed, so a display can correct its clock for the countdown. */
  serverTime: isoTimestamp,
});
export type DisplayState = z.infer<typeof DisplayState>;

/** How a tablet or a second computer pairs with the headless host's customer display: the
 *  display URL with its display-only token (shown as a QR code on the cashier screen) and the
 *  short code to type on a display page that has no token. */
export const DisplayPairing = z.object({
  url: z.string(),
  code: z.string(),
});
export type DisplayPairing = z.infer<typeof DisplayPairing>;

/** The short pairing code: 6 digits. */
export const DISPLAY_PAIRING_CODE_PATTERN = /^\d{6}$/;
/** `POST /api/display/pair` (no token): a display page trades the code for the display token. */
export const DisplayPairInput = z
  .object({ code: z.string().trim().regex(DISPLAY_PAIRING_CODE_PATTERN, 'the pairing code is 6 digits') })
  .strict();
export const DisplayPairResult = z.object({ token: z.string().min(1) });
export type DisplayPairResult = z.infer<typeof DisplayPairResult>;

// ---- the day close: reports, the accountant's CSV, receipts, every till ---------------------

/** The longest period a report or an export covers: ten years of trading. */
export const MAX_REPORT_DAYS = 3_660;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

function checkPeriod(period: { from: string; to?: string | undefined }, context: z.RefinementCtx): void {
  const days = dayNumber(period.to ?? period.from) - dayNumber(period.from) + 1;
  if (days < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'the last day comes before the first' });
  else if (days > MAX_REPORT_DAYS) context.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_REPORT_DAYS} days` });
}

/** A period of Paris calendar days, both included; `to` defaults to `from`. */
export const ReportPeriod = z
  .object({ from: parisDayText, to: parisDayText.optional() })
  .strict()
  .superRefine(checkPeriod)
  .transform((period) => ({ from: period.from, to: period.to ?? period.from }));
export type ReportPeriod = z.output<typeof ReportPeriod>;

export const ReportInput = z
  .object({
    from: parisDayText,
    to: parisDayText.optional(),
    /** Also count the other tills' requests of the convention, from the platform's list. */
    includeOtherTills: z.boolean().default(false),
  })
  .strict()
  .superRefine(checkPeriod);

/** One line of a breakdown (a seller, a till, an origin); `key` null: not given (no seller id),
 *  or another till of the convention. */
export const ReportBreakdown = z.object({
  key: z.string().nullable(),
  total: DayTotals,
  validated: DayTotals,
  refused: z.number().int(),
});
export type ReportBreakdown = z.infer<typeof ReportBreakdown>;

export const RemainderTotals = z.object({ means: RemainderMeans, count: z.number().int(), amount: cents });
export type RemainderTotals = z.infer<typeof RemainderTotals>;

/** An operation whose till (Caisse-AP) was never told the outcome. */
export const UntoldTillOperation = z.object({
  operationId: z.string(),
  basketNumber: z.string(),
  amountRequested: cents,
  amountReceived: cents,
  status: OperationStatus,
  at: isoTimestamp,
  delivery: z.string(),
});
export type UntoldTillOperation = z.infer<typeof UntoldTillOperation>;

export const DayReport = z.object({
  /** First and last Paris days of the period, `YYYY-MM-DD`, and the UTC instants `[start, end)`. */
  from: z.string(),
  to: z.string(),
  start: isoTimestamp,
  end: isoTimestamp,
  generatedAt: isoTimestamp,
  merchant: z.object({ conventionNumber: z.string().nullable(), name: z.string().nullable() }),
  tillId: z.string(),
  requests: z.object({ byStatus: z.record(OperationStatus, DayTotals), total: DayTotals, refused: DayTotals }),
  baskets: BasketTotals,
  bySeller: z.array(ReportBreakdown),
  byTill: z.array(ReportBreakdown),
  byOrigin: z.array(ReportBreakdown),
  remaindersByMeans: z.array(RemainderTotals),
  /** Still waiting for the customer, or without an answer from the platform yet (oldest first). */
  pending: z.array(Operation),
  pendingCount: z.number().int(),
  tillNotTold: z.array(UntoldTillOperation),
  /** The other tills of the convention: not asked, counted in, or unreadable (the report then
   *  covers this till only, and says so). */
  otherTills: z.object({
    status: z.enum(['not_requested', 'included', 'unavailable']),
    count: z.number().int(),
    error: ContractError.nullable(),
  }),
});
export type DayReport = z.infer<typeof DayReport>;

/** A request of the convention as the platform lists it, marked when this till's log lacks it. */
export const ConventionOperation = z.object({
  platformId: z.string(),
  /** This till's operation for it, or null: another till's (« Autre caisse »). */
  operationId: z.string().nullable(),
  otherTill: z.boolean(),
  basketNumber: z.string(),
  amountRequested: cents,
  amountReceived: cents,
  status: OperationStatus,
  label: z.string().nullable(),
  customerReference: z.string().nullable(),
  sellerId: z.string().nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type ConventionOperation = z.infer<typeof ConventionOperation>;

export const ConventionListInput = z
  .object({
    /** Paris day, default today. */
    day: parisDayText.optional(),
    onlyOtherTills: z.boolean().default(false),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export const ConventionPage = z.object({ items: z.array(ConventionOperation), nextCursor: z.string().nullable() });
export type ConventionPage = z.infer<typeof ConventionPage>;

const CheckSide = z.object({ status: OperationStatus, amountRequested: cents, amountReceived: cents });
export const CheckDifference = z.object({
  kind: z.enum(['only_local', 'only_platform', 'status_differs', 'amount_differs']),
  operationId: z.string().nullable(),
  platformId: z.string().nullable(),
  basketNumber: z.string(),
  createdAt: isoTimestamp,
  local: CheckSide.nullable(),
  platform: CheckSide.nullable(),
});
export type CheckDifference = z.infer<typeof CheckDifference>;

export const DayCheck = z.object({
  day: z.string(),
  checkedAt: isoTimestamp,
  /** This till's requests that reached the platform, and the platform's requests of the day. */
  localCount: z.number().int(),
  platformCount: z.number().int(),
  matching: z.number().int(),
  differences: z.array(CheckDifference),
});
export type DayCheck = z.infer<typeof DayCheck>;

export const CheckInput = z.object({ day: parisDayText }).strict();

/** What a customer's receipt (« ticket ») says about a basket. */
export const Receipt = z.object({
  merchant: z.object({ name: z.string().nullable(), conventionNumber: z.string() }),
  operationId: z.string(),
  basketNumber: z.string(),
  label: z.string().nullable(),
  /** When the last payment of the basket was validated. */
  paidAt: isoTimestamp,
  printedAt: isoTimestamp,
  /** The basket's amount, asked once. */
  amountRequested: cents,
  /** Received in Chèque-Vacances Connect over the basket's requests. */
  amountReceived: cents,
  remainder: cents,
  remainderCollected: z.object({ means: RemainderMeans, amount: cents }).nullable(),
  /** The platform's references of the basket's validated requests. */
  payments: z.array(z.object({ platformId: z.string(), amountReceived: cents, at: isoTimestamp })),
  tillId: z.string(),
});
export type Receipt = z.infer<typeof Receipt>;

export const ReceiptPrinted = z.object({ printer: z.string(), bytes: z.number().int() });

/** `GET` on the local API with the cashier's bearer token: the accountant's CSV of a period
 *  (query `from`, `to`: Paris days), streamed as `text/csv`. */
export const REPORT_CSV_ROUTE = '/api/report.csv';
// ---- channel inputs ------------------------------------------------------------------------

/** A convention number and its password (ANCV's platform, the sandbox, an API v1 server), or the
 *  API keys of a payment service provider (Worldline Direct), as the platform in use asks. */
export const LoginInput = z.union([
  z
    .object({
      conventionNumber: z.string().regex(CONVENTION_NUMBER_PATTERN, 'the convention number is 12 digits'),
      password: z.string().min(1).max(200),
    })
    .strict(),
  ApiKeyCredentials,
]);

/** « Tester la connexion »: whether a platform answers (and takes the keys, when given), before
 *  it is saved. Changes nothing. A password is never tested: the 3rd wrong one locks the account. */
export const PlatformTestInput = z
  .object({
    platform: PlatformKind,
    /** `api-v1`: the server's address. */
    platformUrl: PlatformUrl.optional(),
    /** `worldline-direct`: the environment. */
    worldline: WorldlineSettings.optional(),
    /** `worldline-direct`: the keys to check with its test call. */
    credentials: ApiKeyCredentials.optional(),
  })
  .strict();
export type PlatformTestInput = z.input<typeof PlatformTestInput>;

export const PlatformTestResult = z.object({
  platform: PlatformKind,
  /** Where it answered. */
  url: z.string(),
  /** The merchant the keys belong to, when keys were tested. */
  merchantId: z.string().nullable(),
});
export type PlatformTestResult = z.infer<typeof PlatformTestResult>;

export const CreatePaymentInput = z
  .object({
    amount: z.number().int().min(1).max(MAX_AMOUNT_CENTS),
    basketNumber: z.string().regex(BASKET_NUMBER_PATTERN, '1 to 20 letters, digits, - or _'),
    label: optionalText(LABEL_MAX),
    customerReference: optionalText(CUSTOMER_REFERENCE_MAX),
    sellerId: optionalText(SELLER_ID_MAX),
    /** "Demander le reste": the partially paid operation whose remainder this request collects. */
    followUpOf: z.string().min(1).max(64).optional(),
  })
  .strict();
export type CreatePaymentInput = z.input<typeof CreatePaymentInput>;

const OperationRef = z.object({ id: z.string().min(1).max(64) }).strict();

export const ListOperationsInput = z
  .object({
    status: StatusFilter.default('all'),
    /** Basket number (prefix) or text found in the label, customer reference or seller id. */
    query: z.string().trim().max(50).regex(NO_CONTROLS, 'control characters are not allowed').optional(),
    /** Created at or after: an instant, or a Paris day (from its start). */
    from: instantOrParisDay('start').optional(),
    /** Created before: an instant, or a Paris day (up to its end, the day included). */
    to: instantOrParisDay('end').optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type ListOperationsInput = z.input<typeof ListOperationsInput>;

export const OperationPage = z.object({ items: z.array(Operation), nextCursor: z.string().nullable() });
export type OperationPage = z.infer<typeof OperationPage>;

export const CollectRemainderInput = z
  .object({ id: z.string().min(1).max(64), means: RemainderMeans })
  .strict();

export const SummaryInput = z
  .object({ day: parisDayText.optional() })
  .strict();

// ---- the till's requests (Caisse-AP) ----------------------------------------------------

/**
 * A till request waiting for its answer, as the cashier screen shows it. `awaiting_payment`: the
 * QR is on the customer display; `partial`: the customer paid part of it and the till (which did
 * not accept partial payments) waits while the cashier chooses; `awaiting_remainder`: the rest
 * is asked for in Chèque-Vacances; `settling`: the till gave up or its time is nearly up, the
 * companion is cancelling what can still be paid before it answers.
 */
export const TILL_REQUEST_STATES = ['awaiting_payment', 'partial', 'awaiting_remainder', 'settling'] as const;
export const TillRequestState = z.enum(TILL_REQUEST_STATES);
export type TillRequestState = z.infer<typeof TillRequestState>;

export const TillWaitingRequest = z.object({
  /** The exchange's id in the log: what the cashier's choice names. */
  exchangeId: z.number().int().positive(),
  /** `CA`: the till's register number. */
  register: z.string(),
  basketNumber: z.string(),
  /** What the till asked (`CB`). */
  amountRequested: cents,
  /** Received over every request of this basket so far. */
  amountReceived: cents,
  remainder: cents,
  state: TillRequestState,
  /** The request on the customer display now (the first one, or the one for the rest). */
  operationId: z.string().nullable(),
  /** Every request made for this till request, oldest first. */
  operationIds: z.array(z.string()),
  startedAt: isoTimestamp,
  /** When the companion answers at the latest (before the till gives up). */
  answerBy: isoTimestamp,
});
export type TillWaitingRequest = z.infer<typeof TillWaitingRequest>;

/**
 * What the till was not told, kept against the exchange until the cashier confirms it was dealt
 * with. `partial_not_told`: part was paid, the till was answered "not done" (the cashier records
 * the amount received by hand); `paid_after_abandon`: the till had given up when the payment came;
 * `unresolved`: the till was answered, or gave up, while nobody knew whether the customer had
 * paid; `paid_after_unknown`: the truth came afterwards, and it was paid; `abandoned`: the till
 * gave up and its request was cancelled before any payment (nothing to do); `unpaid_after_unknown`:
 * the truth came afterwards, and nothing was paid (nothing to do).
 */
export const TILL_OUTCOMES = [
  'partial_not_told',
  'paid_after_abandon',
  'unresolved',
  'paid_after_unknown',
  'abandoned',
  'unpaid_after_unknown',
] as const;
export const TillOutcome = z.enum(TILL_OUTCOMES);
export type TillOutcome = z.infer<typeof TillOutcome>;
/** The outcomes the cashier must act on (record on the till, or check with the customer). */
export const TILL_OUTCOMES_TO_REPORT: readonly TillOutcome[] = ['partial_not_told', 'paid_after_abandon', 'unresolved', 'paid_after_unknown'];

export const TillReportItem = z.object({
  exchangeId: z.number().int().positive(),
  register: z.string().nullable(),
  basketNumber: z.string().nullable(),
  operationId: z.string().nullable(),
  outcome: TillOutcome,
  amountRequested: cents.nullable(),
  /** Received over every request of the basket when the outcome was known (null: not known). */
  amountReceived: cents.nullable(),
  /** `AE` (and `AF`) the till was answered, null when it had gone. */
  tillResult: z.string().nullable(),
  at: isoTimestamp,
  acknowledgedAt: isoTimestamp.nullable(),
});
export type TillReportItem = z.infer<typeof TillReportItem>;

/** `till.waiting` and the `till.changed` event: the requests waiting, and what the cashier must
 *  still deal with (until acknowledged). */
export const TillState = z.object({
  requests: z.array(TillWaitingRequest),
  attention: z.array(TillReportItem),
});
export type TillState = z.infer<typeof TillState>;

const ExchangeRef = z.object({ exchangeId: z.number().int().positive() }).strict();
/** The cashier's choice on a partial payment the till was not told about. */
export const TillChoiceInput = ExchangeRef.extend({ choice: z.enum(['ask_remainder', 'paid_otherwise']) }).strict();
export type TillChoiceInput = z.infer<typeof TillChoiceInput>;

export const TillReport = z.object({ day: z.string(), items: z.array(TillReportItem) });
export type TillReport = z.infer<typeof TillReport>;
// ---- the platform link ---------------------------------------------------------------------

/** How the companion reaches the platform now, for the cashier screens (a banner while statuses
 *  may be late). Emitted by the core as `platform.changed` whenever the state changes. */
export const PlatformLink = z.object({
  /** connected: the event stream is up. polling: the stream is down but polls answer (statuses arrive
   *  within the poll interval). unreachable: neither the stream nor the polls reach the platform.
   *  logged_out: no session, nothing is followed. */
  state: z.enum(['connected', 'polling', 'unreachable', 'logged_out']),
  /** When the current state began. */
  since: isoTimestamp,
  /** The last successful exchange with the platform, if any. */
  lastContactAt: isoTimestamp.nullable(),
});
export type PlatformLink = z.infer<typeof PlatformLink>;

// ---- the companion itself, and its access tokens -------------------------------------------

/** What the screens show about this companion (the login screen, Paramètres). The demo
 *  credentials are here, and only in demo mode: the session never carries a password. */
export const AppAbout = z.object({
  /** package.json's version, e.g. `0.1.0` (the login screen shows « V0.1.0 »). */
  version: z.string(),
  platformMode: z.enum(['sandbox', 'platform']),
  /** Where the log files are, for support (« Journaux »); null when the host writes none. */
  logFolder: z.string().nullable(),
  demo: z.object({ conventionNumber: z.string(), password: z.string() }).nullable(),
});
export type AppAbout = z.infer<typeof AppAbout>;

/** The local API's new cashier token (`access.rotate`): the caller switches to it; every other
 *  holder of the old one is refused from now on. */
export const AccessToken = z.object({ token: z.string().min(1) });
export type AccessToken = z.infer<typeof AccessToken>;

// ---- the contract --------------------------------------------------------------------------

export const channels = {
  'session.login': { input: LoginInput, result: SessionState },
  'session.logout': { input: empty, result: SessionState },
  'session.get': { input: empty, result: SessionState },
  'payments.create': { input: CreatePaymentInput, result: Operation },
  'payments.get': { input: OperationRef, result: Operation },
  'payments.refresh': { input: OperationRef, result: Operation },
  'payments.cancel': { input: OperationRef, result: Operation },
  'operations.list': { input: ListOperationsInput, result: OperationPage },
  'operations.summary': { input: SummaryInput, result: DaySummary },
  'settings.get': { input: empty, result: Settings },
  'settings.update': { input: SettingsPatch, result: Settings },
  /** "Écran client": how to pair a remote display; null where the host has none (Electron). */
  'display.pairing': { input: empty, result: DisplayPairing.nullable() },
  /** The till requests waiting for an answer, and what the till was not told. */
  'till.waiting': { input: empty, result: TillState },
  /** The cashier's choice on a partial payment: ask the rest in Chèque-Vacances, or not. */
  'till.choose': { input: TillChoiceInput, result: TillState },
  /** "C'est fait": the cashier dealt with what the till was not told. */
  'till.acknowledge': { input: ExchangeRef, result: TillState },
  /** The day's till exchanges whose outcome the till does not know (Paris day, default today). */
  'till.report': { input: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(), result: TillReport },
  /** "Reste encaissé autrement": records how the remainder of a partial payment was collected. */
  'payments.collectRemainder': { input: CollectRemainderInput, result: Operation },
  /** The platform link state (connected, polling, unreachable, logged out). */
  'platform.status': { input: empty, result: PlatformLink },
  /** « Clôture de journée » of a day or a period. */
  'report.day': { input: ReportInput, result: DayReport },
  /** The day's log against the platform's list: the differences. */
  'report.check': { input: CheckInput, result: DayCheck },
  /** The whole convention's requests of a day from the platform, other tills' marked. */
  'operations.convention': { input: ConventionListInput, result: ConventionPage },
  'receipt.get': { input: OperationRef, result: Receipt },
  /** Prints the receipt on the network printer of the settings (ESC/POS). */
  'receipt.print': { input: OperationRef, result: ReceiptPrinted },
  /** This companion: its version, platform mode, log folder, and the demo credentials in demo mode. */
  'app.about': { input: empty, result: AppAbout },
  /** « Révoquer l'écran client »: a new display token and pairing code (null where the host has none). */
  'display.revoke': { input: empty, result: DisplayPairing.nullable() },
  /** « Nouveau jeton »: a new cashier token for the local API (null where the host has none). */
  'access.rotate': { input: empty, result: AccessToken.nullable() },
  /** « Tester la connexion » of a platform before choosing it (nothing saved, nothing changed). */
  'platform.test': { input: PlatformTestInput, result: PlatformTestResult },
} as const;


export const events = {
  'payment.updated': Operation,
  'session.changed': SessionState,
  'display.changed': DisplayState,
  'till.notice': TillNotice,
  'till.changed': TillState,
  'platform.changed': PlatformLink,
  /** The settings after any change (settings.update): hosts, Caisse-AP and screens follow it. */
  'settings.changed': Settings,
} as const;

/** The customer display may read its state and nothing else. */
export const displayChannels = {
  'display.get': { input: empty, result: DisplayState },
} as const;
export const displayEvents = ['display.changed'] as const satisfies readonly EventName[];

export type Channel = keyof typeof channels;
export type DisplayChannel = keyof typeof displayChannels;
export type EventName = keyof typeof events;
export type ChannelInput<C extends Channel> = z.input<(typeof channels)[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<(typeof channels)[C]['input']>;
export type ChannelResult<C extends Channel> = z.output<(typeof channels)[C]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const CHANNELS = Object.keys(channels) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(channels, name);
}
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** What a host calls for each channel: input already parsed, result or a ContractError. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<Result<ChannelResult<C>>> };

// ---- the page-side API, generated from the contract ----------------------------------------

type GroupOf<C extends string> = C extends `${infer G}.${string}` ? G : never;
type MethodOf<C extends string, G extends string> = C extends `${G}.${infer M}` ? M : never;
export type ChannelGroup = GroupOf<Channel>;

/** `window.companion`: `companion.payments.create({...})`, `companion.on('payment.updated', fn)`. */
export type CompanionApi = {
  [G in ChannelGroup]: {
    [M in MethodOf<Channel, G>]: `${G}.${M}` extends infer C extends Channel
      ? (input: ChannelInput<C>) => Promise<Result<ChannelResult<C>>>
      : never;
  };
} & {
  /** Subscribes to a contract event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/**
 * Builds the nested `companion` object from a transport (Electron IPC or HTTP). The transport
 * receives only names that exist in the contract.
 */
export function buildCompanionApi(transport: {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}): CompanionApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of CHANNELS) {
    const [group, method] = channel.split('.') as [string, string];
    api[group] ??= {};
    api[group][method] = (input: unknown) => transport.invoke(channel, input ?? {});
  }
  const on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    return transport.subscribe(event, listener);
  };
  return Object.freeze({ ...api, on }) as unknown as CompanionApi;
}

/** What a schema issue means for the person who typed the field. */
function inputIssue(issue: z.core.$ZodIssue): InputIssue {
  switch (issue.code) {
    case 'invalid_type':
      // The schema words a missing value "received undefined" (it keeps no input by default).
      return /received undefined$/.test(issue.message) ? 'required' : 'wrong_type';
    case 'too_small':
      return 'too_small';
    case 'too_big':
      return 'too_big';
    case 'invalid_value':
    case 'invalid_union':
    case 'invalid_key':
      return 'not_allowed';
    case 'unrecognized_keys':
      return 'unknown_field';
    default:
      return 'format';
  }
}

/** Turns a zod failure into the contract's `bad_request`, naming every field at fault and what is
 *  wrong with it, so a screen words it per field in its language. */
export function badRequest(error: z.ZodError): ContractError {
  const issues = error.issues.slice(0, 20).map((issue) => {
    const path = issue.path.map(String);
    // An unknown key is named by the issue, not by the path (which is its parent's).
    if (issue.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
    const limit = issue.code === 'too_small' ? issue.minimum : issue.code === 'too_big' ? issue.maximum : undefined;
    return { field: path.join('.'), issue: inputIssue(issue), ...(typeof limit === 'number' ? { limit } : {}) };
  });
  const first = issues[0];
  const field = first?.field || undefined;
  return {
    code: 'bad_request',
    // The integrator's fallback names the field and the schema's own words.
    message: field
      ? `Donnée invalide : ${field} (${error.issues[0]?.message ?? 'format incorrect'}).`
      : `Donnée invalide (${error.issues[0]?.message ?? 'format incorrect'}).`,
    details: {
      ...(field ? { field } : {}),
      ...(first ? { issue: first.issue, ...(first.limit !== undefined ? { limit: first.limit } : {}) } : {}),
      ...(issues.length ? { issues } : {}),
    },
  };
}

/** Validates a channel's raw input: the one gate every host passes inputs through. */
export function parseInput<C extends Channel>(
  channel: C,
  raw: unknown,
): { ok: true; value: ParsedInput<C> } | { ok: false; error: ContractError } {
  const parsed = channels[channel].input.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: badRequest(parsed.error) };
  return { ok: true, value: parsed.data as ParsedInput<C> };
}
