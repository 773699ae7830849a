// Customer-side routes: the sandbox's stand-in for the customer's Chèque-Vacances app. A
// customer scans the QR payload, may pay all or only part of the amount, once. A payment is
// one transaction (wallet debit + request validated + payment row + event), and each of those
// writes is conditional, so two payments of one request can never both succeed.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WalletPaymentResponse, WalletQrLookup, Wallet } from '../common/platform-api';
import type { SandboxContext } from './context';
import { SandboxError, invalidField } from './errors';
import { expireDue } from './expiry';
import { qrTokenFromPayload, toPaymentRequest } from './payment-request-view';
import type { PaymentRequestRow } from './store';
import { parseOrThrow } from './validation';

const POSITIVE_CENTS = 'the amount is a positive integer number of euro cents';

const WalletPayment = z.strictObject({
  qrPayload: z.string({ error: 'the QR payload is required' }).min(1, 'the QR payload is required').max(2000),
  walletId: z.string({ error: 'the wallet id is required' }).min(1, 'the wallet id is required').max(100),
  amount: z.number({ error: POSITIVE_CENTS }).int(POSITIVE_CENTS).positive(POSITIVE_CENTS),
});

const QrQuery = z.strictObject({ payload: z.string({ error: 'the QR payload is required' }).min(1).max(2000) });
const WalletParams = z.object({ walletId: z.string().min(1).max(100) });

function unknownQr(): SandboxError {
  return new SandboxError('unknown_qr', 'this QR code is not a payment request of this platform');
}

function requestOfPayload(ctx: SandboxContext, payload: string): PaymentRequestRow {
  const token = qrTokenFromPayload(payload);
  const row = token === null ? undefined : ctx.store.paymentRequestByQrToken(token);
  if (!row) throw unknownQr();
  return row;
}

function pay(ctx: SandboxContext, raw: unknown): WalletPaymentResponse {
  const body = parseOrThrow(WalletPayment, raw);
  return ctx.write((scope) => {
    expireDue(ctx, scope);
    const row = requestOfPayload(ctx, body.qrPayload);
    const wallet = ctx.store.wallet(body.walletId);
    if (!wallet) throw new SandboxError('unknown_wallet', `no wallet ${body.walletId}`);
    if (row.status !== 'pending') throw new SandboxError('not_pending', `the payment request is ${row.status}, not pending`);
    if (body.amount > row.amount_requested_cents) {
      throw invalidField('amount', `the amount must not exceed the amount requested (${row.amount_requested_cents} cents)`);
    }
    if (!ctx.store.debitWallet(wallet.wallet_id, body.amount)) {
      throw new SandboxError('insufficient_balance', 'the wallet balance is too low for this amount');
    }
    if (!ctx.store.finishPending(row.id, 'validated', body.amount, scope.now)) {
      throw new SandboxError('not_pending', 'the payment request is no longer pending');
    }
    const paymentId = randomUUID();
    ctx.store.insertPayment(paymentId, row.id, wallet.wallet_id, body.amount, scope.now);
    const validated: PaymentRequestRow = {
      ...row,
      status: 'validated',
      amount_received_cents: body.amount,
      updated_at: scope.now,
    };
    scope.emit(validated);
    return {
      paymentId,
      walletId: wallet.wallet_id,
      amount: body.amount,
      balance: wallet.balance_cents - body.amount,
      paymentRequest: toPaymentRequest(validated, ctx.settings.publicUrl()),
    };
  });
}

function lookUp(ctx: SandboxContext, rawQuery: unknown): WalletQrLookup {
  const { payload } = parseOrThrow(QrQuery, rawQuery ?? {}, 'query');
  const row = ctx.write((scope) => {
    expireDue(ctx, scope);
    return requestOfPayload(ctx, payload);
  });
  const merchant = ctx.store.merchant(row.convention_number);
  return {
    merchant: { name: merchant?.name ?? '' },
    paymentRequest: {
      basketNumber: row.basket_number,
      amountRequested: row.amount_requested_cents,
      status: row.status,
      expiresAt: row.expires_at,
      label: row.label,
    },
  };
}

export function registerWalletRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/v1/wallet/payments', async (request, reply) => reply.code(201).send(pay(ctx, request.body)));

  app.get('/v1/wallet/qr', async (request) => lookUp(ctx, request.query));

  app.get('/v1/wallet/wallets/:walletId', async (request): Promise<Wallet> => {
    const { walletId } = parseOrThrow(WalletParams, request.params, 'path');
    const wallet = ctx.store.wallet(walletId);
    if (!wallet) throw new SandboxError('unknown_wallet', `no wallet ${walletId}`);
    return { walletId: wallet.wallet_id, balance: wallet.balance_cents };
  });
}
