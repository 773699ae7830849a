// The companion's one contract (STYLE.md §2). Each channel maps to the zod schema of its input
// and the schema of its result; events map to the schema of their payload. The Electron host
// registers ipcMain handlers by looping over `channels`, the preloads and the browser bridge
// build `window.companion` from it, the headless host serves it over HTTP. A channel name is
// written here and nowhere else. This module imports neither Electron, Node nor the DOM.
import { z } from 'zod';
import { MAX_AMOUNT_CENTS } from './money';
import {
  BASKET_NUMBER_PATTERN,
  CONVENTION_NUMBER_PATTERN,
  CUSTOMER_REFERENCE_MAX,
  LABEL_MAX,
  SELLER_ID_MAX,
} from './platform-api';

// ---- building blocks -----------------------------------------------------------------------

const isoTimestamp = z.iso.datetime({ offset: true });
const cents = z.number().int().nonnegative();
const empty = z.object({}).strict();

/** Optional free text: trimmed, no control characters; an empty field counts as absent. */
function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'control characters are not allowed')
    .optional()
    .transform((value) => (value === '' ? undefined : value));
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

export const ERROR_CODES = [
  'bad_request', // the input failed its schema
  'validation_error', // the platform refused a field
  'not_logged_in',
  'invalid_credentials',
  'account_locked',
  'token_expired',
  'network_unreachable',
  'timeout',
  'basket_in_progress',
  'not_pending',
  'not_found',
  'idempotency_conflict',
  'platform_error',
  'unauthorized', // local API: missing or wrong bearer token
  'forbidden', // local API: a display-only token on a cashier channel
  'busy',
  'internal_error',
  'printer_not_configured', // receipt.print without a network printer in the settings
  'printer_unreachable', // the receipt printer did not take the receipt
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ContractError = z.object({
  code: ErrorCode,
  /** A sentence for the cashier, in French. */
  message: z.string(),
  details: z
    .object({
      field: z.string().optional(),
      attemptsLeft: z.number().int().nonnegative().optional(),
      unlockUrl: z.string().optional(),
      platformCode: z.string().optional(),
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
      return 409;
    case 'account_locked':
      return 423;
    case 'platform_error':
    case 'network_unreachable':
      return 502;
    case 'timeout':
      return 504;
    case 'internal_error':
      return 500;
    case 'printer_not_configured':
      return 409;
    case 'printer_unreachable':
      return 502;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

// ---- values --------------------------------------------------------------------------------

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
});
export type Operation = z.infer<typeof Operation>;

export const SessionState = z.object({
  status: z.enum(['logged_out', 'logged_in', 'expired']),
  merchant: z.object({ conventionNumber: z.string(), name: z.string() }).nullable(),
  expiresAt: isoTimestamp.nullable(),
  platform: z.object({ mode: z.enum(['sandbox', 'platform']), url: z.string() }),
  /** Demo credentials, only when the embedded sandbox is the platform. */
  demo: z.object({ conventionNumber: z.string(), password: z.string() }).nullable(),
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

/** `HOST:PORT` of a network receipt printer (ESC/POS over raw TCP, usually port 9100). */
export const PRINTER_ADDRESS_PATTERN = /^[A-Za-z0-9.-]{1,253}:\d{1,5}$/;

export const Settings = z.object({
  language: Language,
  /** This till's name in the operation log ("which till created it"). */
  tillId: z.string().trim().regex(/^[\p{L}\p{N} _.-]{1,20}$/u),
  /** null: the embedded sandbox platform (demo mode). Takes effect at the next start. */
  platformUrl: PlatformUrl.nullable(),
  customerDisplay: z.object({
    /** Electron: open the customer window on a second monitor when there is one. */
    enabled: z.boolean(),
    /** Electron `Display.id` to use instead of the first non-primary display. */
    displayId: z.number().int().nullable(),
    /** Seconds a final status stays on the customer display before it goes back to idle. */
    finalStatusSeconds: z.number().int().min(1).max(120),
  }),
  caisseAp: z.object({
    enabled: z.boolean(),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** Till addresses allowed to connect; empty: any (the listener is on loopback by default). */
    allowList: z.array(z.string().min(1)).max(50),
  }),
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
  platformUrl: null,
  customerDisplay: { enabled: true, displayId: null, finalStatusSeconds: 6 },
  caisseAp: { enabled: false, host: '127.0.0.1', port: 8888, allowList: [] },
  receipt: { autoPrint: false, printer: null },
};

export const SettingsPatch = z
  .object({
    language: Settings.shape.language,
    tillId: Settings.shape.tillId,
    platformUrl: Settings.shape.platformUrl,
    customerDisplay: Settings.shape.customerDisplay.partial().strict(),
    caisseAp: Settings.shape.caisseAp.partial().strict(),
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

/** How a remainder was collected at the counter: Espèces, Carte bancaire, Chèque,
 *  Chèque-Vacances papier, Autre. */
export const REMAINDER_MEANS = ['cash', 'card', 'cheque', 'paper_cheque_vacances', 'other'] as const;
export const RemainderMeans = z.enum(REMAINDER_MEANS);
export type RemainderMeans = z.infer<typeof RemainderMeans>;

/** The longest period a report or an export covers: ten years of trading. */
export const MAX_REPORT_DAYS = 3_660;
const PARIS_DAY = /^\d{4}-\d{2}-\d{2}$/;
const parisDayText = z
  .string()
  .regex(PARIS_DAY, 'a day written YYYY-MM-DD')
  .refine((day) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  }, 'not a calendar day');
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

export const LoginInput = z
  .object({
    conventionNumber: z.string().regex(CONVENTION_NUMBER_PATTERN, 'the convention number is 12 digits'),
    password: z.string().min(1).max(200),
  })
  .strict();

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
    query: z.string().trim().max(50).optional(),
    from: isoTimestamp.optional(),
    to: isoTimestamp.optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type ListOperationsInput = z.input<typeof ListOperationsInput>;

export const OperationPage = z.object({ items: z.array(Operation), nextCursor: z.string().nullable() });
export type OperationPage = z.infer<typeof OperationPage>;

export const SummaryInput = z
  .object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() })
  .strict();

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
  /** « Clôture de journée » of a day or a period. */
  'report.day': { input: ReportInput, result: DayReport },
  /** The day's log against the platform's list: the differences. */
  'report.check': { input: CheckInput, result: DayCheck },
  /** The whole convention's requests of a day from the platform, other tills' marked. */
  'operations.convention': { input: ConventionListInput, result: ConventionPage },
  'receipt.get': { input: OperationRef, result: Receipt },
  /** Prints the receipt on the network printer of the settings (ESC/POS). */
  'receipt.print': { input: OperationRef, result: ReceiptPrinted },
} as const;

/** Something the cashier must see about a till's Caisse-AP request (a partial amount told to
 *  the till, a platform refusal, a generated basket number, a busy refusal…). `code` names the
 *  case (`caisse_ap.*`, listed in electron/caisse-ap/notices.ts); `message` is the French sentence. */
export const TillNotice = z.object({
  operationId: z.string().nullable(),
  level: z.enum(['info', 'warning', 'error']),
  code: z.string().min(1).max(64),
  message: z.string(),
  at: isoTimestamp,
});
export type TillNotice = z.infer<typeof TillNotice>;

export const events = {
  'payment.updated': Operation,
  'session.changed': SessionState,
  'display.changed': DisplayState,
  'till.notice': TillNotice,
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

/** Turns a zod failure into the contract's `bad_request`, naming the first field at fault. */
export function badRequest(error: z.ZodError): ContractError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  return {
    code: 'bad_request',
    message: field
      ? `Donnée invalide : ${field} (${issue?.message ?? 'format incorrect'}).`
      : `Donnée invalide (${issue?.message ?? 'format incorrect'}).`,
    ...(field ? { details: { field } } : {}),
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
