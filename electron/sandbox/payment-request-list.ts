// `GET /v1/payment-requests`: the merchant's requests, newest first, filtered and paged with an
// opaque keyset cursor on (createdAt, id), so a page never repeats or skips an item when new
// requests arrive between two calls.
import { z } from 'zod';
import { BASKET_NUMBER_PATTERN, PaymentRequestStatus, type PaymentRequestList } from '../common/platform-api';
import type { SandboxContext } from './context';
import { invalidField } from './errors';
import { expireDue } from './expiry';
import { toPaymentRequest } from './payment-request-view';
import type { MerchantRow, PaymentRequestRow } from './store';
import { parseOrThrow } from './validation';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

const isoInstant = z.iso.datetime({ offset: true, error: 'an ISO-8601 timestamp, e.g. 2026-07-14T08:00:00Z' });

const ListQuery = z.strictObject({
  status: z.enum(PaymentRequestStatus.options, { error: 'one of pending, validated, cancelled, expired' }).optional(),
  basketNumber: z.string().regex(BASKET_NUMBER_PATTERN, '1 to 20 letters, digits, - or _').optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `an integer from 1 to ${MAX_PAGE_SIZE}`)
    .transform(Number)
    .pipe(z.number().min(1, `an integer from 1 to ${MAX_PAGE_SIZE}`).max(MAX_PAGE_SIZE, `at most ${MAX_PAGE_SIZE}`))
    .optional(),
  cursor: z.string().max(500).optional(),
});

interface Position {
  createdAt: string;
  id: string;
}

function encodeCursor(row: PaymentRequestRow): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');
}

const CursorContent = z.tuple([z.iso.datetime(), z.string().min(1).max(100)]);

function decodeCursor(cursor: string): Position {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const parsed = CursorContent.safeParse(decoded);
  if (!parsed.success) throw invalidField('cursor', 'unknown cursor: pass back the nextCursor of a previous page');
  return { createdAt: parsed.data[0], id: parsed.data[1] };
}

export function listPaymentRequests(ctx: SandboxContext, merchant: MerchantRow, rawQuery: unknown): PaymentRequestList {
  const query = parseOrThrow(ListQuery, rawQuery ?? {}, 'query');
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const rows = ctx.write((scope) => {
    expireDue(ctx, scope);
    return ctx.store.listPaymentRequests({
      conventionNumber: merchant.convention_number,
      status: query.status ?? null,
      basketNumber: query.basketNumber ?? null,
      // Stored timestamps are all `toISOString()`, so normalised bounds compare as text.
      from: query.from ? new Date(query.from).toISOString() : null,
      to: query.to ? new Date(query.to).toISOString() : null,
      before: query.cursor ? decodeCursor(query.cursor) : null,
      limit: limit + 1,
    });
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toPaymentRequest(row, ctx.settings.publicUrl())),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
