// The local API described for a till integrator: OpenAPI 3.1, generated from the contract's zod
// schemas (zod's own JSON Schema output, draft 2020-12, which OpenAPI 3.1 speaks), so it cannot
// say something the host does not do. Served at `GET /api/openapi.json` (no token) and written to
// docs/openapi.json by `npm run openapi`; a test checks the two are the same.
import { z } from 'zod';
import {
  AccessToken,
  AppAbout,
  CHANNELS,
  channelRoute,
  channels,
  ContractError,
  ConventionPage,
  DayCheck,
  DayReport,
  DaySummary,
  displayChannels,
  displayEvents,
  DisplayPairInput,
  DisplayPairing,
  DisplayPairResult,
  DisplayState,
  ERROR_CODES,
  EVENT_NAMES,
  events,
  httpStatusFor,
  LOCAL_API_ROUTES,
  Operation,
  OperationPage,
  PlatformLink,
  Receipt,
  ReceiptPrinted,
  SessionState,
  Settings,
  TillNotice,
  TillReport,
  TillState,
  type Channel,
  type ErrorCode,
  type EventName,
} from '../common/contract';
import { APP_VERSION } from '../core/app-version';

type JsonObject = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** `payments.collectRemainder` → `PaymentsCollectRemainder`. */
function pascal(channel: string): string {
  return channel
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** What the host answers besides the error codes' own statuses: a body too large, a body that is
 *  not JSON, a Host that is not the listener's own (DNS rebinding), a stream cap reached. */
const TRANSPORT_STATUSES: Record<number, string> = {
  400: 'the body is not JSON',
  413: 'the body is over 16 KiB (`bad_request`)',
  415: 'the body is not `application/json` (`bad_request`)',
  421: 'the `Host` header is not this listener’s own address (`forbidden`)',
};

/** Each HTTP status with the error codes that answer it. */
function statusesWithCodes(): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of ERROR_CODES) {
    const status = httpStatusFor(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

/** The JSON Schemas of the registered zod schemas, as OpenAPI components (no `$schema`/`$id`). */
function schemasOf(registry: z.core.$ZodRegistry<{ id: string }>, io: 'input' | 'output'): Record<string, JsonObject> {
  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
    // `format: date-time` says it; zod's 400-character pattern for it would be repeated 50 times.
    // Integers are JavaScript's safe ones anyway: no bound is worth printing there.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    },
  }) as { schemas: Record<string, JsonObject> };
  const out: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema;
    out[id] = rest;
  }
  return out;
}

/** Registers each schema under its name, then every channel's that has none under one made from
 *  the channel (`PaymentsCreateInput`); returns the name each channel's schema ended up with. */
function register(
  named: Array<[z.ZodType, string]>,
  pick: (channel: Channel) => z.ZodType,
  suffix: 'Input' | 'Result',
): { registry: z.core.$ZodRegistry<{ id: string }>; names: Record<Channel, string> } {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of named) registry.add(schema, { id });
  const names = {} as Record<Channel, string>;
  for (const channel of CHANNELS) {
    const schema = pick(channel);
    if (!registry.has(schema)) registry.add(schema, { id: `${pascal(channel)}${suffix}` });
    names[channel] = registry.get(schema)!.id;
  }
  return { registry, names };
}

/** The day filters take a transform (instant or Paris day); JSON Schema sees only the string. */
const FIELD_NOTES: Record<string, Record<string, string>> = {
  OperationsListInput: {
    from: 'Created at or after: an ISO-8601 instant with any offset (compared in UTC), or a Paris day `YYYY-MM-DD` (from its first instant).',
    to: 'Created before: an ISO-8601 instant with any offset, or a Paris day `YYYY-MM-DD` (up to its end: the day is included).',
  },
};

function annotate(schemas: Record<string, JsonObject>): void {
  for (const [name, notes] of Object.entries(FIELD_NOTES)) {
    const properties = schemas[name]?.properties as Record<string, JsonObject> | undefined;
    for (const [field, description] of Object.entries(notes)) if (properties?.[field]) properties[field]!.description = description;
  }
}

const CHANNEL_SUMMARIES: Partial<Record<Channel, string>> = {
  'session.login': 'Log in with the convention number and password (never retried: the 3rd wrong password locks the account).',
  'payments.create': 'Create a payment request (amount in integer cents); optional `Idempotency-Key`.',
  'operations.list': 'The operation log, newest first, with filters and a cursor.',
  'app.about': 'The companion’s version, platform mode, log folder, and the demo credentials in demo mode.',
  'display.revoke': '« Révoquer l’écran client »: a new display token and pairing code; paired displays drop.',
  'access.rotate': '« Nouveau jeton »: a new cashier token; the caller switches to it, every other holder is refused.',
};

function errorResponses(statuses: Map<number, ErrorCode[]>): Record<string, JsonObject> {
  const responses: Record<string, JsonObject> = {};
  for (const status of new Set([...statuses.keys(), ...Object.keys(TRANSPORT_STATUSES).map(Number)])) {
    const codes = statuses.get(status) ?? [];
    const transport = TRANSPORT_STATUSES[status];
    responses[`Error${status}`] = {
      description: [codes.length ? `Error codes: ${codes.map((code) => `\`${code}\``).join(', ')}.` : '', transport ? `Also when ${transport}.` : '']
        .filter(Boolean)
        .join(' '),
      content: { 'application/json': { schema: ref('ErrorEnvelope') } },
    };
  }
  return responses;
}

function eventSchema(names: readonly EventName[], payloadNames: Record<EventName, string>, description: string): JsonObject {
  return {
    description,
    oneOf: names.map((name) => ({
      type: 'object',
      properties: { event: { const: name }, data: ref(payloadNames[name]) },
      required: ['event', 'data'],
    })),
  };
}

export function buildOpenApi(): JsonObject {
  const outputNames: Array<[z.ZodType, string]> = [
    [ContractError, 'ContractError'],
    [Operation, 'Operation'],
    [OperationPage, 'OperationPage'],
    [SessionState, 'SessionState'],
    [Settings, 'Settings'],
    [DaySummary, 'DaySummary'],
    [DisplayState, 'DisplayState'],
    [DisplayPairing, 'DisplayPairing'],
    [DisplayPairResult, 'DisplayPairResult'],
    [TillState, 'TillState'],
    [TillNotice, 'TillNotice'],
    [TillReport, 'TillReport'],
    [PlatformLink, 'PlatformLink'],
    [DayReport, 'DayReport'],
    [DayCheck, 'DayCheck'],
    [ConventionPage, 'ConventionPage'],
    [Receipt, 'Receipt'],
    [ReceiptPrinted, 'ReceiptPrinted'],
    [AppAbout, 'AppAbout'],
    [AccessToken, 'AccessToken'],
  ];
  const outputs = register(outputNames, (channel) => channels[channel].result, 'Result');
  const inputs = register(
    [
      [channels['session.get'].input, 'EmptyInput'],
      [channels['payments.get'].input, 'OperationRef'],
      [channels['till.acknowledge'].input, 'ExchangeRef'],
      [DisplayPairInput, 'DisplayPairInput'],
    ],
    (channel) => channels[channel].input,
    'Input',
  );
  const payloadNames = Object.fromEntries(EVENT_NAMES.map((name) => [name, outputs.registry.get(events[name])!.id])) as Record<EventName, string>;
  const schemas: Record<string, JsonObject> = { ...schemasOf(inputs.registry, 'input'), ...schemasOf(outputs.registry, 'output') };
  annotate(schemas);

  const statuses = statusesWithCodes();
  const errorRefs = (extra: number[] = []) =>
    Object.fromEntries(
      [...new Set([...statuses.keys(), ...Object.keys(TRANSPORT_STATUSES).map(Number), ...extra])]
        .sort((a, b) => a - b)
        .map((status) => [String(status), { $ref: `#/components/responses/Error${status}` }]),
    );
  const success = (schema: JsonObject) => ({
    type: 'object',
    properties: { ok: { const: true }, value: schema },
    required: ['ok', 'value'],
  });

  const paths: Record<string, JsonObject> = {};
  for (const channel of CHANNELS) {
    paths[channelRoute(channel)] = {
      post: {
        operationId: channel,
        tags: [channel.split('.')[0]],
        summary: CHANNEL_SUMMARIES[channel] ?? channel,
        ...(channel === 'payments.create'
          ? {
              parameters: [
                {
                  name: 'Idempotency-Key',
                  in: 'header',
                  required: false,
                  description:
                    'The same key with the same request answers the same operation, with no second platform request, even after a restart; with another request: `409 idempotency_conflict`. Invalid: `400` with `details.field: "Idempotency-Key"`.',
                  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
                },
              ],
            }
          : {}),
        requestBody: { required: false, content: { 'application/json': { schema: ref(inputs.names[channel]) } } },
        responses: {
          '200': { description: 'The result.', content: { 'application/json': { schema: success(ref(outputs.names[channel])) } } },
          ...errorRefs(),
        },
      },
    };
  }
  for (const channel of Object.keys(displayChannels) as Array<keyof typeof displayChannels>) {
    paths[channelRoute(channel)] = {
      post: {
        operationId: channel,
        tags: ['display'],
        summary: 'The customer display’s state (the display token, or the cashier’s).',
        security: [{ displayToken: [] }, { cashierToken: [] }],
        requestBody: { required: false, content: { 'application/json': { schema: ref('EmptyInput') } } },
        responses: {
          '200': { description: 'What the customer display shows now.', content: { 'application/json': { schema: success(ref('DisplayState')) } } },
          ...errorRefs(),
        },
      },
    };
  }
  paths[LOCAL_API_ROUTES.displayPair] = {
    post: {
      operationId: 'display.pair',
      tags: ['display'],
      summary: 'A display page with no token trades the 6-digit pairing code shown on the cashier screen for the display token.',
      security: [],
      requestBody: { required: true, content: { 'application/json': { schema: ref('DisplayPairInput') } } },
      responses: {
        '200': { description: 'The display token.', content: { 'application/json': { schema: success(ref('DisplayPairResult')) } } },
        '401': { description: 'Wrong code (`unauthorized`, `details.attemptsLeft`).', content: { 'application/json': { schema: ref('ErrorEnvelope') } } },
        '429': {
          description: 'Too many wrong codes (`busy`): wait for `Retry-After` seconds, then type the new code.',
          headers: { 'Retry-After': { schema: { type: 'integer' } } },
          content: { 'application/json': { schema: ref('ErrorEnvelope') } },
        },
        ...errorRefs(),
      },
    },
  };
  const stream = (operationId: string, summary: string, schema: string, security: JsonObject[]) => ({
    get: {
      operationId,
      tags: ['events'],
      summary,
      security,
      responses: {
        '200': {
          description:
            'Server-Sent Events: each event has `event:` its name and `data:` its payload as JSON (the schema describes one event); a comment line every 15 s keeps the connection alive.',
          content: { 'text/event-stream': { schema: ref(schema) } },
        },
        '503': {
          description: 'Too many streams of this kind are open (`busy`): close unused ones and retry after `Retry-After` seconds.',
          headers: { 'Retry-After': { schema: { type: 'integer' } } },
          content: { 'application/json': { schema: ref('ErrorEnvelope') } },
        },
        ...errorRefs(),
      },
    },
  });
  paths[LOCAL_API_ROUTES.events] = stream('events', 'Every contract event, pushed as it happens (32 streams at most).', 'CompanionEvent', [{ cashierToken: [] }]);
  paths[LOCAL_API_ROUTES.displayEvents] = stream(
    'display.events',
    'The customer display’s state, first the current one, then each change (64 streams at most).',
    'DisplayEvent',
    [{ displayToken: [] }, { cashierToken: [] }],
  );
  paths[LOCAL_API_ROUTES.reportCsv] = {
    get: {
      operationId: 'report.csv',
      tags: ['report'],
      summary: 'The accountant’s CSV of a period of Paris days, streamed.',
      parameters: [
        { name: 'from', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, description: 'First Paris day.' },
        { name: 'to', in: 'query', required: false, schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, description: 'Last Paris day (default: `from`).' },
      ],
      responses: {
        '200': {
          description:
            'One line per operation, `;` between fields, UTF-8 with a BOM, CRLF, amounts with a decimal comma, Paris time `dd/mm/yyyy HH:mm`, statuses in French; a cell a spreadsheet would take for a formula starts with `\'`.',
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        ...errorRefs(),
      },
    },
  };
  paths[LOCAL_API_ROUTES.health] = {
    get: {
      operationId: 'health',
      tags: ['meta'],
      summary: 'Whether the companion answers, and its version.',
      security: [],
      responses: {
        '200': {
          description: 'Up.',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { status: { const: 'ok' }, version: { type: 'string' } }, required: ['status', 'version'] },
            },
          },
        },
      },
    },
  };
  paths[LOCAL_API_ROUTES.openApi] = {
    get: {
      operationId: 'openapi',
      tags: ['meta'],
      summary: 'This description.',
      security: [],
      responses: { '200': { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };

  schemas.ErrorEnvelope = {
    description: 'Every refusal: `message` is a French sentence for the cashier, `code` is for your program.',
    type: 'object',
    properties: { ok: { const: false }, error: ref('ContractError') },
    required: ['ok', 'error'],
  };
  schemas.CompanionEvent = eventSchema(EVENT_NAMES, payloadNames, 'One event of `GET /api/events`.');
  schemas.DisplayEvent = eventSchema(displayEvents, payloadNames, 'One event of `GET /api/display/events`.');

  return {
    openapi: '3.1.0',
    info: {
      title: 'Chèque-Vacances Connect — compagnon de caisse: local API',
      version: APP_VERSION,
      description: [
        'The headless companion (`npm run serve`) serves its contract on 127.0.0.1 only. Every channel is `POST /api/<channel>` with its JSON input as body (an empty body is `{}`).',
        'Answers are always `{"ok":true,"value":…}` or `{"ok":false,"error":{"code","message","details"?}}` with the status of the code (below). An input that fails its schema gets `400 bad_request` with `details.field` and changes nothing.',
        'Money is integer cents; instants are ISO-8601 UTC; days are Paris days `YYYY-MM-DD`.',
        'Operations created by a program are recorded `origin: "api"`; by the host’s own cashier page, `cashier`; by a till over Caisse-AP, `caisse-ap`.',
        '',
        'Error codes and statuses:',
        ...[...statuses].map(([status, codes]) => `- ${status}: ${codes.map((code) => `\`${code}\``).join(', ')}`),
      ].join('\n'),
    },
    servers: [{ url: 'http://127.0.0.1:8787', description: 'The default `--port`; the host answers only `Host: 127.0.0.1:PORT` or `localhost:PORT`.' }],
    security: [{ cashierToken: [] }],
    tags: [...new Set(CHANNELS.map((channel) => channel.split('.')[0]!)), 'display', 'events', 'report', 'meta']
      .filter((name, index, all) => all.indexOf(name) === index)
      .map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        cashierToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The cashier token: printed at start, kept in the data folder’s `access-tokens.json` (or `--token`), replaced by `access.rotate`. Every channel.',
        },
        displayToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The customer display’s token: its state and its stream only (`403` elsewhere); replaced by `display.revoke`.',
        },
      },
      responses: errorResponses(statuses),
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

/** The document as written to docs/openapi.json (and compared with it by the tests). */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}
