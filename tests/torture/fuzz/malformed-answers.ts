// Platform answers that are malformed (not JSON, the wrong shape, the wrong types, huge, cut) or
// inconsistent (well-formed, but about another request, or impossible amounts), served by the
// fault proxy in place of the platform's real answer. The companion must treat each as a
// platform failure: a clear error, nothing recorded from it, no crash.
import type { Answer } from '../fault-proxy';

export interface MalformedVariant {
  name: string;
  make(real: Answer): Answer | 'reset';
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function json(status: number, value: unknown): Answer {
  return { status, headers: JSON_HEADERS, body: JSON.stringify(value) };
}

function parsed(real: Answer): Record<string, unknown> {
  try {
    return JSON.parse(typeof real.body === 'string' ? real.body : real.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function text(real: Answer): string {
  return typeof real.body === 'string' ? real.body : real.body.toString('utf8');
}

/** Variants for an answer that carries one payment request (get, create, cancel). `other` is
 *  another request of the same merchant, for the inconsistent ones. */
export function requestVariants(other: () => Record<string, unknown> | null): MalformedVariant[] {
  const withReal = (name: string, change: (request: Record<string, unknown>) => unknown, status = 200): MalformedVariant => ({
    name,
    make: (real) => json(status, change(parsed(real))),
  });
  return [
    { name: 'JSON cut in half', make: (real) => ({ status: 200, headers: JSON_HEADERS, body: text(real).slice(0, Math.floor(text(real).length / 2)) }) },
    { name: 'empty body', make: () => ({ status: 200, headers: JSON_HEADERS, body: '' }) },
    { name: 'null', make: () => json(200, null) },
    { name: 'an array', make: () => json(200, []) },
    { name: 'a string', make: () => json(200, 'ok') },
    { name: 'an empty object', make: () => json(200, {}) },
    withReal('status missing', ({ status: _s, ...rest }) => rest),
    withReal('amountReceived as a string', (r) => ({ ...r, amountReceived: String(r.amountReceived) })),
    withReal('a negative amountReceived', (r) => ({ ...r, amountReceived: -100 })),
    withReal('amountReceived above amountRequested', (r) => ({ ...r, status: 'validated', amountReceived: Number(r.amountRequested) + 1 })),
    withReal('an unknown status', (r) => ({ ...r, status: 'paid' })),
    withReal('a fractional amount', (r) => ({ ...r, status: 'validated', amountReceived: 0.5 })),
    withReal('another currency', (r) => ({ ...r, status: 'validated', amountReceived: r.amountRequested, currency: 'USD' })),
    withReal('createdAt not a date', (r) => ({ ...r, createdAt: 'yesterday' })),
    withReal('an empty id', (r) => ({ ...r, id: '' })),
    withReal('an empty QR payload', (r) => ({ ...r, qrPayload: '' })),
    withReal('the error shape on a 200', () => ({ error: { code: 'not_found', message: 'x' } })),
    withReal('prototype pollution', (r) => JSON.parse(`{"__proto__":{"status":"validated"},${JSON.stringify(r).slice(1)}`)),
    withReal('another request, validated', (r) => {
      const o = other();
      return o ? { ...o, status: 'validated', amountReceived: o.amountRequested } : { ...r, id: `${String(r.id)}-other`, status: 'validated' };
    }),
    withReal('another basket and amount, validated', (r) => ({
      ...r,
      basketNumber: 'NOT-THIS-ONE',
      amountRequested: Number(r.amountRequested) + 1_000,
      amountReceived: Number(r.amountRequested) + 1_000,
      status: 'validated',
    })),
    { name: 'a 2 MB body', make: () => ({ status: 200, headers: JSON_HEADERS, body: `[${'0,'.repeat(1_000_000)}0]` }) },
    { name: '100 000 levels of nesting', make: () => ({ status: 200, headers: JSON_HEADERS, body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }) },
    { name: 'an HTML page from a proxy (502)', make: () => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }) },
    { name: 'garbage with a 500', make: () => ({ status: 500, headers: { 'content-type': 'text/plain' }, body: '\u0000\u00ff\u00fe garbage' }) },
    { name: 'a 429 without a body', make: () => ({ status: 429, headers: {}, body: '' }) },
    { name: 'a 204', make: () => ({ status: 204, headers: {}, body: '' }) },
    { name: 'a redirect to a closed port', make: () => ({ status: 302, headers: { location: 'http://127.0.0.1:9/elsewhere' }, body: '' }) },
    { name: 'invalid UTF-8', make: (real) => ({ status: 200, headers: JSON_HEADERS, body: Buffer.concat([Buffer.from(text(real).slice(0, 20)), Buffer.from([0xc3, 0x28, 0xff])]) }) },
    { name: 'connection reset', make: () => 'reset' },
  ];
}

/** Variants for the list of requests (reconciliation reads it). */
export function listVariants(): MalformedVariant[] {
  return [
    { name: 'list: JSON cut', make: (real) => ({ status: 200, headers: JSON_HEADERS, body: text(real).slice(0, 10) }) },
    { name: 'list: items not an array', make: () => json(200, { items: 'none', nextCursor: null }) },
    { name: 'list: a cursor that never ends', make: (real) => json(200, { ...parsed(real), nextCursor: 'again' }) },
    {
      name: 'list: every request validated for 1 cent more',
      make: (real) => {
        const page = parsed(real) as { items?: Array<Record<string, unknown>> };
        return json(200, {
          ...page,
          items: (page.items ?? []).map((r) => ({ ...r, status: 'validated', amountReceived: Number(r.amountRequested) + 1 })),
        });
      },
    },
    { name: 'list: an HTML page', make: () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html></html>' }) },
  ];
}
