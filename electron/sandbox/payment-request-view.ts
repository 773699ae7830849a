// How a stored payment request looks on the wire, and how its QR payload is built and read.
// The payload is a link to the sandbox's wallet page carrying an unguessable token, so a phone
// camera (or a browser) opens the simulated customer app.
import { randomBytes } from 'node:crypto';
import type { PaymentRequest } from '../common/platform-api';
import type { PaymentRequestRow } from './store';

/** 24 random bytes = 192 bits, above the 128 the API reference promises. */
export function newQrToken(): string {
  return randomBytes(24).toString('base64url');
}

export function qrPayloadFor(publicUrl: string, qrToken: string): string {
  return `${publicUrl}/wallet?qr=${qrToken}`;
}

const QR_TOKEN = /^[A-Za-z0-9_-]{22,64}$/;

/** The token inside a QR payload, or null when the text is not one of our wallet links.
 *  Only the token matters: a payload keeps working if the sandbox's public URL changes. */
export function qrTokenFromPayload(payload: string): string | null {
  let url: URL;
  try {
    url = new URL(payload.trim());
  } catch {
    return null;
  }
  const token = url.searchParams.get('qr');
  return token !== null && QR_TOKEN.test(token) ? token : null;
}

/** The merchant's view of a request: with the Idempotency-Key it was created with, so a client
 *  can tell its own request from another one of the same sale. */
export function toPaymentRequest(row: PaymentRequestRow, publicUrl: string): PaymentRequest {
  return {
    id: row.id,
    basketNumber: row.basket_number,
    amountRequested: row.amount_requested_cents,
    amountReceived: row.amount_received_cents,
    currency: 'EUR',
    status: row.status,
    label: row.label,
    customerReference: row.customer_reference,
    sellerId: row.seller_id,
    qrPayload: qrPayloadFor(publicUrl, row.qr_token),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    idempotencyKey: row.idempotency_key,
  };
}
