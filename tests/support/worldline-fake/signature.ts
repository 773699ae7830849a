// Checks Worldline Direct's server API authentication, written from the documentation rather
// than from the SDK (so the SDK's signing is what gets tested): `Authorization: GCS
// v1HMAC:<apiKeyId>:<signature>`, the signature being base64(HMAC-SHA256(secret API key,
//   <method>\n<Content-Type>\n<Date>\n<CanonicalizedHeaders><CanonicalizedResource>\n))
// where the content type counts for POST/PUT/DELETE only, CanonicalizedHeaders are the X-GCS-*
// headers, lower-cased names sorted, `name:value\n` with line breaks in values folded to one
// space, and CanonicalizedResource is the path with its query.
//
// What it cannot check, because the scheme does not sign it: the body. A body changed in transit
// keeps a valid signature (TLS is what protects it on the real platform); the fake's schema
// validation refuses a body that no longer fits the schema, and nothing more is possible.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface ApiKey {
  apiKeyId: string;
  secretApiKey: string;
  merchantId: string;
}

export type SignatureCheck =
  | { ok: true; key: ApiKey }
  | { ok: false; reason: 'missing' | 'malformed' | 'unknown_key' | 'no_date' | 'mismatch' };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

export function stringToSign(method: string, headers: IncomingHttpHeaders, resource: string): string {
  const upper = method.toUpperCase();
  const contentType = upper === 'POST' || upper === 'PUT' || upper === 'DELETE' ? (single(headers['content-type']) ?? '') : '';
  const gcs = Object.keys(headers)
    .filter((name) => name.toLowerCase().startsWith('x-gcs'))
    .sort()
    .map((name) => `${name.toLowerCase()}:${(single(headers[name]) ?? '').replace(/\r?\n[^\S\r\n]*/g, ' ').trim()}\n`)
    .join('');
  return `${upper}\n${contentType}\n${single(headers.date) ?? ''}\n${gcs}${resource}\n`;
}

export function sign(secretApiKey: string, text: string): string {
  return createHmac('sha256', secretApiKey).update(text).digest('base64');
}

export function checkSignature(method: string, headers: IncomingHttpHeaders, resource: string, keys: readonly ApiKey[]): SignatureCheck {
  const authorization = single(headers.authorization);
  if (!authorization) return { ok: false, reason: 'missing' };
  const match = /^GCS v1HMAC:([^:]+):(.+)$/.exec(authorization);
  if (!match) return { ok: false, reason: 'malformed' };
  const key = keys.find((k) => k.apiKeyId === match[1]);
  if (!key) return { ok: false, reason: 'unknown_key' };
  if (!single(headers.date)) return { ok: false, reason: 'no_date' };
  const expected = Buffer.from(sign(key.secretApiKey, stringToSign(method, headers, resource)));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'mismatch' };
  return { ok: true, key };
}
