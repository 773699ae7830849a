// What never reaches a log file or the console: the merchant's password, the platform's session
// token, the local API's and the customer display's tokens, Worldline's API keys, and the part of
// a QR payload that lets anyone pay (the sandbox's `?qr=…`, a payment link's last path segment).
// Three nets, in order:
// - by path: pino's redaction replaces every field named like a secret, at any depth up to 4
//   (`password`, `input.password`, `session.credentials.secretApiKey`…);
// - QR payloads and URLs keep their address (support can see which platform and page) but lose
//   their query values and token-like path segments;
// - in the finished line, as a last net for free text (an error message quoting a URL or a
//   header): `Bearer …`, `?token=…`/`?qr=…` values, and the exact values the host knows are
//   secrets (its own tokens, whatever the SecretStore keeps).

/** Fields that hold a secret wherever they appear. */
export const SECRET_FIELDS = [
  'password',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'sessionToken',
  'cashierToken',
  'displayToken',
  'authorization',
  'cookie',
  'apiKey',
  'apiKeyId',
  'secretApiKey',
  'apiSecret',
  'secret',
  'clientSecret',
  'pairingCode',
] as const;

/** Fields that hold a link: kept, without the part that grants anything. */
export const LINK_FIELDS = ['qrPayload', 'redirectionUrl', 'url', 'href'] as const;

export const CENSORED = '[secret]';

/** How deep a secret field is looked for (`a.b.c.password` is depth 3). */
const MAX_DEPTH = 3;

/** pino `redact.paths`: each field at the top level and under up to MAX_DEPTH objects or arrays. */
export function redactionPaths(): string[] {
  const paths: string[] = [];
  for (const field of [...SECRET_FIELDS, ...LINK_FIELDS]) {
    for (let depth = 0; depth <= MAX_DEPTH; depth += 1) paths.push([...Array<string>(depth).fill('*'), field].join('.'));
  }
  return paths;
}

const LINK_FIELD_SET: ReadonlySet<string> = new Set(LINK_FIELDS);

/** pino `redact.censor`: a link keeps its address, anything else is replaced. */
export function censor(value: unknown, path: string[]): unknown {
  if (value === null || value === undefined) return value;
  const field = path[path.length - 1] ?? '';
  return LINK_FIELD_SET.has(field) ? maskLink(value) : CENSORED;
}

/** A token-like path segment: long, and made of URL-safe token characters only. */
const TOKEN_SEGMENT = /^[A-Za-z0-9_~.-]{16,}$/;

/**
 * `http://127.0.0.1:4010/wallet?qr=AbC…` → `http://127.0.0.1:4010/wallet?qr=[secret]`;
 * `https://pay.example/hostedcheckout/pay/9f2c…` → `https://pay.example/hostedcheckout/pay/[secret]`.
 * Anything that is not a URL is replaced whole.
 */
export function maskLink(value: unknown): string {
  if (typeof value !== 'string') return CENSORED;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return CENSORED;
  }
  if (url.username || url.password) return CENSORED;
  // A page of the app (file://…) names a file, not a payment: nothing in it grants anything.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol}//${url.host}${url.pathname}`;
  const path = url.pathname
    .split('/')
    .map((segment) => (TOKEN_SEGMENT.test(segment) ? CENSORED : segment))
    .join('/');
  const query = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=${CENSORED}`).join('&');
  return `${url.origin}${path}${query ? `?${query}` : ''}`;
}

/** Secrets in free text, by their shape. */
const SHAPES: Array<[RegExp, string]> = [
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${CENSORED}`],
  [/([?&](?:token|qr|access_token|api_key|key|code|signature)=)[^&\s"\\]+/gi, `$1${CENSORED}`],
  [/(GCS\s+v1HMAC:)[^\s"\\]+/gi, `$1${CENSORED}`],
];

/** The last net, on each finished line: shapes, then the exact values the host registered. */
export class SecretScrubber {
  /** JSON-escaped, as they would appear inside a serialized line. */
  private readonly values = new Set<string>();

  /** A value to remove from every line from now on (short ones would mangle ordinary text). */
  hide(secret: string): void {
    if (secret.length < 8) return;
    this.values.add(JSON.stringify(secret).slice(1, -1));
  }

  scrub(line: string): string {
    let out = line;
    for (const [shape, replacement] of SHAPES) out = out.replace(shape, replacement);
    for (const value of this.values) if (out.includes(value)) out = out.split(value).join(CENSORED);
    return out;
  }
}

const SECRET_FIELD_SET: ReadonlySet<string> = new Set(SECRET_FIELDS.map((field) => field.toLowerCase()));

/** The secrets inside a value the SecretStore keeps: the fields named like secrets of a JSON
 *  object (a session's token, API credentials), or the whole value when it is not JSON. */
export function secretStrings(stored: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return [stored];
  }
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (typeof inner === 'string' && SECRET_FIELD_SET.has(key.toLowerCase())) found.push(inner);
      else walk(inner);
    }
  };
  walk(parsed);
  return typeof parsed === 'string' ? [parsed] : found;
}
