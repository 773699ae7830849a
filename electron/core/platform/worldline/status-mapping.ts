// What Worldline calls each state of a payment link, and what the companion calls it.
//
// A payment link is ACTIVE (can be paid), PAID, CANCELLED (by the merchant) or EXPIRED (its
// expirationDate passed) — the values Worldline's own sample client types for
// PaymentLinkResponse.status. Once PAID, the link names the payment it made (`paymentId`); that
// payment's `status` (Direct's status guide) says whether the money is taken, and
// `paymentOutput.acquiredAmount` how much (the SDK's typings: `amountPaid` is "deprecated. Use
// acquiredAmount instead"), below the amount asked when the customer lowered it in the ANCV app
// (`adjustableAmount`).
//
// | link      | payment.status                                   | companion                                  |
// |-----------|--------------------------------------------------|--------------------------------------------|
// | ACTIVE    | —                                                | pending                                    |
// | PAID      | CAPTURED                                         | validated, amountReceived = acquiredAmount |
// | PAID      | CREATED, REDIRECTED, PENDING_PAYMENT, PENDING_COMPLETION, PENDING_CAPTURE,            |
// |           | AUTHORIZATION_REQUESTED, CAPTURE_REQUESTED       | pending: not final yet (a capture requested |
// |           |                                                  | is a "waiting/uncertain" status that can    |
// |           |                                                  | still end refused)                          |
// | CANCELLED | —                                                | cancelled                                  |
// | EXPIRED   | —                                                | expired                                    |
// | any other status, a paid link whose payment was rejected, or a taken amount that is missing or
// | above the amount asked: an error — the operation stays as it was, the next poll asks again,
// | nothing is guessed.
import type { PaymentRequestStatus, PlatformPaymentRequest } from '../gateway';
import { PlatformError } from '../platform-error';
import type { PaymentLinkResponse, PaymentResponse } from './wire';

const LINK_STATUSES = ['ACTIVE', 'PAID', 'CANCELLED', 'EXPIRED'] as const;
type LinkStatus = (typeof LINK_STATUSES)[number];

/** The payment status after which the money is taken. */
const TAKEN = new Set(['CAPTURED']);
/** Payment statuses on the way there (or not: still waiting for an outcome). */
const ON_THE_WAY = new Set([
  'CREATED',
  'REDIRECTED',
  'PENDING_PAYMENT',
  'PENDING_COMPLETION',
  'PENDING_CAPTURE',
  'AUTHORIZATION_REQUESTED',
  'CAPTURE_REQUESTED',
]);

function isLinkStatus(value: string): value is LinkStatus {
  return (LINK_STATUSES as readonly string[]).includes(value);
}

function unreadable(message: string): PlatformError {
  return new PlatformError('platform_error', `Worldline: ${message}`, { status: 200 });
}

/** The state of one link (and of its payment, once paid) in the companion's words. */
export function toPaymentRequest(
  link: PaymentLinkResponse,
  payment: PaymentResponse | null,
  known: { amountRequested?: number; basketNumber?: string },
): PlatformPaymentRequest {
  if (!isLinkStatus(link.status)) throw unreadable(`unknown payment link status ${link.status}`);
  const amountRequested = link.paymentLinkOrder?.amount.amount ?? known.amountRequested;
  if (amountRequested === undefined) throw unreadable('payment link without its amount');
  const basketNumber = link.paymentLinkOrder?.merchantReference ?? known.basketNumber;
  if (basketNumber === undefined) throw unreadable('payment link without its merchant reference');

  let status: PaymentRequestStatus;
  let amountReceived = 0;
  switch (link.status) {
    case 'ACTIVE':
      status = 'pending';
      break;
    case 'CANCELLED':
      status = 'cancelled';
      break;
    case 'EXPIRED':
      status = 'expired';
      break;
    case 'PAID': {
      if (!payment) throw unreadable('paid link without its payment');
      if (ON_THE_WAY.has(payment.status)) {
        status = 'pending';
        break;
      }
      if (!TAKEN.has(payment.status)) throw unreadable(`paid link whose payment is ${payment.status}`);
      const taken = payment.paymentOutput?.acquiredAmount;
      if (!taken) throw unreadable('paid link whose payment does not say what was taken');
      if (taken.currencyCode !== 'EUR' || taken.amount <= 0 || taken.amount > amountRequested) {
        throw unreadable(`paid link with an unexpected amount taken (${taken.amount} ${taken.currencyCode})`);
      }
      status = 'validated';
      amountReceived = taken.amount;
      break;
    }
    default: {
      const unreachable: never = link.status;
      throw unreadable(`unknown payment link status ${String(unreachable)}`);
    }
  }

  const events = (link.paymentLinkEvents ?? []).filter((e) => e.dateTime && !Number.isNaN(Date.parse(e.dateTime)));
  const created = events.find((e) => e.type === 'CREATED')?.dateTime;
  const latest = events.map((e) => Date.parse(e.dateTime!)).sort((a, b) => b - a)[0];
  const expires = link.expirationDate && !Number.isNaN(Date.parse(link.expirationDate)) ? link.expirationDate : null;
  return {
    ref: link.paymentLinkId,
    status,
    amountRequested,
    amountReceived,
    basketNumber,
    label: null,
    customerReference: null,
    sellerId: null,
    qrPayload: link.redirectionUrl,
    createdAt: created ? new Date(created).toISOString() : null,
    updatedAt: new Date(latest ?? Date.now()).toISOString(),
    expiresAt: expires ? new Date(expires).toISOString() : null,
    // Direct does not echo idempotence keys; a lost create is found by replaying it instead.
    idempotencyKey: null,
    platformState: {
      status: payment ? `${link.status} / ${payment.status}` : link.status,
      detail: {
        paymentLinkId: link.paymentLinkId,
        paymentId: payment?.id ?? link.paymentId ?? null,
        statusCategory: payment?.statusOutput?.statusCategory ?? null,
        statusCode: payment?.statusOutput?.statusCode ?? null,
      },
    },
  };
}
