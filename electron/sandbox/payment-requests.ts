// Merchant routes for payment requests: create (idempotent), read, cancel, list. Immediate
// payment only: there is no deferred-payment option. Only one request per basket may be
// pending at a time.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  BASKET_NUMBER_PATTERN,
  CUSTOMER_REFERENCE_MAX,
  LABEL_MAX,
  SELLER_ID_MAX,
  type PaymentRequest,
} from '../common/platform-api';
import { merchantOf } from './auth';
import type { SandboxContext } from './context';
import { SandboxError, invalidField } from './errors';
import { expireDue } from './expiry';
import { listPaymentRequests } from './payment-request-list';
import { newQrToken, toPaymentRequest } from './payment-request-view';
import type { MerchantRow, PaymentRequestRow } from './store';
import { parseOrThrow } from './validation';

const CENTS_MESSAGE = 'the amount is an integer number of euro cents';

function optionalText(max: number) {
  return z
    .string({ error: `a string of at most ${max} characters` })
    .max(max, `at most ${max} characters`)
    .nullish();
}

const CreatePaymentRequest = z.strictObject({
  amount: z.number({ error: CENTS_MESSAGE }).int(CENTS_MESSAGE),
  basketNumber: z
    .string({ error: 'the basket number is required' })
    .regex(BASKET_NUMBER_PATTERN, 'the basket number is 1 to 20 letters, digits, - or _'),
  label: optionalText(LABEL_MAX),
  customerReference: optionalText(CUSTOMER_REFERENCE_MAX),
  sellerId: optionalText(SELLER_ID_MAX),
});
type CreatePaymentRequest = z.output<typeof CreatePaymentRequest>;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function idempotencyKeyOf(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || !IDEMPOTENCY_KEY.test(key)) {
    throw invalidField('Idempotency-Key', 'the Idempotency-Key header is required: 1 to 200 visible ASCII characters');
  }
  return key;
}

/** What "the same body" means for a retried create: the values, whatever the key order. */
function fingerprint(body: CreatePaymentRequest): string {
  return JSON.stringify([body.amount, body.basketNumber, body.label ?? null, body.customerReference ?? null, body.sellerId ?? null]);
}

function checkAmountLimits(merchant: MerchantRow, amount: number): void {
  if (amount < merchant.min_amount_cents || amount > merchant.max_amount_cents) {
    throw new SandboxError(
      'validation_error',
      `the amount must be between ${merchant.min_amount_cents} and ${merchant.max_amount_cents} cents for this merchant`,
      { field: 'amount', minAmount: merchant.min_amount_cents, maxAmount: merchant.max_amount_cents },
    );
  }
}

function create(
  ctx: SandboxContext,
  merchant: MerchantRow,
  key: string,
  body: CreatePaymentRequest,
): { request: PaymentRequest; created: boolean } {
  const bodyFingerprint = fingerprint(body);
  return ctx.write((scope) => {
    expireDue(ctx, scope);
    // The key is looked up before the basket rule: a retried create gets its own request back
    // instead of `basket_in_progress` about itself.
    const existing = ctx.store.paymentRequestByIdempotencyKey(merchant.convention_number, key);
    if (existing) {
      if (existing.body_fingerprint !== bodyFingerprint) {
        throw new SandboxError(
          'idempotency_conflict',
          'this Idempotency-Key was already used with a different body: use a new key for a new request',
        );
      }
      return { request: toPaymentRequest(existing, ctx.settings.publicUrl()), created: false };
    }
    const pending = ctx.store.pendingForBasket(merchant.convention_number, body.basketNumber);
    if (pending) {
      throw new SandboxError(
        'basket_in_progress',
        `basket ${body.basketNumber} already has a pending payment request (${pending.id})`,
      );
    }
    const expiresAt = new Date(Date.parse(scope.now) + ctx.settings.expirySeconds * 1000).toISOString();
    const row: PaymentRequestRow = {
      id: randomUUID(),
      convention_number: merchant.convention_number,
      basket_number: body.basketNumber,
      amount_requested_cents: body.amount,
      amount_received_cents: 0,
      status: 'pending',
      label: body.label ?? null,
      customer_reference: body.customerReference ?? null,
      seller_id: body.sellerId ?? null,
      qr_token: newQrToken(),
      idempotency_key: key,
      body_fingerprint: bodyFingerprint,
      created_at: scope.now,
      updated_at: scope.now,
      expires_at: expiresAt,
    };
    ctx.store.insertPaymentRequest(row);
    scope.emit(row);
    return { request: toPaymentRequest(row, ctx.settings.publicUrl()), created: true };
  });
}

/** The merchant's own request, after the expiry sweep; another merchant's is "not found". */
function ownRequest(ctx: SandboxContext, merchant: MerchantRow, id: string): PaymentRequestRow {
  const row = ctx.store.paymentRequest(id);
  if (!row || row.convention_number !== merchant.convention_number) {
    throw new SandboxError('not_found', `no payment request ${id}`);
  }
  return row;
}

function cancel(ctx: SandboxContext, merchant: MerchantRow, id: string): PaymentRequest {
  return ctx.write((scope) => {
    expireDue(ctx, scope);
    const row = ownRequest(ctx, merchant, id);
    if (!ctx.store.finishPending(row.id, 'cancelled', 0, scope.now)) {
      throw new SandboxError('not_pending', `the payment request is ${row.status}, not pending`);
    }
    const cancelled: PaymentRequestRow = { ...row, status: 'cancelled', updated_at: scope.now };
    scope.emit(cancelled);
    return toPaymentRequest(cancelled, ctx.settings.publicUrl());
  });
}

const IdParams = z.object({ id: z.string().min(1).max(100) });

export function registerPaymentRequestRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/v1/payment-requests', async (request, reply) => {
    const merchant = merchantOf(request);
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const body = parseOrThrow(CreatePaymentRequest, request.body);
    checkAmountLimits(merchant, body.amount);
    const { request: created, created: isNew } = create(ctx, merchant, key, body);
    const delayMs = ctx.faults.createResponseDelayMs;
    if (isNew && delayMs > 0) await ctx.delay(delayMs);
    return reply.code(isNew ? 201 : 200).send(created);
  });

  app.get('/v1/payment-requests', async (request) =>
    listPaymentRequests(ctx, merchantOf(request), request.query),
  );

  app.get('/v1/payment-requests/:id', async (request) => {
    const merchant = merchantOf(request);
    const { id } = parseOrThrow(IdParams, request.params, 'path');
    const row = ctx.write((scope) => {
      expireDue(ctx, scope);
      return ownRequest(ctx, merchant, id);
    });
    return toPaymentRequest(row, ctx.settings.publicUrl());
  });

  app.post('/v1/payment-requests/:id/cancel', async (request) => {
    const merchant = merchantOf(request);
    const { id } = parseOrThrow(IdParams, request.params, 'path');
    return cancel(ctx, merchant, id);
  });
}
