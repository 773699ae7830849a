// `GET /v1/payment-requests`: the merchant's requests, newest first, filtered and paged with an
// opaque keyset cursor on (createdAt, id), so a page never repeats or skips an item when new
// requests arrive between two calls. With `updatedSince`, the requests that changed since an
// instant instead, oldest change first, paged on (updatedAt, id): one call tells a client every
// status change, however many requests it follows (what it reads while the event stream is down).
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
  updatedSince: isoInstant.optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `an integer from 1 to ${MAX_PAGE_SIZE}`)
    .transform(Number)
    .pipe(z.number().min(1, `an integer from 1 to ${MAX_PAGE_SIZE}`).max(MAX_PAGE_SIZE, `at most ${MAX_PAGE_SIZE}`))
    .optional(),
  cursor: z.string().max(500).optional(),
});

/** A keyset position: `[createdAt, id]` newest first, or `['updated', updatedAt, id]` for changes. */
type Position = { order: 'created'; at: string; id: string } | { order: 'updated'; at: string; id: string };

function encodeCursor(row: PaymentRequestRow, order: Position['order']): string {
  const content = order === 'created' ? [row.created_at, row.id] : ['updated', row.updated_at, row.id];
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

const CursorContent = z.union([
  z.tuple([z.iso.datetime(), z.string().min(1).max(100)]).transform(([at, id]): Position => ({ order: 'created', at, id })),
  z.tuple([z.literal('updated'), z.iso.datetime(), z.string().min(1).max(100)]).transform(([, at, id]): Position => ({ order: 'updated', at, id })),
]);

function decodeCursor(cursor: string, order: Position['order']): Position {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const parsed = CursorContent.safeParse(decoded);
  if (!parsed.success || parsed.data.order !== order) {
    throw invalidField('cursor', 'unknown cursor: pass back the nextCursor of a previous page of the same query');
  }
  return parsed.data;
}

/** Stored timestamps are all `toISOString()`, so normalised bounds compare as text. */
const utc = (instant: string | undefined) => (instant ? new Date(instant).toISOString() : null);

export function listPaymentRequests(ctx: SandboxContext, merchant: MerchantRow, rawQuery: unknown): PaymentRequestList {
  const query = parseOrThrow(ListQuery, rawQuery ?? {}, 'query');
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const order: Position['order'] = query.updatedSince ? 'updated' : 'created';
  const position = query.cursor ? decodeCursor(query.cursor, order) : null;
  const common = {
    conventionNumber: merchant.convention_number,
    status: query.status ?? null,
    basketNumber: query.basketNumber ?? null,
    from: utc(query.from),
    to: utc(query.to),
    limit: limit + 1,
  };
  const rows = ctx.write((scope) => {
    expireDue(ctx, scope);
    return query.updatedSince
      ? ctx.store.listChangedPaymentRequests({
          ...common,
          updatedSince: utc(query.updatedSince)!,
          after: position ? { updatedAt: position.at, id: position.id } : null,
        })
      : ctx.store.listPaymentRequests({ ...common, before: position ? { createdAt: position.at, id: position.id } : null });
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toPaymentRequest(row, ctx.settings.publicUrl())),
    nextCursor: rows.length > limit && last ? encodeCursor(last, order) : null,
  };
}
